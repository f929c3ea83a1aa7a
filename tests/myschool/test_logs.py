"""Log lines name their region and request: from a request, a task, and in production JSON."""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from celery import Celery

from myschool import logs
from tenants.services.lifecycle import suspend_region
from tenants.services.onboarding import request_onboarding
from tenants.tasks import run_onboarding_task
from tests import factories
from tests.myschool.logcapture import JsonLines, json_lines

pytestmark = pytest.mark.django_db

FEDERATION = "myschool.localhost"
ROOT = Path(__file__).resolve().parents[2]
NEW_ID = re.compile(r"^[0-9a-f]{32}$")


@pytest.fixture
def lines() -> Iterator[JsonLines]:
    with json_lines() as captured:
        yield captured


def test_a_request_line_carries_the_region_and_the_callers_request_id(client, lines) -> None:
    mos = factories.host(factories.region("RU-MOS"))

    response = client.get("/login/", HTTP_HOST=mos, headers={"X-Request-ID": "edge-7f3a9c12.0001"})

    assert response["X-Request-ID"] == "edge-7f3a9c12.0001"
    [line] = lines.of("myschool.request")
    assert line["region"] == "RU-MOS" and line["request_id"] == "edge-7f3a9c12.0001"
    assert (line["level"], line["message"]) == ("INFO", "GET login/ 200")
    assert (line["method"], line["route"], line["status"], line["host_kind"]) == (
        "GET", "login/", 200, "region")
    assert isinstance(line["db_queries"], int) and line["duration_ms"] >= 0
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", line["time"])


@pytest.mark.parametrize("given", ['x" injected="1', "two words", "a" * 200, ""])
def test_a_malformed_request_id_is_replaced_by_a_new_one(client, lines, given: str) -> None:
    headers = {"X-Request-ID": given} if given else {}
    response = client.get("/login/", HTTP_HOST=FEDERATION, headers=headers)

    assert NEW_ID.match(response["X-Request-ID"])
    [line] = lines.of("myschool.request")
    assert line["request_id"] == response["X-Request-ID"] and line["region"] == "-"


def test_every_line_logged_while_serving_a_region_carries_its_code(client, lines) -> None:
    mos, mow = factories.region("RU-MOS"), factories.region("RU-MOW")
    suspend_region(region=mow)
    mos_host, mow_host = factories.host(mos), factories.host(mow)
    lines.clear()

    missing = client.get("/no-such-page/", HTTP_HOST=mos_host)
    closed = client.get("/login/", HTTP_HOST=mow_host)

    ids = missing["X-Request-ID"], closed["X-Request-ID"]
    # Django's own lines, written after every middleware has returned, included; a closed
    # region's 503 is an expected answer, in the access log only.
    django_lines = lines.of("django.request")
    assert [(line["level"], line["region"], line["request_id"]) for line in django_lines] == [
        ("WARNING", "RU-MOS", ids[0]),
    ]
    request_lines = lines.of("myschool.request")
    assert [(line["region"], line["status"], line["request_id"]) for line in request_lines] == [
        ("RU-MOS", 404, ids[0]), ("RU-MOW", 503, ids[1]),
    ]
    # Nothing of a request stays bound to the thread after it.
    assert (logs.current_region(), logs.current_request_id()) == ("-", "-")


def test_a_task_line_carries_the_region_it_was_given(lines) -> None:
    run, _created = request_onboarding(code="RU-MOS", name="Московская область",
                                       time_zone="Europe/Moscow", admin_email="a@mos.example")

    result = run_onboarding_task.apply(args=[str(run.pk), "RU-MOS"])

    assert result.successful(), result.traceback
    [built] = [line for line in lines.all() if "built from" in line["message"]]
    assert built["region"] == "RU-MOS"
    assert built["request_id"] == result.id  # queued by no request: the task's own id
    assert (logs.current_region(), logs.current_request_id()) == ("-", "-")


def test_a_task_given_a_schema_name_logs_the_regions_code(lines) -> None:
    app = Celery("throwaway", set_as_current=False)

    @app.task(name="tests.tasks.refresh_region")
    def refresh_region(schema_name: str, *, full: bool = False) -> None:
        logging.getLogger("tests.tasks").info("refreshing %s", schema_name)

    refresh_region.apply(args=["region_ru_kgd"])
    refresh_region.apply(kwargs={"schema_name": "region_ru_kam", "full": True})
    refresh_region.apply(kwargs={"schema_name": "public"})

    assert [line["region"] for line in lines.of("tests.tasks")] == ["RU-KGD", "RU-KAM", "-"]


def test_an_error_stays_one_line_with_its_traceback_and_plain_extras(lines) -> None:
    with logs.log_context(region="RU-TA", request_id="req-0001"):
        try:
            raise ConnectionError("mail server down")
        except ConnectionError:
            logging.getLogger("tests.errors").exception(
                "Step failed", extra={"step": "activate", "data": {"args": ["admin@tatar.example"]}}
            )

    assert lines.stream.getvalue().count("\n") == 1
    [line] = lines.of("tests.errors")
    assert (line["level"], line["region"], line["request_id"]) == ("ERROR", "RU-TA", "req-0001")
    assert "ConnectionError: mail server down" in line["exception"]
    assert line["step"] == "activate" and "data" not in line
    assert (logs.current_region(), logs.current_request_id()) == ("-", "-")


def _python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items()
             if k not in {"DJANGO_ENV", "SECRET_KEY", "LOG_FORMAT", "ALLOWED_HOSTS"}}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT,
        # Settings only: a database that is never connected to, so none is started either.
        env={**clean, "PYTHONPATH": f"{ROOT}:{ROOT / 'platform'}",
             "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none", **env},
    )


LOG_SOMETHING = (
    "import django, logging, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'myschool.settings';"
    " django.setup(); logging.getLogger('myschool.check').warning('Регион %s', 'RU-MOS')"
)
PRODUCTION = {
    "DJANGO_ENV": "production", "SECRET_KEY": "x" * 20 + "-production-secret-0123456789-abcdefghij",
    "ALLOWED_HOSTS": "myschool.example,.myschool.example", "BASE_DOMAIN": "myschool.example",
    "DATABASE_URL": "postgres://myschool@db.internal:5432/myschool", "METRICS_TOKEN": "scrape-me",
}


def test_production_writes_one_json_object_a_line() -> None:
    result = _python(LOG_SOMETHING, **PRODUCTION)

    assert result.returncode == 0, result.stderr
    [line] = [json.loads(text) for text in result.stderr.splitlines()]
    assert {k: line[k] for k in ("level", "logger", "message", "region", "request_id")} == {
        "level": "WARNING", "logger": "myschool.check", "message": "Регион RU-MOS",
        "region": "-", "request_id": "-",
    }


def test_development_writes_plain_text_unless_asked_for_json() -> None:
    plain = _python(LOG_SOMETHING)
    asked = _python(LOG_SOMETHING, LOG_FORMAT="json")

    assert plain.returncode == asked.returncode == 0, plain.stderr + asked.stderr
    assert plain.stderr.rstrip().endswith("WARNING myschool.check [-]: Регион RU-MOS")
    assert json.loads(asked.stderr.splitlines()[-1])["message"] == "Регион RU-MOS"
