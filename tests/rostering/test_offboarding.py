"""A region's data to take away: one archive with roster, journal, portfolios, files and a README."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from journal.services import record_mark, set_homework
from tenants.context import in_region
from tests import factories
from tests.world import classroom

pytestmark = pytest.mark.django_db


def test_the_archive_holds_the_roster_journal_and_files(tmp_path: Path) -> None:
    world = classroom(factories.region("RU-MOS"))
    lesson = world.lesson("ivanova", "Математика", "5А", date(2026, 9, 14))
    with in_region(world.region):
        record_mark(
            region=world.region,
            lesson=lesson,
            pupil=world.pupil("sidorov"),
            value="4",
            kind="answer",
            actor=world.teacher("ivanova"),
        )
        set_homework(
            region=world.region,
            lesson=lesson,
            text="№ 12",
            due_on=date(2026, 9, 16),
            actor=world.teacher("ivanova"),
            files=[SimpleUploadedFile("task.txt", b"solve 12")],
        )
    out = tmp_path / "archive.zip"

    call_command("region_archive", "--region", "RU-MOS", str(out), stdout=StringIO())

    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        assert {
            "README.md",
            "roster/manifest.csv",
            "roster/users.csv",
            "journal/marks.csv",
            "journal/attendance.csv",
            "journal/homework.csv",
            "journal/final_marks.csv",
            "portfolio/achievements.csv",
        } <= set(names)
        marks = list(csv.DictReader(io.TextIOWrapper(archive.open("journal/marks.csv"), encoding="utf-8")))
        users = {
            row["sourcedId"]: row
            for row in csv.DictReader(io.TextIOWrapper(archive.open("roster/users.csv"), encoding="utf-8"))
        }
        homework = list(
            csv.DictReader(io.TextIOWrapper(archive.open("journal/homework.csv"), encoding="utf-8"))
        )
        stored = [n for n in names if n.startswith("files/")]
        assert len(stored) == 1 and archive.read(stored[0]) == b"solve 12"
        assert "OneRoster 1.2" in archive.read("README.md").decode()
    assert [(m["value"], users[m["pupil"]]["email"]) for m in marks] == [("4", "sidorov@school.example")]
    assert homework[0]["files"] == stored[0].removeprefix("files/")
