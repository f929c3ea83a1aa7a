"""Who may read and change the timetable and lessons, role by role, and from which host.

Missing and forbidden both answer 404; a lesson the caller may read but not
change answers 403. The timetable is changed and lessons are moved or
cancelled by the administration; topics are set by the lesson's teachers.
"""

from __future__ import annotations

from datetime import time

import pytest

from accounts.models import ApiToken, Role
from tenants.context import in_region
from tests import factories
from tests.api import Api
from tests.schedule.world import MONDAY, SUNDAY, add_entry, generate, lessons, schedule_world
from tests.world import World

pytestmark = pytest.mark.django_db

OPERATIONS = (
    "read lesson",
    "list lessons",
    "set topic",
    "move lesson",
    "read timetable",
    "add entry",
    "change entry",
    "generate",
    "cancel lesson",
    "remove entry",
)
# Status codes in the order of OPERATIONS; "list lessons" gives how many of the 5А lesson it shows.
EXPECTED = {
    "regionadmin": (200, 1, 200, 200, 200, 201, 200, 200, 200, 204),
    "director": (200, 1, 200, 200, 200, 201, 200, 200, 200, 204),
    "otherdirector": (404, 0, 404, 404, 404, 404, 404, 404, 404, 404),
    "ivanova": (200, 1, 200, 403, 200, 404, 404, 404, 403, 404),  # teaches maths in 5А
    "petrova": (404, 0, 404, 404, 404, 404, 404, 404, 404, 404),  # teaches maths in 5Б only
    "sidorov": (200, 1, 403, 403, 200, 404, 404, 404, 403, 404),  # pupil of 5А
    "sidorova": (200, 1, 403, 403, 200, 404, 404, 404, 403, 404),  # sidorov's parent
    "popov": (404, 0, 404, 404, 404, 404, 404, 404, 404, 404),  # pupil of 5Б
}


@pytest.fixture
def world() -> World:
    world = schedule_world()
    add_entry(world, 1, 1, time(8, 30))
    generate(world, MONDAY, SUNDAY)
    return world


@pytest.mark.parametrize("who", list(EXPECTED))
def test_each_role_reaches_what_the_rules_allow(client, world: World, who: str) -> None:
    api = Api(client, world)
    lesson = lessons(world)[0]
    group = world.group("5А").pk
    with in_region(world.region):
        entry = lesson.timetable_entry_id
    new_entry = {
        "weekday": 2,
        "number": 1,
        "starts_at": "08:30",
        "ends_at": "09:15",
        "subject": world.subject("Математика").pk,
        "teacher": world.teacher("ivanova").pk,
    }
    week = {"starts_on": "2026-11-30", "ends_on": "2026-12-06"}

    listed = api(who, "get", "/api/v1/lessons/")
    results = listed.json()["results"] if listed.status_code == 200 else []
    statuses = (
        api(who, "get", f"/api/v1/lessons/{lesson.pk}/").status_code,
        sum(1 for item in results if item["id"] == lesson.pk),
        api(who, "patch", f"/api/v1/lessons/{lesson.pk}/", {"topic": "Дроби"}).status_code,
        api(who, "patch", f"/api/v1/lessons/{lesson.pk}/", {"room": "7"}).status_code,
        api(who, "get", f"/api/v1/class-groups/{group}/timetable/").status_code,
        api(who, "post", f"/api/v1/class-groups/{group}/timetable/", new_entry).status_code,
        api(
            who, "patch", f"/api/v1/timetable-entries/{entry}/", {"room": "8", "effective_from": "2026-11-30"}
        ).status_code,
        api(who, "post", f"/api/v1/class-groups/{group}/timetable/generate/", week).status_code,
        api(who, "post", f"/api/v1/lessons/{lesson.pk}/cancel/", {"reason": "Карантин"}).status_code,
        api(who, "delete", f"/api/v1/timetable-entries/{entry}/?effective_from=2026-12-07").status_code,
    )

    assert listed.status_code == 200
    assert dict(zip(OPERATIONS, statuses, strict=True)) == dict(zip(OPERATIONS, EXPECTED[who], strict=True))


def test_a_refused_change_leaves_the_lesson_as_it_was(client, world: World) -> None:
    api = Api(client, world)
    lesson = lessons(world)[0]

    api("sidorov", "patch", f"/api/v1/lessons/{lesson.pk}/", {"topic": "Хи-хи"})
    api("ivanova", "patch", f"/api/v1/lessons/{lesson.pk}/", {"room": "7", "topic": "Дроби"})
    api("ivanova", "post", f"/api/v1/lessons/{lesson.pk}/cancel/", {"reason": "Не хочу"})

    after = lessons(world)[0]
    assert (after.topic, after.room, after.status) == ("", "", "scheduled")


def test_a_token_of_another_region_is_unknown_here(client, world: World) -> None:
    other = factories.region("RU-MOW")
    admin = factories.region_user(other, "admin@mow.example", Role.REGION_ADMIN)
    with in_region(other):
        token = ApiToken.objects.create(user=admin)

    for url in ("/api/v1/lessons/", f"/api/v1/class-groups/{world.group('5А').pk}/timetable/"):
        response = client.get(
            url, HTTP_HOST=factories.host(world.region), HTTP_AUTHORIZATION=f"Token {token.key}"
        )
        assert response.status_code == 401


def test_anonymous_callers_get_401(client, world: World) -> None:
    response = client.get("/api/v1/lessons/", HTTP_HOST=factories.host(world.region))
    assert response.status_code == 401


def test_the_federation_host_has_no_schedule_api(client, world: World) -> None:
    token = Api(client, world).token("regionadmin")

    for url in ("/api/v1/lessons/", f"/api/v1/lessons/{lessons(world)[0].pk}/"):
        response = client.get(url, HTTP_HOST=factories.host(None), HTTP_AUTHORIZATION=f"Token {token}")
        assert response.status_code == 404
