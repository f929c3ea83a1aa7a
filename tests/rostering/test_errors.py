"""A bundle with errors: every row error named by file, line and column in Russian; all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import translation

from accounts.models import User
from rostering.bundle import BundleRejected
from rostering.models import ImportState, RosterImport
from schools.models import Enrolment, School
from tenants.context import in_region
from tenants.models import Region
from tests import factories
from tests.rostering.bundles import BULK, import_bundle, write_bundle

pytestmark = pytest.mark.django_db

BROKEN = {
    **BULK,
    "users": BULK["users"]
    + "t1,,,true,ivanova2,,Мария,Иванова,,,other@school.example,,,,,,,,,,,s1,\n"
    + "norole,,,true,norole,,Без,Роли,,,norole@school.example,,,,,,,,,,,s1,\n",
    "roles": BULK["roles"] + "r-x,,,p1,secondary,student,,,s9,\n",
    "enrollments": BULK["enrollments"]
    + "e7,,,c5a,s1,p1,student,,2026-13-01,\n"
    + "e8,,,c7v,s1,p1,student,,,\n",
}


@pytest.fixture
def region() -> Region:
    return factories.region("RU-TA")


def messages(report: dict) -> list[tuple[str, int, str, str]]:
    return [(e["file"], e["line"], e["column"], e["message"]) for e in report["errors"]]


def test_each_row_error_has_its_file_line_column_and_russian_message(region: Region, tmp_path: Path) -> None:
    with translation.override("ru"):
        checked = import_bundle(region, write_bundle(tmp_path, BROKEN), apply=False)

    assert checked.state == ImportState.CHECKED
    assert messages(checked.report) == [
        ("users.csv", 6, "sourcedId", "Идентификатор sourcedId «t1» уже встречался в этом файле (строка 2)."),
        ("users.csv", 7, "sourcedId", "У пользователя «norole» нет роли в roles.csv."),
        ("roles.csv", 7, "orgSourcedId", "Неизвестная организация «s9»."),
        ("enrollments.csv", 8, "beginDate", "«2026-13-01» — не дата (ГГГГ-ММ-ДД)."),
        ("enrollments.csv", 9, "classSourcedId", "Класса «c7v» нет ни в пакете, ни в регионе."),
    ]
    assert checked.report["error_count"] == 5


def test_a_line_not_in_utf8_is_an_error_on_that_line(region: Region, tmp_path: Path) -> None:
    users = BULK["users"].encode() + "x1,,,true,x1,,Иван,Петров,,,,,,,,,,,,,,s1,\n".encode("cp1251")
    with translation.override("ru"):
        checked = import_bundle(region, write_bundle(tmp_path, {**BULK, "users": users}), apply=False)

    assert ("users.csv", 6, "", "Строка не в кодировке UTF-8.") in messages(checked.report)


def test_a_missing_required_column_is_reported_on_the_header(region: Region, tmp_path: Path) -> None:
    orgs = BULK["orgs"].replace(",type,", ",kind,")
    with translation.override("ru"):
        checked = import_bundle(region, write_bundle(tmp_path, {**BULK, "orgs": orgs}), apply=False)

    assert ("orgs.csv", 1, "type", "Нет обязательного столбца.") in messages(checked.report)


def test_a_bundle_with_errors_applies_nothing(region: Region, tmp_path: Path) -> None:
    path = write_bundle(tmp_path, BROKEN)

    refused = import_bundle(region, path, apply=True)

    assert refused.state == ImportState.CHECKED
    assert refused.report["error_count"] == 5
    with in_region(region):
        assert not School.objects.exists()
        assert not User.objects.filter(email="ivanova@school.example").exists()


def test_skipping_rows_with_errors_applies_the_rest_and_lists_the_skipped(
    region: Region, tmp_path: Path
) -> None:
    applied = import_bundle(region, write_bundle(tmp_path, BROKEN), apply=True, skip_errors=True)

    assert applied.state == ImportState.APPLIED
    assert [(e["file"], e["line"]) for e in applied.report["errors"]] == [
        ("users.csv", 6),
        ("users.csv", 7),
        ("roles.csv", 7),
        ("enrollments.csv", 8),
        ("enrollments.csv", 9),
    ]
    with in_region(region):
        assert User.objects.filter(email="ivanova@school.example").exists()
        assert not User.objects.filter(email__in=["other@school.example", "norole@school.example"]).exists()
        assert Enrolment.objects.count() == 2


def test_the_preview_counts_rows_per_file_and_per_school(region: Region, tmp_path: Path) -> None:
    checked = import_bundle(region, write_bundle(tmp_path, BULK), apply=False)

    report = checked.report
    assert report["files"]["users"] == {"create": 4}
    assert report["files"]["enrollments"] == {"create": 5, "same": 1}
    school_one = next(s for s in report["schools"] if s["sourced_id"] == "s1")
    assert school_one["files"]["classes"] == {"create": 3}
    with in_region(region):
        assert not School.objects.exists()


def test_a_zip_that_is_not_a_oneroster_bundle_is_refused_before_reading(
    region: Region, tmp_path: Path
) -> None:
    path = write_bundle(tmp_path, {**BULK, "secrets": "password\n"})

    with translation.override("ru"), pytest.raises(BundleRejected):
        import_bundle(region, path, apply=False)

    with in_region(region):
        failed = RosterImport.objects.get()
    assert failed.state == ImportState.FAILED
    assert failed.error == "«secrets.csv» — не файл пакета OneRoster 1.2 CSV."
