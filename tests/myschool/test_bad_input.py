"""Input no form would send is answered 400 with a message, never a server error."""

from __future__ import annotations

from datetime import date

import pytest

from tests import factories
from tests.api import Api
from tests.pages.browser import Browser
from tests.world import World, classroom

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 11, 23)
DEEP = "[" * 100_000 + "]" * 100_000


@pytest.fixture
def world() -> World:
    return classroom(factories.region("RU-MOS"))


@pytest.fixture
def api(client, world: World) -> Api:
    return Api(client, world)


def test_json_nested_too_deep_is_400_with_or_without_login(client, world: World, api: Api) -> None:
    host = factories.host(world.region)
    anonymous = client.post("/api/v1/auth/token/", DEEP, content_type="application/json", HTTP_HOST=host)
    lesson = world.lesson("ivanova", "Математика", "5А", MONDAY)
    marks = api.client.post(
        f"/api/v1/lessons/{lesson.pk}/marks/", DEEP, content_type="application/json",
        HTTP_HOST=host, HTTP_AUTHORIZATION=f"Token {api.token('ivanova')}",
    )

    for response in (anonymous, marks):
        assert response.status_code == 400
        assert "nested too deeply" in response.json()["error"]["message"]


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_a_week_far_outside_any_school_year_is_400(api: Api, world: World, day: str) -> None:
    response = api("sidorov", "get", f"/api/v1/diary/?week_of={day}")
    page = Browser(world, "sidorov").get(f"/diary/?week_of={day}")

    assert response.status_code == 400
    assert response.json()["error"]["fields"]["week_of"] == [
        "Enter a date between 1900-01-01 and 2100-12-31."
    ]
    assert page.status_code == 400 and "1900-01-01" in page.content.decode()


def test_homework_due_in_year_9999_is_refused(api: Api, world: World) -> None:
    lesson = world.lesson("ivanova", "Математика", "5А", MONDAY)
    response = api("ivanova", "post", f"/api/v1/lessons/{lesson.pk}/homework/",
                   {"text": "№ 1", "due_on": "9999-12-31"})

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["due_on"]


def test_an_achievement_on_0001_01_01_is_refused(api: Api, world: World) -> None:
    response = api("sidorov", "post", f"/api/v1/pupils/{world.people['sidorov'].pk}/achievements/", {
        "kind": "olympiad", "title": "Олимпиада", "level": "municipal", "result": "winner",
        "achieved_on": "0001-01-01",
    })

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["achieved_on"]
