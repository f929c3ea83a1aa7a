"""manage.py roster_import and roster_export."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from schools.models import School
from tenants.context import in_region
from tests import factories
from tests.rostering.bundles import BULK, MANIFEST_HEAD

pytestmark = pytest.mark.django_db


def folder_bundle(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir()
    (folder / "manifest.csv").write_text(MANIFEST_HEAD + "".join(f"file.{name},bulk\n" for name in files))
    for name, text in files.items():
        (folder / f"{name}.csv").write_text(text)
    return folder


def test_roster_import_checks_then_applies_a_folder_with_a_progress_bar(tmp_path: Path) -> None:
    region = factories.region("RU-TA")
    bundle = folder_bundle(tmp_path / "bundle", BULK)
    out, err = StringIO(), StringIO()

    call_command("roster_import", "--region", "RU-TA", str(bundle), "--dry-run", stdout=out, stderr=err)

    assert "users: create 4" in out.getvalue()
    assert "Dry run: nothing written" in out.getvalue()
    assert "100.0%" in err.getvalue()
    with in_region(region):
        assert not School.objects.exists()

    call_command("roster_import", "--region", "RU-TA", str(bundle), stdout=out, stderr=err)

    with in_region(region):
        assert School.objects.count() == 2


def test_roster_import_with_errors_names_them_and_writes_nothing(tmp_path: Path) -> None:
    region = factories.region("RU-TA")
    broken = {**BULK, "roles": BULK["roles"] + "r-x,,,p1,secondary,student,,,s9,\n"}
    out = StringIO()

    with pytest.raises(CommandError, match="1 rows have errors"):
        call_command(
            "roster_import",
            "--region",
            "RU-TA",
            str(folder_bundle(tmp_path / "b", broken)),
            stdout=out,
            stderr=StringIO(),
        )

    assert "roles.csv:7 orgSourcedId: Unknown organisation “s9”." in out.getvalue()
    with in_region(region):
        assert not School.objects.exists()
