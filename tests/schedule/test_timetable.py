"""The weekly timetable through the API: entries, their checks, and changes that lessons follow."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from journal.services import record_mark
from schedule.models import TimetableEntry
from schedule.services import set_topic
from tenants.context import in_region
from tests.api import Api
from tests.schedule.world import MONDAY, SUNDAY, add_entry, generate, lessons, schedule_world
from tests.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return schedule_world()


@pytest.fixture
def api(client, world: World) -> Api:
    return Api(client, world)


def timetable_url(world: World, group: str = "5А") -> str:
    return f"/api/v1/class-groups/{world.group(group).pk}/timetable/"


def entry_body(world: World, **changes: object) -> dict:
    body = {
        "weekday": 1,
        "number": 1,
        "starts_at": "08:30",
        "ends_at": "09:15",
        "subject": world.subject("Математика").pk,
        "teacher": world.teacher("ivanova").pk,
        "room": "12",
    }
    return {**body, **changes}


def entries(world: World) -> list[tuple]:
    with in_region(world.region):
        return list(
            TimetableEntry.objects.order_by("pk").values_list(
                "class_group__letter", "weekday", "number", "starts_at", "room", "valid_from", "valid_until"
            )
        )


def test_the_director_adds_an_entry_and_the_class_reads_the_timetable(api: Api, world: World) -> None:
    response = api("director", "post", timetable_url(world), entry_body(world))

    assert response.status_code == 201
    body = response.json()
    group, maths, ivanova = world.group("5А"), world.subject("Математика"), world.teacher("ivanova")
    assert body == {
        "id": body["id"],
        "class_group": {"id": group.pk, "name": "5А"},
        "weekday": 1,
        "number": 1,
        "starts_at": "08:30",
        "ends_at": "09:15",
        "subject": {"id": maths.pk, "name": "Математика"},
        "teacher": {"id": ivanova.pk, "full_name": "Ivanova"},
        "room": "12",
        "valid_from": "2026-09-01",
        "valid_until": None,
    }
    timetable = api("sidorov", "get", timetable_url(world)).json()
    assert timetable["count"] == 1
    assert timetable["results"] == [body]


def test_the_timetable_on_a_date_shows_the_entries_valid_then(api: Api, world: World) -> None:
    add_entry(world, 1, 1, time(8, 30), valid_until=date(2026, 12, 28))
    add_entry(world, 1, 1, time(8, 30), subject="Физическая культура", valid_from=date(2027, 1, 12))

    def subjects(on: str) -> list[str]:
        body = api("ivanova", "get", timetable_url(world) + f"?on={on}").json()
        return [entry["subject"]["name"] for entry in body["results"]]

    assert subjects("2026-11-23") == ["Математика"]
    assert subjects("2027-01-18") == ["Физическая культура"]
    bad = api("ivanova", "get", timetable_url(world) + "?on=monday")
    assert bad.status_code == 400 and "on" in bad.json()["error"]["fields"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"weekday": 8}, "weekday", "The weekday must be from 1 (Monday) to 7 (Sunday)."),
        ({"number": 0}, "number", "The lesson number must be 1 or more."),
        ({"ends_at": "08:30"}, "ends_at", "The lesson must end after it starts."),
        ({"valid_from": "2027-06-01"}, "valid_from", "The date is outside the school year 2026/2027."),
        (
            {"valid_from": "2026-12-01", "valid_until": "2026-11-30"},
            "valid_until",
            "The entry must not end before it starts.",
        ),
        ({"subject": "PE"}, "subject", None),
        ({"subject": 999999}, "subject", None),
    ],
)
def test_an_invalid_entry_is_refused_naming_the_field(
    api: Api, world: World, changes: dict, field: str, message: str | None
) -> None:
    response = api("director", "post", timetable_url(world), entry_body(world, **changes))

    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert list(fields) == [field]
    if message is not None:
        assert fields[field] == [message]
    assert entries(world) == []


def test_the_teacher_must_teach_the_subject_in_that_class_group(api: Api, world: World) -> None:
    response = api(
        "director", "post", timetable_url(world), entry_body(world, teacher=world.teacher("petrova").pk)
    )

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"teacher": ["Petrova does not teach Математика in 5А."]}
    assert entries(world) == []


def test_a_class_group_has_one_lesson_at_a_time(api: Api, world: World) -> None:
    add_entry(world, 1, 1, time(8, 30), room="12")

    overlapping = api(
        "director", "post", timetable_url(world), entry_body(world, number=2, starts_at="09:00")
    )
    same_number = api(
        "director", "post", timetable_url(world), entry_body(world, starts_at="12:00", ends_at="12:45")
    )

    assert overlapping.status_code == 400
    assert overlapping.json()["error"]["fields"] == {
        "starts_at": ["5А has Математика at 08:30–09:15 on Monday already."]
    }
    assert same_number.json()["error"]["fields"] == {
        "number": ["5А has lesson 1 on Monday already: Математика, 08:30–09:15."]
    }
    assert len(entries(world)) == 1


def test_a_teacher_is_not_booked_in_two_class_groups_at_once(api: Api, world: World) -> None:
    world.assign("ivanova", "Математика", "5Б")
    add_entry(world, 1, 1, time(8, 30), group="5Б")

    response = api(
        "director", "post", timetable_url(world), entry_body(world, starts_at="09:00", ends_at="09:45")
    )

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "teacher": ["Ivanova teaches Математика in 5Б at 08:30–09:15 on Monday already."]
    }
    assert len(entries(world)) == 1


def test_entries_whose_validity_does_not_overlap_may_share_a_slot(api: Api, world: World) -> None:
    add_entry(world, 1, 1, time(8, 30), valid_until=date(2026, 12, 28))

    response = api("director", "post", timetable_url(world), entry_body(world, valid_from="2027-01-12"))
    on_tuesday = api("director", "post", timetable_url(world), entry_body(world, weekday=2))

    assert (response.status_code, on_tuesday.status_code) == (201, 201)
    assert len(entries(world)) == 3


def week_of(world: World, monday: date) -> list[tuple]:
    return [
        (lesson.date, lesson.starts_at, lesson.room)
        for lesson in lessons(world)
        if monday <= lesson.date <= monday + timedelta(days=6)
    ]


def test_lessons_from_the_effective_date_follow_a_changed_entry(api: Api, world: World) -> None:
    entry = add_entry(world, 1, 1, time(8, 30), room="12")
    generate(world, MONDAY, SUNDAY + timedelta(days=21))
    second, third, fourth = (MONDAY + timedelta(days=7 * n) for n in (1, 2, 3))
    with in_region(world.region):
        by_date = {lesson.date: lesson for lesson in lessons(world)}
        ivanova = world.teacher("ivanova")
        set_topic(region=world.region, lesson=by_date[third], topic="Дроби", actor=ivanova)
        record_mark(
            region=world.region,
            lesson=by_date[fourth],
            pupil=world.people["sidorov"],
            value="5",
            kind="answer",
            actor=ivanova,
        )

    response = api(
        "director",
        "patch",
        f"/api/v1/timetable-entries/{entry.pk}/",
        {"weekday": 2, "starts_at": "10:30", "ends_at": "11:15", "room": "7", "effective_from": str(second)},
    )

    assert response.status_code == 200
    assert (response.json()["weekday"], response.json()["room"]) == (2, "7")
    assert week_of(world, MONDAY) == [(MONDAY, time(8, 30), "12")]  # before the change: as it was
    assert week_of(world, second) == [(second + timedelta(days=1), time(10, 30), "7")]
    for worked_on in (third, fourth):  # with a topic, with a mark: kept as they are
        assert week_of(world, worked_on) == [
            (worked_on, time(8, 30), "12"),
            (worked_on + timedelta(days=1), time(10, 30), "7"),
        ]


def test_a_refused_change_writes_nothing(api: Api, world: World) -> None:
    entry = add_entry(world, 1, 1, time(8, 30), room="12")
    add_entry(world, 1, 2, time(9, 25), subject="Физическая культура")
    generate(world, MONDAY, SUNDAY)
    before = (entries(world), week_of(world, MONDAY))

    response = api(
        "director",
        "patch",
        f"/api/v1/timetable-entries/{entry.pk}/",
        {"ends_at": "10:00", "effective_from": "2026-11-01"},
    )

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["starts_at"]
    assert (entries(world), week_of(world, MONDAY)) == before


def test_removing_an_entry_ends_it_and_takes_its_future_lessons_away(api: Api, world: World) -> None:
    entry = add_entry(world, 1, 1, time(8, 30))
    generate(world, MONDAY, SUNDAY + timedelta(days=7))
    next_monday = MONDAY + timedelta(days=7)

    response = api(
        "director", "delete", f"/api/v1/timetable-entries/{entry.pk}/?effective_from={next_monday}"
    )

    assert response.status_code == 204
    assert [lesson.date for lesson in lessons(world)] == [MONDAY]
    assert entries(world)[0][-1] == MONDAY + timedelta(days=6)  # valid until the day before
    assert generate(world, MONDAY, SUNDAY + timedelta(days=7)) == 0


def test_removing_an_entry_before_it_starts_deletes_it(api: Api, world: World) -> None:
    entry = add_entry(world, 1, 1, time(8, 30), valid_from=date(2027, 1, 12))

    response = api("director", "delete", f"/api/v1/timetable-entries/{entry.pk}/?effective_from=2026-12-01")

    assert response.status_code == 204
    assert entries(world) == []
