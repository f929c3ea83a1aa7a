"""Delta bundles after a bulk one: changes, tobedeleted, dateLastModified; a killed import."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from accounts.models import ApiToken, User
from rostering import merge_people
from rostering.models import ImportState
from schools.models import ClassGroup, Enrolment, StaffMembership, TeachingAssignment
from tenants.context import in_region
from tenants.models import Region
from tests import factories
from tests.rostering.bundles import BULK, import_bundle, write_bundle
from tests.rostering.test_import import snapshot

pytestmark = pytest.mark.django_db

USERS_HEAD = BULK["users"].splitlines()[0]
ENROLLMENTS_HEAD = BULK["enrollments"].splitlines()[0]
ROLES_HEAD = BULK["roles"].splitlines()[0]


@pytest.fixture
def region(tmp_path: Path) -> Region:
    region = factories.region("RU-TA")
    assert import_bundle(region, write_bundle(tmp_path, BULK, name="bulk.zip")).state == ImportState.APPLIED
    return region


def delta(tmp_path: Path, files: dict[str, str]) -> Path:
    return write_bundle(tmp_path, files, modes=dict.fromkeys(files, "delta"), name="delta.zip")


def test_a_delta_changes_only_its_rows(region: Region, tmp_path: Path) -> None:
    before = snapshot(region)
    users = (
        USERS_HEAD
        + "\n"
        + (
            "p1,active,2026-10-01T10:00:00Z,true,sidorov,,Пётр,Сидоров,Иванович,,sidorov@school.example"
            ",,,par1,05,,,,,,,s1,\n"
        )
    )

    applied = import_bundle(region, delta(tmp_path, {"users": users}))

    assert applied.report["files"] == {"users": {"change": 1}}
    after = snapshot(region)
    assert ("sidorov@school.example", "Сидоров Пётр Иванович", "pupil", True) in after["people"]
    assert {k: v for k, v in after.items() if k != "people"} == {
        k: v for k, v in before.items() if k != "people"
    }


def test_tobedeleted_ends_an_enrolment_and_archives_a_person(region: Region, tmp_path: Path) -> None:
    enrollments = ENROLLMENTS_HEAD + "\n" + "e1,tobedeleted,2026-11-15T09:00:00Z,c5a,s1,p1,student,,,\n"
    users = (
        USERS_HEAD
        + "\n"
        + "p2,tobedeleted,2026-11-15T09:00:00Z,true,sidorova,,Анна,Сидорова,,,,,,par1,06,,,,,,,s2,\n"
    )

    with in_region(region):
        signed_in = ApiToken.objects.create(user=User.objects.get(email="p2@roster.invalid"))

    applied = import_bundle(region, delta(tmp_path, {"users": users, "enrollments": enrollments}))

    assert applied.report["files"]["users"] == {"archive": 1}
    assert applied.report["files"]["enrollments"] == {"archive": 1}
    with in_region(region):
        ended = Enrolment.objects.get(pupil__email="sidorov@school.example")
        assert ended.ends_on == date(2026, 11, 15)
        archived = User.objects.get(email="p2@roster.invalid")
        assert not archived.is_active
        assert Enrolment.objects.filter(pupil=archived).exists()  # nothing hard-deleted
        assert not ApiToken.objects.filter(pk=signed_in.pk).exists()  # the archived person is signed out


def test_an_older_delta_row_does_not_overwrite_a_newer_one(region: Region, tmp_path: Path) -> None:
    newer = (
        USERS_HEAD
        + "\n"
        + "t1,active,2026-10-02T00:00:00Z,true,ivanova,,Мария,Петрова,,,ivanova@school.example"
        + ",,,,,,,,,,,s1,\n"
    )
    older = (
        USERS_HEAD
        + "\n"
        + "t1,active,2026-10-01T00:00:00Z,true,ivanova,,Мария,Смирнова,,,ivanova@school.example"
        + ",,,,,,,,,,,s1,\n"
    )
    import_bundle(region, delta(tmp_path, {"users": newer}))

    stale = import_bundle(region, delta(tmp_path, {"users": older}))

    assert stale.report["files"] == {"users": {"same": 1}}
    with in_region(region):
        assert User.objects.get(email="ivanova@school.example").full_name == "Петрова Мария"


def test_a_pupil_in_two_schools_and_a_teacher_leaving_a_class(region: Region, tmp_path: Path) -> None:
    enrollments = (
        ENROLLMENTS_HEAD
        + "\n"
        + (
            "e9,active,2026-10-01T00:00:00Z,c6b,s2,p1,student,,2026-10-01,\n"
            "e4,tobedeleted,2026-10-01T00:00:00Z,c6b-math,s2,t1,teacher,true,,\n"
        )
    )
    roles = ROLES_HEAD + "\n" + "r-t1-s2,tobedeleted,2026-10-01T00:00:00Z,t1,secondary,teacher,,,s2,\n"

    import_bundle(region, delta(tmp_path, {"roles": roles, "enrollments": enrollments}))

    with in_region(region):
        schools = set(
            Enrolment.objects.filter(pupil__email="sidorov@school.example").values_list(
                "class_group__school__name", flat=True
            )
        )
        assert schools == {"Школа № 1", "Гимназия № 2"}
        teacher = User.objects.get(email="ivanova@school.example")
        assert list(
            TeachingAssignment.objects.filter(teacher=teacher).values_list("class_group__grade", flat=True)
        ) == [5]
        assert list(StaffMembership.objects.filter(user=teacher).values_list("school__name", flat=True)) == [
            "Школа № 1"
        ]


def test_an_import_that_dies_mid_merge_leaves_the_region_as_before(
    region: Region, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(region)
    users = (
        USERS_HEAD
        + "\n"
        + "n1,active,2026-10-01T00:00:00Z,true,new,,Новый,Ученик,,,new@school.example,,,,,,,,,,,s1,\n"
    )
    roles = ROLES_HEAD + "\n" + "r-n1,active,2026-10-01T00:00:00Z,n1,primary,student,,,s1,\n"
    enrollments = ENROLLMENTS_HEAD + "\n" + "e10,active,2026-10-01T00:00:00Z,c5a,s1,n1,student,,,\n"

    def killed(*args: object) -> None:
        raise MemoryError("the worker ran out of memory")

    # users and roles are merged by then: the enrolments step dies.
    monkeypatch.setattr(merge_people, "_merge_pupils", killed)
    with pytest.raises(MemoryError):
        import_bundle(region, delta(tmp_path, {"users": users, "roles": roles, "enrollments": enrollments}))

    assert snapshot(region) == before
    with in_region(region):
        assert not ClassGroup.objects.filter(enrolments__pupil__email="new@school.example").exists()


def test_a_roles_delta_alone_changes_a_persons_role(region: Region, tmp_path: Path) -> None:
    roles = ROLES_HEAD + "\n" + "r-p2,active,2026-10-01T00:00:00Z,p2,primary,teacher,,,s2,\n"

    applied = import_bundle(region, delta(tmp_path, {"roles": roles}))

    assert applied.report["files"] == {"roles": {"create": 1}}  # a new staff membership
    with in_region(region):
        person = User.objects.get(email="p2@roster.invalid")
        assert person.role == "teacher"
        assert list(StaffMembership.objects.filter(user=person).values_list("school__name", flat=True)) == [
            "Гимназия № 2"
        ]


def test_a_bulk_bundle_without_a_person_archives_them_and_ends_their_enrolment(
    region: Region, tmp_path: Path
) -> None:
    without_p2 = {
        **BULK,
        "users": "\n".join(line for line in BULK["users"].splitlines() if not line.startswith("p2,")) + "\n",
        "roles": "\n".join(line for line in BULK["roles"].splitlines() if not line.startswith("r-p2,"))
        + "\n",
        "enrollments": "\n".join(
            line for line in BULK["enrollments"].splitlines() if not line.startswith("e2,")
        )
        + "\n",
    }

    applied = import_bundle(region, write_bundle(tmp_path, without_p2, name="bulk2.zip"))

    assert applied.report["files"]["users"] == {"same": 3, "archive": 1}
    assert applied.report["files"]["enrollments"] == {"same": 5, "archive": 1}
    with in_region(region):
        p2 = User.objects.get(email="p2@roster.invalid")
        assert not p2.is_active
        assert Enrolment.objects.get(pupil=p2).ends_on is not None
        assert User.objects.get(email="sidorov@school.example").is_active
