"""Benchmark: how long onboarding a region takes, now and after 100 more migrations.

    .venv/bin/python bench/bench_onboarding.py [--regions N]

Each region is onboarded through the real service (tenants.services.onboarding),
N of them with the schema cloned from the region template and N with it built
by CREATE SCHEMA + migrate_schemas (django-tenants' way, what the service falls
back to without a current template). It also times a deploy with nothing to
migrate across ~40 regions: `manage.py migrate_schemas` with our executor
(tenants/migration_executor.py) against django-tenants' standard one.

All of that runs twice, in two processes with their own throwaway database
(bench_onboarding_<pid>, dropped afterwards): with the project's settings, and
with bench/bench_settings.py, which adds a generated region app carrying 100
more migrations (bench/history_app.py). The target: the template path at most
0.5 s per region, and flat as migrations accumulate.

Uses the PostgreSQL server DATABASE_URL names (only its address and user),
default postgres://postgres@127.0.0.1:5432.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

import history_app
import pgdb

ROOT = Path(__file__).resolve().parents[1]
PHASE_SCRIPT = Path(__file__).resolve().parent / "phase.py"
TARGET_SECONDS = 0.5


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--regions", type=int, default=5, help="regions per path and phase (default 5)")
    parser.add_argument("--migrate-regions", type=int, default=40,
                        help="region schemas for the no-op migrate_schemas timing (default 40)")
    parser.add_argument("--extra-migrations", type=int, default=100,
                        help="migrations in the generated app of the second phase (default 100)")
    parser.add_argument("--repeats", type=int, default=3,
                        help="runs of each no-op migrate_schemas; the median is shown (default 3)")
    args = parser.parse_args()
    if min(args.regions, args.migrate_regions, args.extra_migrations, args.repeats) < 1:
        parser.error("every count must be at least 1")
    return args


def run_phase(settings_module: str, args: argparse.Namespace, check_app: str = "") -> dict[str, Any]:
    """Run bench/phase.py under `settings_module` and return the figures it prints."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings_module,
        # What manage.py puts on sys.path: the repository root and platform/.
        "PYTHONPATH": os.pathsep.join(
            filter(None, [str(ROOT), str(ROOT / "platform"), os.environ.get("PYTHONPATH")])
        ),
        # Invitations are sent on commit; keep them in memory instead of on the console.
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        # The migrations path logs an (expected) warning per region.
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "ERROR"),
    }
    command = [
        sys.executable, str(PHASE_SCRIPT), "--regions", str(args.regions),
        "--migrate-regions", str(args.migrate_regions), "--repeats", str(args.repeats),
        "--check-app", check_app,
    ]
    print(f"phase {settings_module}:", file=sys.stderr, flush=True)
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    try:
        stdout, _ = process.communicate()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        # The phase drops its database itself; this covers a phase killed before it could.
        pgdb.drop_database(pgdb.database_name(process.pid))
    if process.returncode != 0:
        raise SystemExit(f"phase {settings_module} failed with exit status {process.returncode}")
    return json.loads(stdout.strip().splitlines()[-1])


def mean(runs: list[dict[str, Any]], key: str = "seconds") -> float:
    return statistics.fmean(run[key] for run in runs)


def table(rows: list[tuple[str, ...]]) -> str:
    """Rows as aligned columns: labels left, figures right."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def report(phases: dict[str, dict[str, Any]], args: argparse.Namespace) -> str:
    labels = list(phases)
    results = list(phases.values())
    template = [mean(p["template"]) for p in results]
    migrations = [mean(p["migrations"]) for p in results]
    noop = [p["noop_migrate"] for p in results]
    ours = [statistics.median(n["ours"]) for n in noop]
    standard = [statistics.median(n["standard"]) for n in noop]
    startup = [statistics.median(n["startup"]) for n in noop]

    def onboarding(p: dict[str, Any], path: str) -> str:
        return f"{mean(p[path]):.3f} s [{mean(p[path], 'schema_seconds'):.3f}]"

    def ratios(numerators: list[float], denominators: list[float]) -> tuple[str, ...]:
        return tuple(f"{n / d:.1f}x" for n, d in zip(numerators, denominators, strict=True))

    header = ("", *labels)
    shape = ("  (migrations, region tables)",
             *(f"({p['migration_count']}, {p['template_tables']})" for p in results))
    base, extra, squashed = template
    return "\n".join([
        "",
        f"Onboarding, seconds per region (mean of {args.regions}; [create_region step alone])",
        table([
            header, shape,
            ("template path", *(onboarding(p, "template") for p in results)),
            ("migrations path", *(onboarding(p, "migrations") for p in results)),
            ("migrations / template", *ratios(migrations, template)),
        ]),
        "",
        f"No-op `manage.py migrate_schemas` over {noop[0]['schemas']} region schemas"
        f" (median of {args.repeats}; wall clock, start-up included)",
        table([
            header,
            ("ours (skip-if-current)", *(f"{v:.2f} s" for v in ours)),
            ("django-tenants --executor standard", *(f"{v:.2f} s" for v in standard)),
            ("standard / ours", *ratios(standard, ours)),
            ("Django start-up alone (--help)", *(f"{v:.2f} s" for v in startup)),
        ]),
        "",
        f"Target, template path <= {TARGET_SECONDS} s per region:"
        f" {'met' if max(template) <= TARGET_SECONDS else 'NOT met'} (worst {max(template):.3f} s).",
        f"Base -> +{args.extra_migrations} migrations: template path x{extra / base:.2f},"
        f" migrations path x{migrations[1] / migrations[0]:.2f}.",
        f"Same tables, {args.extra_migrations} migrations vs 1 squashed: template path"
        f" x{extra / squashed:.2f}, migrations path x{migrations[1] / migrations[2]:.2f}"
        " (what the number of migrations alone costs).",
    ])


def main() -> None:
    args = parse_args()
    extra = f"+{args.extra_migrations} migrations"
    phases: dict[str, dict[str, Any]] = {"base": run_phase("myschool.settings", args)}
    # The phases run one after another, so the app can be rewritten in between.
    history_app.generate(args.extra_migrations)
    phases[extra] = run_phase("bench.bench_settings", args, check_app=history_app.APP_LABEL)
    history_app.generate(args.extra_migrations, squashed=True)
    phases[f"{extra}, squashed"] = run_phase("bench.bench_settings", args, check_app=history_app.APP_LABEL)
    print(report(phases, args))


if __name__ == "__main__":
    main()
