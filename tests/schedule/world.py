"""The schedule's test world: the usual classroom with a timetable, built through the services."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from accounts.models import Role
from schedule.models import Lesson, TimetableEntry
from schedule.services import add_timetable_entry, generate_lessons
from schools.services import create_school
from tenants.context import in_region
from tests import factories
from tests.world import World, classroom

MONDAY = date(2026, 11, 23)  # a school week: Monday 23 to Sunday 29 November 2026
SUNDAY = MONDAY + timedelta(days=6)


def schedule_world(code: str = "RU-MOS") -> World:
    """classroom() plus a region admin and the admin of another school of the region."""
    world = classroom(factories.region(code))
    world.person("regionadmin", Role.REGION_ADMIN)
    with in_region(world.region):
        other = create_school(region=world.region, name="Школа № 2")
    world.person("otherdirector", Role.SCHOOL_ADMIN, school=other)
    return world


def add_entry(
    world: World,
    weekday: int,
    number: int,
    at: time,
    *,
    group: str = "5А",
    subject: str = "Математика",
    teacher: str = "ivanova",
    minutes: int = 45,
    **extra: object,
) -> TimetableEntry:
    """A timetable entry added by the school's director through the service."""
    with in_region(world.region):
        return add_timetable_entry(
            region=world.region,
            class_group=world.group(group),
            weekday=weekday,
            number=number,
            starts_at=at,
            ends_at=(datetime.combine(MONDAY, at) + timedelta(minutes=minutes)).time(),
            subject=world.subject(subject),
            teacher=world.teacher(teacher),
            actor=world.people["director"],
            **extra,
        )


def generate(world: World, starts_on: date, ends_on: date, group: str = "5А") -> int:
    with in_region(world.region):
        return generate_lessons(
            region=world.region,
            class_group=world.group(group),
            starts_on=starts_on,
            ends_on=ends_on,
            actor=world.people["director"],
        )


def lessons(world: World, group: str = "5А") -> list[Lesson]:
    """The class group's lessons by date and time, with subject joined."""
    with in_region(world.region):
        return list(
            Lesson.objects.filter(class_group=world.group(group))
            .select_related("subject")
            .order_by("date", "starts_at")
        )
