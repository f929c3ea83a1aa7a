"""Lessons generated from the weekly timetable: school days only, idempotent, never undoing a change."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from myschool.errors import ApplicationError
from schedule.models import LessonStatus
from schedule.services import cancel_lesson, move_lesson
from tenants.context import in_region
from tests.schedule.world import MONDAY, SUNDAY, add_entry, generate, lessons, schedule_world
from tests.world import YEAR_END, World

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    world = schedule_world()
    add_entry(world, 1, 1, time(8, 30), room="12")  # Mondays: maths
    add_entry(world, 3, 2, time(9, 25), subject="Физическая культура")  # Wednesdays: PE
    return world


def days(world: World) -> list[date]:
    return [lesson.date for lesson in lessons(world)]


def test_lessons_come_on_the_entries_weekdays_but_not_in_the_holidays(world: World) -> None:
    # The autumn holidays run from 25 October to 4 November.
    created = generate(world, date(2026, 10, 19), date(2026, 11, 11))

    assert days(world) == [date(2026, 10, 19), date(2026, 10, 21), date(2026, 11, 9), date(2026, 11, 11)]
    assert created == 4
    monday = lessons(world)[0]
    assert (monday.subject.name, monday.starts_at, monday.ends_at, monday.room) == (
        "Математика",
        time(8, 30),
        time(9, 15),
        "12",
    )
    assert (monday.status, monday.scheduled_on, monday.topic) == (LessonStatus.SCHEDULED, monday.date, "")


def test_lessons_stay_inside_the_school_year_and_the_entrys_validity(world: World) -> None:
    add_entry(world, 5, 1, time(8, 30), valid_from=date(2027, 5, 17), valid_until=date(2027, 5, 28))

    generate(world, date(2026, 8, 1), date(2027, 8, 31))

    fridays = [day for day in days(world) if day.isoweekday() == 5]
    assert fridays == [date(2027, 5, 21), date(2027, 5, 28)]
    assert min(days(world)) == date(2026, 9, 2)  # 1 September is a Tuesday; 31 August is not in the year
    assert max(days(world)) == date(2027, 5, 31) == YEAR_END


def test_generating_again_creates_nothing_new(world: World) -> None:
    assert generate(world, MONDAY, SUNDAY) == 2
    assert generate(world, MONDAY, SUNDAY) == 0
    assert generate(world, MONDAY, SUNDAY + timedelta(days=7)) == 2

    assert days(world) == [
        MONDAY,
        MONDAY + timedelta(days=2),
        MONDAY + timedelta(days=7),
        MONDAY + timedelta(days=9),
    ]


def test_a_moved_or_cancelled_lesson_survives_regeneration(world: World) -> None:
    generate(world, MONDAY, SUNDAY)
    monday, wednesday = lessons(world)
    with in_region(world.region):
        director = world.people["director"]
        move_lesson(
            region=world.region,
            lesson=monday,
            date=MONDAY + timedelta(days=1),
            starts_at=time(10, 30),
            ends_at=time(11, 15),
            room="7",
            actor=director,
        )
        cancel_lesson(region=world.region, lesson=wednesday, reason="Школьная олимпиада", actor=director)

    assert generate(world, MONDAY, SUNDAY) == 0

    moved, cancelled = lessons(world)
    assert (moved.pk, moved.date, moved.starts_at, moved.room) == (
        monday.pk,
        date(2026, 11, 24),
        time(10, 30),
        "7",
    )
    assert moved.scheduled_on == MONDAY
    assert (cancelled.pk, cancelled.status, cancelled.cancel_reason) == (
        wednesday.pk,
        LessonStatus.CANCELLED,
        "Школьная олимпиада",
    )


def test_generation_takes_the_same_few_queries_for_a_week_and_for_a_year(
    world: World, django_assert_max_num_queries
) -> None:
    # The insert itself, plus the actor's right, and the audit row with its savepoint.
    with django_assert_max_num_queries(9) as week:
        generate(world, MONDAY, SUNDAY)
    with django_assert_max_num_queries(9) as year:
        created = generate(world, date(2026, 9, 1), YEAR_END)

    assert created > 60
    assert len(year.captured_queries) == len(week.captured_queries)


def test_a_range_outside_the_school_year_or_backwards_is_refused(world: World) -> None:
    with pytest.raises(ApplicationError) as outside:
        generate(world, date(2027, 6, 1), date(2027, 8, 31))
    with pytest.raises(ApplicationError) as backwards:
        generate(world, SUNDAY, MONDAY)

    assert outside.value.fields == {"starts_on": ["The dates are outside the school year 2026/2027."]}
    assert backwards.value.fields == {"ends_on": ["The range must not end before it starts."]}
    assert lessons(world) == []
