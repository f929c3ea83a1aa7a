"""deploy/entrypoint.sh's roles and deploy/healthcheck.py, run as the containers run them,
against the real database and broker of this test run.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection

from myschool.database_url import database_url as url_of
from tenants.migration_executor import schemas_behind
from tests import factories

ROOT = Path(__file__).resolve().parents[2]
ENTRYPOINT = ROOT / "deploy" / "entrypoint.sh"
HEALTHCHECK = ROOT / "deploy" / "healthcheck.py"


def environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The container's environment, pointing at this run's database and broker.

    Without DATABASE_URL (the embedded PostgreSQL), the server this run started:
    not one of its own under MYSCHOOL_DATA_DIR.
    """
    venv_bin = str(Path(sys.executable).parent)
    env = {key: value for key, value in os.environ.items() if key not in {"DJANGO_ENV", "SECRET_KEY"}}
    env.update({
        "PATH": f"{venv_bin}:{os.environ['PATH']}",
        "PYTHONPATH": f"{ROOT}:{ROOT / 'platform'}",
        # With no broker server configured, the file broker, in a folder of this test's own.
        "MYSCHOOL_DATA_DIR": str(tmp_path / "data"),
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "prometheus"),
    })
    env.setdefault("DATABASE_URL", database_url())
    return {**env, **extra}


def database_url() -> str:
    """This run's database, on a TCP host or the embedded server's socket directory."""
    return url_of(connection.settings_dict)


def run(args: list[str], env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=timeout, cwd=ROOT)


@pytest.mark.django_db(transaction=True)
def test_migrate_role_does_public_then_every_region_behind_in_parallel(drop_regions, tmp_path) -> None:
    regions = [factories.region("RU-MOW"), factories.region("RU-MOS")]
    schemas = [region.schema_name for region in regions]
    with connection.cursor() as cursor:
        for schema in schemas:
            # As if both regions had been created by an older release: nothing migrated.
            cursor.execute(f'DROP SCHEMA "{schema}" CASCADE')
            cursor.execute(f'CREATE SCHEMA "{schema}"')
    assert schemas_behind(schemas) == schemas

    result = run(["sh", str(ENTRYPOINT), "migrate"],
                 environment(tmp_path, DATABASE_URL=database_url(), MIGRATION_PROCESSES="2"))

    assert result.returncode == 0, result.stdout + result.stderr
    assert schemas_behind(schemas) == []
    # Each line names its schema: "[regions:public] ...", "[1/2 (50%) regions:region_ru_mow] ...".
    order = [match["schema"] for line in result.stdout.splitlines()
             if (match := re.match(r"\[(?:\d+/\d+ \(\d+%\) )?regions:(?P<schema>[^\]]+)\]", line))]
    assert order[0] == "public"
    assert "public" not in order[order.index(schemas[0]):]
    applied = {m["schema"] for line in result.stdout.splitlines() if "Applying" in line
               and (m := re.search(r"regions:(?P<schema>[^\]]+)\]", line))}
    assert set(schemas) <= applied


def test_migrate_role_stops_on_a_failure_and_says_so(tmp_path) -> None:
    url = database_url().rsplit("/", 1)[0] + "/no_such_database_for_migrate"
    result = run(["sh", str(ENTRYPOINT), "migrate"], environment(tmp_path, DATABASE_URL=url), timeout=120)
    assert result.returncode != 0
    assert "no_such_database_for_migrate" in result.stderr


SHOW_DATABASE = ["-c", "from django.db import connection; print(connection.settings_dict['NAME'])"]


@pytest.mark.parametrize(
    ("role", "database"),
    [
        (["manage", "shell", *SHOW_DATABASE], "session_pooled"),
        (["python", "-c", "import os; print(os.environ['DATABASE_URL'].rsplit('/', 1)[1])"],
         "transaction_pooled"),
    ],
)
def test_session_database_url_serves_all_but_the_web_and_shell_roles(tmp_path, role, database) -> None:
    """Workers, beat, migrations and commands need session pooling; web and a debugging shell don't."""
    server = database_url().rsplit("/", 1)[0]
    env = environment(
        tmp_path,
        DATABASE_URL=f"{server}/transaction_pooled",
        SESSION_DATABASE_URL=f"{server}/session_pooled",
    )

    result = run(["sh", str(ENTRYPOINT), *role], env, timeout=120)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == database


def test_worker_role_needs_its_queues(tmp_path) -> None:
    result = run(["sh", str(ENTRYPOINT), "worker"], environment(tmp_path), timeout=30)
    assert result.returncode == 64
    assert "usage: entrypoint.sh worker QUEUES" in result.stderr


@pytest.fixture
def worker(tmp_path: Path) -> Iterator[subprocess.Popen]:
    env = environment(tmp_path)
    log = (tmp_path / "worker.log").open("w")
    process = subprocess.Popen(
        ["sh", str(ENTRYPOINT), "worker", "default,onboarding", "--pool=solo", "--concurrency=1"],
        env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT,
    )
    yield process
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    log.close()


def test_worker_liveness_check_pings_this_containers_worker(worker, tmp_path) -> None:
    env = environment(tmp_path)
    for _ in range(12):  # up to a minute for the worker to come up
        check = run([sys.executable, str(HEALTHCHECK), "worker"], env, timeout=60)
        if check.returncode == 0:
            break
        assert worker.poll() is None, (tmp_path / "worker.log").read_text()
    assert check.returncode == 0, (tmp_path / "worker.log").read_text()

    worker.send_signal(signal.SIGTERM)
    assert worker.wait(timeout=60) == 0
    # With the worker gone the same check fails: it is not a formality.
    assert run([sys.executable, str(HEALTHCHECK), "worker"], env, timeout=60).returncode == 1


def test_broker_check_tells_a_reachable_broker_from_a_dead_one(tmp_path) -> None:
    check = [sys.executable, str(HEALTHCHECK), "broker"]
    assert run(check, environment(tmp_path), timeout=60).returncode == 0
    dead = environment(tmp_path, CELERY_BROKER_URL="amqp://guest:guest@127.0.0.1:1//")
    assert run(check, dead, timeout=60).returncode == 1
