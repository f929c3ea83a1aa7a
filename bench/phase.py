"""One phase of the onboarding benchmark, in its own process and its own database.

Started by bench/bench_onboarding.py once per settings module (Django settings are
per process), with DJANGO_SETTINGS_MODULE and PYTHONPATH set there. Creates
bench_onboarding_<pid>, migrates it, onboards regions both ways, times no-op
deploys, drops the database, and prints one JSON object on stdout. Everything
else it or Django writes goes to stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from unittest import mock

import pgdb

ROOT = Path(__file__).resolve().parents[1]
# Before bench/, which holds a diary.py of its own: `diary` must be the app.
sys.path[:0] = [str(ROOT), str(ROOT / "platform")]
# A schema name that never exists: pointing the template setting at it is the
# "template missing" case, which create_region_schema answers with CREATE
# SCHEMA + migrate_schemas for that schema (django-tenants' own way).
MISSING_TEMPLATE = "bench_no_template"
# Time zones do not influence what is measured; one valid zone will do.
TIME_ZONE = "Europe/Moscow"


def note(message: str) -> None:
    print(f"  [{os.environ.get('DJANGO_SETTINGS_MODULE')}] {message}", file=sys.stderr, flush=True)


def region_codes() -> list[tuple[str, str]]:
    """(code, name) of every ISO 3166-2:RU subdivision, in a fixed order."""
    import pycountry

    return sorted((s.code, s.name) for s in pycountry.subdivisions.get(country_code="RU"))


def onboard(code: str, name: str, expected_path: str) -> dict[str, Any]:
    """Onboard one region through the real service; time it and its schema step.

    The service runs every step in its own transaction.atomic(), as in
    production. Wrapping create_region_schema only records which path it
    took, so a silent fallback cannot pass for a fast template clone.
    """
    from tenants.models import OnboardingStep, RunState
    from tenants.services import onboarding

    marks: dict[tuple[str, str], float] = {}
    paths: list[str] = []
    create_region_schema = onboarding.create_region_schema

    def progress(step: OnboardingStep) -> None:
        marks[step.name, step.state] = time.perf_counter()

    def recording(schema: str) -> str:
        path = create_region_schema(schema)
        paths.append(path)
        return path

    label = code.split("-", 1)[1].lower()
    with mock.patch.object(onboarding, "create_region_schema", recording):
        start = time.perf_counter()
        run = onboarding.onboard_region(
            code=code, name=name, time_zone=TIME_ZONE, admin_email=f"admin@{label}.example",
            progress=progress,
        )
        seconds = time.perf_counter() - start
    if run.state != RunState.DONE:
        raise RuntimeError(f"onboarding {code} ended {run.state}: {run.error}")
    if paths != [expected_path]:
        raise RuntimeError(f"onboarding {code} built its schema by {paths}, expected {expected_path}")
    schema_seconds = marks["create_region", RunState.DONE] - marks["create_region", RunState.RUNNING]
    return {"code": code, "seconds": seconds, "schema_seconds": schema_seconds}


def measure_onboarding(codes: list[tuple[str, str]], regions: int) -> dict[str, Any]:
    from django.test import override_settings

    # A long-running worker has paid one-time costs (imports, caches such as
    # expected_migrations) long before; pay them here, outside the figures.
    warmup = onboard(*codes[0], expected_path="template")
    template, migrations = [], []
    # Interleaved, so drift while the catalog grows hits both paths alike.
    for i in range(regions):
        template.append(onboard(*codes[1 + 2 * i], expected_path="template"))
        with override_settings(REGION_TEMPLATE_SCHEMA=MISSING_TEMPLATE):
            migrations.append(onboard(*codes[2 + 2 * i], expected_path="migrations"))
        note(f"region {i + 1}/{regions}: template {template[-1]['seconds']:.2f} s,"
             f" migrations {migrations[-1]['seconds']:.2f} s")
    return {"warmup": warmup, "template": template, "migrations": migrations}


def manage(*args: str) -> float:
    """Wall-clock seconds of `python manage.py <args>` in a fresh process, like a deploy step."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return seconds


def measure_noop_migrate(repeats: int) -> dict[str, Any]:
    from tenants.migration_executor import schemas_behind
    from tenants.models import Region
    from tenants.schemas import template_schema

    schemas = [*Region.objects.values_list("schema_name", flat=True), template_schema()]
    if schemas_behind(schemas):
        raise RuntimeError(f"not a no-op: schemas behind: {schemas_behind(schemas)}")
    ours, standard, startup = [], [], []
    # Alternating runs, so a noisy neighbour on the server hits both executors.
    for i in range(repeats):
        ours.append(manage("migrate_schemas", "--noinput", "-v", "0"))
        standard.append(manage("migrate_schemas", "--noinput", "-v", "0", "--executor", "standard"))
        # Loading Django and the command without running it: the floor for both.
        startup.append(manage("migrate_schemas", "--help"))
        note(f"no-op migrate_schemas {i + 1}/{repeats}: ours {ours[-1]:.2f} s,"
             f" standard {standard[-1]:.2f} s")
    if schemas_behind(schemas):
        raise RuntimeError(f"schemas fell behind during the no-op runs: {schemas_behind(schemas)}")
    return {"schemas": len(schemas) - 1, "ours": ours, "standard": standard, "startup": startup}


def run(args: argparse.Namespace) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from tenants.schemas import expected_migrations, template_is_current, template_schema

    note("migrate: public schema and region template")
    start = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    migrate_seconds = time.perf_counter() - start
    if not template_is_current():
        raise RuntimeError("migrate left the region template behind the code")
    if args.check_app:
        # The generated app must look like a healthy one: models match migrations.
        try:
            call_command("makemigrations", args.check_app, check=True, dry_run=True,
                         interactive=False, verbosity=0)
        except SystemExit as exc:
            raise RuntimeError(f"{args.check_app}: models and migrations disagree") from exc
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_class WHERE relnamespace = %s::regnamespace AND relkind = 'r'",
            [template_schema()],
        )
        template_tables = cursor.fetchone()[0]

    codes = region_codes()
    total = max(args.migrate_regions, 2 * args.regions + 1)
    if total > len(codes):
        raise SystemExit(f"only {len(codes)} region codes exist; asked for {total} regions")
    onboarding = measure_onboarding(codes, args.regions)
    note(f"onboarding {total - 2 * args.regions - 1} more regions from the template")
    for code, name in codes[2 * args.regions + 1:total]:
        onboard(code, name, expected_path="template")
    return {
        "settings": os.environ["DJANGO_SETTINGS_MODULE"],
        "migration_count": len(expected_migrations()),
        "template_tables": template_tables,
        "initial_migrate_seconds": migrate_seconds,
        **onboarding,
        "noop_migrate": measure_noop_migrate(args.repeats),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--regions", type=int, required=True)
    parser.add_argument("--migrate-regions", type=int, required=True)
    parser.add_argument("--repeats", type=int, required=True)
    parser.add_argument("--check-app", default="", help="app label whose models must match its migrations")
    args = parser.parse_args()

    # stdout carries only the result; migrate and friends talk to stderr.
    with pgdb.throwaway_database("onboarding"), contextlib.redirect_stdout(sys.stderr):
        result = run(args)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
