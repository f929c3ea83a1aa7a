"""The one-way dependencies between apps hold, and raw SQL follows the models it names (issue 16)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from catalogue import replica
from catalogue.models import CatalogueItem
from federation import apply
from federation.models import ReleaseEntry
from federation.services import releases

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports() -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'platform'}"}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)


def test_the_import_contracts_hold_and_fail_on_a_forbidden_import() -> None:
    assert lint_imports().returncode == 0
    forbidden = ROOT / "platform" / "schools" / "_boundary_probe.py"
    forbidden.write_text('"""Probe."""\n\nfrom federation.services.fanout import request_sync\n')
    try:
        result = lint_imports()
    finally:
        forbidden.unlink()

    assert result.returncode != 0
    assert "Region apps never import the federation or the library's services BROKEN" in result.stdout
    assert "schools._boundary_probe -> federation.services.fanout" in result.stdout


def test_the_tenants_app_may_not_import_the_federation_even_inside_a_function() -> None:
    probe = ROOT / "tenants" / "_boundary_probe.py"
    probe.write_text('"""Probe."""\n\n\ndef hidden() -> None:\n    from federation import outbox\n')
    try:
        result = lint_imports()
    finally:
        probe.unlink()

    assert result.returncode != 0
    assert "tenants never imports the federation (it listens to tenants.signals) BROKEN" in result.stdout


def test_the_apply_selects_exactly_the_catalogue_models_columns() -> None:
    model_columns = [field.column for field in CatalogueItem._meta.concrete_fields]

    assert replica.columns() == model_columns
    assert sorted(apply.SOURCE_COLUMNS) == sorted(model_columns)


def test_a_release_cut_names_release_entry_columns_that_exist() -> None:
    names = releases._names()
    entry_columns = {field.column for field in ReleaseEntry._meta.concrete_fields}

    assert set(names.entry_columns.split(", ")) == entry_columns - {ReleaseEntry._meta.pk.column}
