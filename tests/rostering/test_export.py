"""Exporting a region's roster as OneRoster 1.2, and importing it back."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date
from pathlib import Path

import pytest

from accounts.models import ApiToken, Role
from journal.services import record_mark
from rostering.export import export_roster
from rostering.models import ImportState
from tenants.context import in_region
from tests import factories
from tests.rostering.bundles import BULK, import_bundle, write_bundle
from tests.rostering.test_import import snapshot
from tests.world import classroom

pytestmark = pytest.mark.django_db


def read(path: Path, name: str) -> list[dict[str, str]]:
    with zipfile.ZipFile(path) as archive:
        return list(csv.DictReader(io.TextIOWrapper(archive.open(f"{name}.csv"), encoding="utf-8")))


def test_an_exported_bundle_imports_into_a_fresh_region_as_the_same_rows(tmp_path: Path) -> None:
    source = factories.region("RU-TA")
    assert import_bundle(source, write_bundle(tmp_path, BULK)).state == ImportState.APPLIED
    out = tmp_path / "export.zip"
    with in_region(source):
        counts = export_roster(region=source, out=out)

    fresh = factories.region("RU-DA")
    again = import_bundle(fresh, out)

    assert again.state == ImportState.APPLIED, again.report["errors"]
    assert snapshot(fresh) == snapshot(source)
    # 5А Русский язык has no teacher: a subject nobody teaches to a class is not kept
    assert counts == {
        "orgs": 3,
        "academicSessions": 3,
        "courses": 2,
        "classes": 4,
        "users": 4,
        "roles": 5,
        "enrollments": 5,
    }
    # the import's own sourcedIds and the 1.2 columns are kept
    users = read(out, "users")
    assert list(users[0]) == [
        "sourcedId",
        "status",
        "dateLastModified",
        "enabledUser",
        "username",
        "userIds",
        "givenName",
        "familyName",
        "middleName",
        "identifier",
        "email",
        "sms",
        "phone",
        "agentSourcedIds",
        "grades",
        "password",
        "userMasterIdentifier",
        "resourceSourcedIds",
        "preferredGivenName",
        "preferredMiddleName",
        "preferredFamilyName",
        "primaryOrgSourcedId",
        "pronouns",
    ]
    assert {u["sourcedId"] for u in users} == {"t1", "p1", "p2", "par1"}
    assert {
        (r["userSourcedId"], r["roleType"], r["role"], r["orgSourcedId"]) for r in read(out, "roles")
    } == {
        ("t1", "primary", "teacher", "s1"),
        ("t1", "secondary", "teacher", "s2"),
        ("p1", "primary", "student", "s1"),
        ("p2", "primary", "student", "s2"),
        ("par1", "primary", "parent", "ta"),
    }


def test_a_region_built_by_hand_exports_and_imports_back(tmp_path: Path) -> None:
    world = classroom(factories.region("RU-MOS"))
    out = tmp_path / "export.zip"
    with in_region(world.region):
        export_roster(region=world.region, out=out)

    fresh = factories.region("RU-DA")
    again = import_bundle(fresh, out)

    assert again.state == ImportState.APPLIED, again.report["errors"]
    source, copy = snapshot(world.region), snapshot(fresh)
    # only the year's main scheme (quarters) travels; the senior halves are not OneRoster's to carry
    assert [p for p in source["periods"] if p[1] == "quarters"] == copy["periods"]
    for key in ("people", "schools", "subjects", "groups", "staff", "enrolments", "assignments", "guardians"):
        assert copy[key] == source[key], key


def test_a_periods_marks_export_as_gradebook_files(client, tmp_path: Path) -> None:
    world = classroom(factories.region("RU-MOS"))
    admin = world.person("regionadmin", Role.REGION_ADMIN)
    lesson = world.lesson("ivanova", "Математика", "5А", date(2026, 9, 14))
    with in_region(world.region):
        record_mark(
            region=world.region,
            lesson=lesson,
            pupil=world.pupil("sidorov"),
            value="5",
            kind="answer",
            actor=world.teacher("ivanova"),
        )
        period = world.year.periods.get(scheme="quarters", number=1)
        token = ApiToken.objects.create(user=admin).key

    response = client.get(
        "/api/v1/roster/export/",
        {"period": period.pk},
        HTTP_HOST=factories.host(world.region),
        HTTP_AUTHORIZATION=f"Token {token}",
    )

    assert response.status_code == 200
    out = tmp_path / "gradebook.zip"
    out.write_bytes(b"".join(response.streaming_content))
    results = read(out, "results")
    assert [(r["studentSourcedId"], r["textScore"], r["score"], r["scoreDate"]) for r in results] == [
        (f"user-{world.people['sidorov'].pk}", "5", "5.00", "2026-09-14")
    ]
    line_items = read(out, "lineItems")
    assert [(li["sourcedId"], li["categorySourcedId"], li["resultValueMax"]) for li in line_items] == [
        (results[0]["lineItemSourcedId"], "kind-answer", "5")
    ]
    assert read(out, "scoreScales")[0]["scoreScaleValue"].startswith("5:5,4:4")
    assert {c["sourcedId"] for c in read(out, "categories")} >= {"kind-answer"}
