"""Importing OneRoster 1.2 bundles: what a region admin sees in the region afterwards."""

from __future__ import annotations

from pathlib import Path

import pytest

from academics.models import AcademicYear, Period
from accounts.models import Role, User
from rostering.models import ImportState
from rostering.services import invite_imported_people
from schools.models import (
    ClassGroup,
    Enrolment,
    Guardianship,
    School,
    StaffMembership,
    Subject,
    TeachingAssignment,
)
from tenants.context import in_region
from tenants.models import Region
from tests import factories
from tests.rostering.bundles import BULK, import_bundle, write_bundle

pytestmark = pytest.mark.django_db


@pytest.fixture
def region() -> Region:
    return factories.region("RU-TA")


def snapshot(region: Region) -> dict[str, list]:
    """The rows rostering writes, in a comparable form (region admins are not rostered)."""
    with in_region(region):
        return {
            "schools": sorted(School.objects.values_list("name", flat=True)),
            "years": sorted(
                AcademicYear.objects.values_list("name", "starts_on", "ends_on", "period_scheme")
            ),
            "periods": sorted(Period.objects.values_list("academic_year__name", "scheme", "number", "name")),
            "subjects": sorted(Subject.objects.values_list("name", flat=True)),
            "groups": sorted(
                ClassGroup.objects.values_list("school__name", "grade", "letter", "class_teacher__email")
            ),
            "people": sorted(
                User.objects.exclude(role=Role.REGION_ADMIN).values_list(
                    "email", "full_name", "role", "is_active"
                )
            ),
            "staff": sorted(StaffMembership.objects.values_list("school__name", "user__email")),
            "enrolments": sorted(
                Enrolment.objects.values_list(
                    "pupil__email", "class_group__grade", "class_group__letter", "starts_on", "ends_on"
                )
            ),
            "assignments": sorted(
                TeachingAssignment.objects.values_list(
                    "teacher__email", "subject__name", "class_group__grade", "class_group__letter"
                )
            ),
            "guardians": sorted(Guardianship.objects.values_list("parent__email", "child__email")),
        }


def test_a_bulk_bundle_rosters_schools_classes_and_people(region: Region, tmp_path: Path) -> None:
    done = import_bundle(region, write_bundle(tmp_path, BULK))

    assert done.state == ImportState.APPLIED, done.report
    assert done.report["error_count"] == 0
    rows = snapshot(region)
    assert rows["schools"] == ["Гимназия № 2", "Школа № 1"]
    assert rows["years"][0][3] == "halves"
    assert [p[3] for p in rows["periods"]] == ["1 полугодие", "2 полугодие"]
    assert ("ivanova@school.example", "Иванова Мария Петровна", Role.TEACHER, True) in rows["people"]
    assert ("p2@roster.invalid", "Сидорова Анна", Role.PUPIL, True) in rows["people"]
    # a teacher in two classes of two schools, and the class teacher of 5А
    assert rows["staff"] == [
        ("Гимназия № 2", "ivanova@school.example"),
        ("Школа № 1", "ivanova@school.example"),
    ]
    assert rows["assignments"] == [
        ("ivanova@school.example", "Математика", 5, "А"),
        ("ivanova@school.example", "Математика", 6, "Б"),
    ]
    assert ("Школа № 1", 5, "А", "ivanova@school.example") in rows["groups"]
    # a parent of two children in two schools
    assert rows["guardians"] == [
        ("mama@family.example", "p2@roster.invalid"),
        ("mama@family.example", "sidorov@school.example"),
    ]
    assert len(rows["enrolments"]) == 2
    with in_region(region):
        assert not User.objects.get(email="sidorov@school.example").has_usable_password()


def test_the_same_bundle_again_changes_nothing(region: Region, tmp_path: Path) -> None:
    path = write_bundle(tmp_path, BULK)
    import_bundle(region, path)
    before = snapshot(region)

    again = import_bundle(region, path)

    assert again.report["written"] == 0
    assert snapshot(region) == before
    assert {counts.get("same", 0) for counts in again.report["files"].values()} != {0}
    assert not any(counts.get("create") or counts.get("change") for counts in again.report["files"].values())


def test_imported_people_are_invited_except_those_without_an_email(
    region: Region, tmp_path: Path, mailoutbox
) -> None:
    done = import_bundle(region, write_bundle(tmp_path, BULK))

    with in_region(region):
        sent = invite_imported_people(region=region, roster_import=done)

    assert sent == 3
    assert sorted(m.to[0] for m in mailoutbox) == [
        "ivanova@school.example",
        "mama@family.example",
        "sidorov@school.example",
    ]
    assert all("/password/set/" in m.body for m in mailoutbox)
