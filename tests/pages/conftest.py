"""The pages' test world: the usual classroom with a lived-in week in 5А."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tenants.context import in_region
from tests import factories
from tests.pages.browser import MONDAY, THURSDAY, TUESDAY, WEDNESDAY, Journal
from tests.world import World, classroom


@pytest.fixture
def world() -> Iterator[World]:
    """The classroom with the region's schema active; ivanova's week in 5А is in `journal`."""
    built = classroom(factories.region("RU-MOS"))
    with in_region(built.region):
        yield built


@pytest.fixture
def journal(world: World) -> Journal:
    """A lived-in week in 5А: a maths lesson with marks, absence and homework, PE, a cancelled lesson."""
    week = Journal(world)
    maths = week.lesson("Математика", MONDAY, topic="Обыкновенные дроби", room="214")
    week.mark(maths, "sidorov", "5")
    week.mark(maths, "sidorov", "4", kind="test")
    week.mark(maths, "kuznetsova", "3")
    week.attendance(maths, "smirnov", "absent")
    week.homework(maths, "Задачи 12–15 на с. 40", due_on=WEDNESDAY)
    sport = week.lesson("Физическая культура", TUESDAY)
    week.mark(sport, "sidorov", "pass")
    week.attendance(sport, "kuznetsova", "excused", reason="Справка от врача")
    week.cancel(week.lesson("Математика", THURSDAY), "Учитель на курсах")
    week.period_mark("sidorov", "Математика", "4")
    return week
