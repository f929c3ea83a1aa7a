"""Project-wide guarantees: layout, each app's schema, production mode."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.apps import apps
from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]
PYTHONPATH = f"{ROOT}:{ROOT / 'platform'}"

# Where each of our apps' tables live. Moving an app between the lists later
# costs a manual migration of every region: this test makes that a decision.
PUBLIC_ONLY = {"tenants", "shared_library", "federation", "consoles"}
EVERY_SCHEMA = {"accounts", "audit"}
REGION_ONLY = {
    "academics", "schools", "schedule", "journal", "diary", "portfolio", "catalogue", "rostering", "demo",
}


def run_python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ENV", "SECRET_KEY"}}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
        env={**clean, "PYTHONPATH": PYTHONPATH, **env}, cwd=ROOT,
    )


def test_platform_source_root_does_not_shadow_the_standard_library() -> None:
    result = run_python("import platform, uuid; print(platform.__file__); platform.system()")
    assert result.returncode == 0, result.stderr
    assert str(ROOT) not in result.stdout


def test_benchmark_scripts_do_not_shadow_the_project_packages() -> None:
    """`python bench/x.py` puts bench/ first on sys.path: a bench/diary.py would be `import diary`."""
    roots = (ROOT, ROOT / "platform")
    packages = {p.name for root in roots for p in root.iterdir() if (p / "__init__.py").exists()}
    scripts = {p.stem for p in (ROOT / "bench").glob("*.py")}

    assert packages & scripts == set()
    assert {"diary", "catalogue", "journal"} <= packages


def test_every_app_has_a_declared_home() -> None:
    ours = {c.label for c in apps.get_app_configs() if not c.path.startswith(sys.prefix)}
    assert ours == PUBLIC_ONLY | EVERY_SCHEMA | REGION_ONLY
    for label in PUBLIC_ONLY:
        assert label in settings.SHARED_APPS and label not in settings.TENANT_APPS
    for label in EVERY_SCHEMA:
        assert label in settings.SHARED_APPS and label in settings.TENANT_APPS
    for label in REGION_ONLY:
        assert label in settings.TENANT_APPS and label not in settings.SHARED_APPS
    # Failed sign-ins are counted in the schema of the host they were tried on (accounts.lockout).
    assert "axes" in settings.SHARED_APPS and "axes" in settings.TENANT_APPS
    # content type ids must be the same in every schema
    assert "django.contrib.contenttypes" not in settings.TENANT_APPS


def test_production_refuses_to_start_without_secrets() -> None:
    result = run_python(
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='myschool.settings'; django.setup()",
        DJANGO_ENV="production",
    )
    assert result.returncode != 0
    assert "DJANGO_ENV=production needs these environment variables: SECRET_KEY" in result.stderr


def test_production_refuses_to_start_with_metrics_open_to_anyone() -> None:
    result = run_python(
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='myschool.settings'; django.setup()",
        DJANGO_ENV="production", SECRET_KEY="x" * 20 + "-production-secret-0123456789-abcdefghij",
        ALLOWED_HOSTS="myschool.example", DATABASE_URL="postgres://myschool@db.internal:5432/myschool",
    )
    assert result.returncode != 0
    assert "DJANGO_ENV=production needs these environment variables: METRICS_TOKEN" in result.stderr


def test_production_settings_pass_the_deploy_check() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": PYTHONPATH, "DJANGO_ENV": "production",
             "SECRET_KEY": "x" * 20 + "-production-secret-0123456789-abcdefghij",
             "ALLOWED_HOSTS": "myschool.example,.myschool.example",
             "BASE_DOMAIN": "myschool.example",
             "DATABASE_URL": "postgres://myschool@db.internal:5432/myschool",
             "METRICS_TOKEN": "production-metrics-token"},
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_unused_code_and_the_check_finds_some(tmp_path: Path) -> None:
    """`make lint`'s vulture run ([tool.vulture]) passes, and would fail on a function nobody calls."""
    vulture = [sys.executable, "-m", "vulture"]
    clean = subprocess.run(vulture, capture_output=True, text=True, timeout=120, cwd=ROOT)
    probe = tmp_path / "probe.py"
    probe.write_text('def nobody_calls_me() -> None:\n    """Dead."""\n')
    dead = subprocess.run([*vulture, str(probe)], capture_output=True, text=True, timeout=120, cwd=ROOT)

    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert dead.returncode != 0 and "nobody_calls_me" in dead.stdout
