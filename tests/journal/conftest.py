"""The journal's test world: the usual classroom (tests.world.classroom) and an API caller."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.db.models import QuerySet
from rest_framework.test import APIClient

from accounts.models import ApiToken, Role, User
from audit.models import AuditEntry
from journal.models import Attendance, ChangeKind, FinalMark, Homework, HomeworkAttachment, Mark
from schedule.models import Lesson
from schools.services import create_person, create_school
from tenants.context import in_region
from tests import factories
from tests.world import World, classroom

MONDAY = date(2026, 11, 23)  # in the 2nd quarter


@pytest.fixture
def world() -> Iterator[World]:
    """The classroom, with its region's schema active for the whole test."""
    built = classroom(factories.region("RU-MOS"))
    with in_region(built.region):
        yield built


@pytest.fixture
def maths(world: World) -> Lesson:
    """ivanova's maths lesson in 5А on MONDAY."""
    return world.lesson("ivanova", "Математика", "5А", MONDAY)


def other_school_admin(world: World) -> User:
    """The admin of another school of the same region."""
    school = create_school(region=world.region, name="Школа № 2")
    admin = create_person(
        region=world.region,
        email="head@school2.example",
        role=Role.SCHOOL_ADMIN,
        full_name="Head",
        school=school,
    )
    world.people["head2"] = admin
    return admin


def region_admin(world: World) -> User:
    admin = factories.region_user(world.region, "boss@mos.example", Role.REGION_ADMIN)
    world.people["boss"] = admin
    return admin


class Api:
    """api.as_("ivanova").post(url, body): the region's API with that person's token."""

    def __init__(self, world: World) -> None:
        self.world = world

    def as_(self, who: str | User) -> APIClient:
        user = who if isinstance(who, User) else self.world.people[who]
        with in_region(self.world.region):
            token, _created = ApiToken.objects.get_or_create(user=user)
        client = APIClient(HTTP_HOST=factories.host(self.world.region))
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client


@pytest.fixture
def api(world: World) -> Api:
    return Api(world)


def journal_rows() -> dict[str, Any]:
    """How many journal rows of each kind exist, and history rows: to show that nothing was written."""
    return {
        **{
            model.__name__: model.objects.count()
            for model in (Mark, Attendance, Homework, HomeworkAttachment, FinalMark)
        },
        "history": history().count(),
    }


def history(kind: str | None = None, object_id: int | None = None) -> QuerySet[AuditEntry]:
    """The journal's history rows in the region's audit (of one kind, of one record), oldest first."""
    rows = AuditEntry.objects.filter(target_type__in=ChangeKind.values).order_by("at", "id")
    if kind is not None:
        rows = rows.filter(target_type=kind)
    if object_id is not None:
        rows = rows.filter(target_id=str(object_id))
    return rows
