"""The world the schools and academics API tests share."""

from __future__ import annotations

from typing import Any

from accounts.models import Role
from schools.services import create_school
from tenants.context import in_region
from tests import factories
from tests.world import World, classroom


def region_world(code: str = "RU-MOS") -> tuple[World, World]:
    """classroom() with a region admin, plus another school of the region with its own admin,
    6А and the pupil orlov: (the first school's world, the second's). They share people."""
    world = classroom(factories.region(code))
    world.person("regionadmin", Role.REGION_ADMIN)
    with in_region(world.region):
        school = create_school(region=world.region, name="Школа № 2")
    # Not tests.world.school_world: its admin would be "director" again, admin of both schools.
    other = World(region=world.region, year=world.year, school=school, people=world.people)
    other.person("director2", Role.SCHOOL_ADMIN)
    other.person("orlova", Role.TEACHER)
    other.pupil("orlov", "6А")
    return world, other


def error_fields(response: Any) -> dict:
    return response.json()["error"]["fields"]
