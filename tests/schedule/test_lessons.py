"""Lessons through the API: the list and its filters, moving, cancelling, setting the topic."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from journal.services import record_mark
from schedule.models import Lesson
from tenants.context import in_region
from tests.api import Api
from tests.schedule.world import MONDAY, SUNDAY, add_entry, generate, lessons, schedule_world
from tests.world import World

pytestmark = pytest.mark.django_db

TUESDAY, WEDNESDAY = MONDAY + timedelta(days=1), MONDAY + timedelta(days=2)


@pytest.fixture
def world() -> World:
    world = schedule_world()
    add_entry(world, 1, 1, time(8, 30), room="12")  # 5А, Mondays: maths with ivanova
    add_entry(world, 3, 2, time(9, 25), subject="Физическая культура")  # 5А, Wednesdays: PE with ivanova
    add_entry(world, 1, 1, time(8, 30), group="5Б", teacher="petrova")  # 5Б, Mondays: maths with petrova
    generate(world, MONDAY, SUNDAY)
    generate(world, MONDAY, SUNDAY, group="5Б")
    return world


@pytest.fixture
def api(client, world: World) -> Api:
    return Api(client, world)


def monday_maths(world: World, group: str = "5А") -> Lesson:
    return lessons(world, group)[0]


def listed(api: Api, who: str, query: str = "") -> list[tuple[str, str, str]]:
    response = api(who, "get", "/api/v1/lessons/" + query)
    assert response.status_code == 200, response.json()
    return [
        (lesson["date"], lesson["class_group"]["name"], lesson["subject"]["name"])
        for lesson in response.json()["results"]
    ]


def test_a_lesson_shows_its_class_subject_teacher_and_local_times(api: Api, world: World) -> None:
    lesson = monday_maths(world)

    response = api("sidorov", "get", f"/api/v1/lessons/{lesson.pk}/")

    assert response.status_code == 200
    assert response.json() == {
        "id": lesson.pk,
        "class_group": {"id": world.group("5А").pk, "name": "5А"},
        "subject": {"id": world.subject("Математика").pk, "name": "Математика"},
        "teacher": {"id": world.teacher("ivanova").pk, "full_name": "Ivanova"},
        "room": "12",
        "date": "2026-11-23",
        "starts_at": "2026-11-23T08:30:00+03:00",
        "ends_at": "2026-11-23T09:15:00+03:00",
        "topic": "",
        "status": "scheduled",
        "cancel_reason": "",
    }


def test_the_list_filters_by_class_group_subject_teacher_and_dates(api: Api, world: World) -> None:
    maths, pe = world.subject("Математика").pk, world.subject("Физическая культура").pk

    assert listed(api, "regionadmin") == [
        ("2026-11-23", "5А", "Математика"),
        ("2026-11-23", "5Б", "Математика"),
        ("2026-11-25", "5А", "Физическая культура"),
    ]
    assert listed(api, "regionadmin", f"?class_group={world.group('5Б').pk}") == [
        ("2026-11-23", "5Б", "Математика")
    ]
    assert listed(api, "regionadmin", f"?subject={pe}") == [("2026-11-25", "5А", "Физическая культура")]
    assert listed(api, "regionadmin", f"?subject={maths}&teacher={world.teacher('ivanova').pk}") == [
        ("2026-11-23", "5А", "Математика")
    ]
    assert listed(api, "regionadmin", "?date_from=2026-11-24&date_to=2026-11-29") == [
        ("2026-11-25", "5А", "Физическая культура")
    ]
    assert listed(api, "sidorov") == [
        ("2026-11-23", "5А", "Математика"),
        ("2026-11-25", "5А", "Физическая культура"),
    ]
    assert listed(api, "petrova") == [("2026-11-23", "5Б", "Математика")]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?date_from=23.11.2026", "date_from"),
        ("?date_from=2026-11-24&date_to=2026-11-23", "date_to"),
        ("?teacher=x", "teacher"),
    ],
)
def test_a_bad_filter_is_refused_naming_it(api: Api, query: str, field: str) -> None:
    response = api("regionadmin", "get", "/api/v1/lessons/" + query)

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == [field]


def test_the_list_takes_the_same_queries_however_many_lessons(
    api: Api, world: World, django_assert_max_num_queries
) -> None:
    def warm_up() -> None:  # the token exists, the routing is cached, the region's schema is active
        api("ivanova", "get", "/api/v1/lessons/?limit=1")

    warm_up()
    with django_assert_max_num_queries(6) as few:
        few_body = api("ivanova", "get", "/api/v1/lessons/").json()
    generate(world, date(2026, 9, 1), date(2027, 5, 31))
    warm_up()
    with django_assert_max_num_queries(6) as many:
        many_body = api("ivanova", "get", "/api/v1/lessons/?limit=100").json()

    assert len(few_body["results"]) == 2
    assert len(many_body["results"]) == many_body["count"] > 60
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_director_moves_a_lesson_to_another_day_time_and_room(api: Api, world: World) -> None:
    lesson = monday_maths(world)

    response = api(
        "director",
        "patch",
        f"/api/v1/lessons/{lesson.pk}/",
        {"date": "2026-11-24", "starts_at": "10:30", "ends_at": "11:15", "room": "7"},
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["date"], body["starts_at"], body["ends_at"], body["room"]) == (
        "2026-11-24",
        "2026-11-24T10:30:00+03:00",
        "2026-11-24T11:15:00+03:00",
        "7",
    )
    moved = monday_maths(world)
    assert (moved.pk, moved.date, moved.scheduled_on) == (lesson.pk, TUESDAY, MONDAY)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ends_at": "08:00"}, "ends_at", "The lesson must end after it starts."),
        ({"date": "2026-12-30"}, "date", "2026-12-30 is in the holidays “Зимние каникулы”."),
        ({"date": "2027-06-07"}, "date", "The date is outside the school year 2026/2027."),
        (  # 5А has PE then
            {"date": "2026-11-25", "starts_at": "09:00", "ends_at": "09:45"},
            "starts_at",
            "5А has Физическая культура at 09:25–10:10 on 2026-11-25 already.",
        ),
        ({"room": "x" * 31}, "room", None),
    ],
)
def test_a_move_that_does_not_fit_is_refused_and_writes_nothing(
    api: Api, world: World, changes: dict, field: str, message: str | None
) -> None:
    lesson = monday_maths(world)

    response = api("director", "patch", f"/api/v1/lessons/{lesson.pk}/", changes)

    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert list(fields) == [field]
    if message is not None:
        assert fields[field] == [message]
    after = monday_maths(world)
    assert (after.date, after.starts_at, after.ends_at, after.room) == (
        MONDAY,
        time(8, 30),
        time(9, 15),
        "12",
    )


def test_a_teacher_cannot_be_moved_into_another_of_their_lessons(api: Api, world: World) -> None:
    world.assign("ivanova", "Математика", "5Б")
    add_entry(world, 2, 1, time(8, 30), group="5Б")
    generate(world, MONDAY, SUNDAY, group="5Б")

    response = api("director", "patch", f"/api/v1/lessons/{monday_maths(world).pk}/", {"date": "2026-11-24"})

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "starts_at": ["Ivanova teaches Математика in 5Б at 08:30–09:15 on 2026-11-24 already."]
    }


def test_the_teacher_sets_the_topic(api: Api, world: World) -> None:
    lesson = monday_maths(world)

    response = api("ivanova", "patch", f"/api/v1/lessons/{lesson.pk}/", {"topic": "  Сложение дробей "})

    assert response.status_code == 200
    assert response.json()["topic"] == "Сложение дробей"
    assert monday_maths(world).topic == "Сложение дробей"


def test_a_cancelled_lesson_says_why_and_can_no_longer_be_moved(api: Api, world: World) -> None:
    lesson = monday_maths(world)
    url = f"/api/v1/lessons/{lesson.pk}/"

    no_reason = api("director", "post", url + "cancel/", {"reason": "  "})
    cancelled = api("director", "post", url + "cancel/", {"reason": "Карантин"})
    moved = api("director", "patch", url, {"starts_at": "10:30", "ends_at": "11:15"})

    assert no_reason.status_code == 400 and list(no_reason.json()["error"]["fields"]) == ["reason"]
    assert cancelled.status_code == 200
    assert (cancelled.json()["status"], cancelled.json()["cancel_reason"]) == ("cancelled", "Карантин")
    assert moved.status_code == 409
    assert monday_maths(world).starts_at == time(8, 30)


def test_a_lesson_with_marks_took_place_and_cannot_be_cancelled(api: Api, world: World) -> None:
    lesson = monday_maths(world)
    with in_region(world.region):
        record_mark(
            region=world.region,
            lesson=lesson,
            pupil=world.people["sidorov"],
            value="4",
            kind="answer",
            actor=world.teacher("ivanova"),
        )

    response = api("director", "post", f"/api/v1/lessons/{lesson.pk}/cancel/", {"reason": "Карантин"})

    assert response.status_code == 409
    assert monday_maths(world).status == "scheduled"


def test_a_cancelled_lesson_frees_its_time(api: Api, world: World) -> None:
    with in_region(world.region):
        pe = Lesson.objects.get(date=WEDNESDAY)
    api("director", "post", f"/api/v1/lessons/{pe.pk}/cancel/", {"reason": "Карантин"})

    response = api(
        "director",
        "patch",
        f"/api/v1/lessons/{monday_maths(world).pk}/",
        {"date": str(WEDNESDAY), "starts_at": "09:25", "ends_at": "10:10"},
    )

    assert response.status_code == 200
