"""/metrics: request counters, query counts, region gauges; never on a region's own host."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from myschool import metrics
from tenants.services import onboarding
from tenants.services.lifecycle import suspend_region
from tests import factories
from tests.myschool.scraping import FEDERATION, scrape, value

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def test_requests_are_counted_by_method_status_and_kind_of_host(client) -> None:
    mos, mow = factories.region("RU-MOS"), factories.region("RU-MOW")
    suspend_region(region=mow)
    before = scrape(client)

    client.get("/login/", HTTP_HOST=factories.host(mos))
    client.get("/login/", HTTP_HOST=factories.host(mos))
    client.get("/login/", HTTP_HOST=FEDERATION)
    client.get("/login/", HTTP_HOST=factories.host(mow))
    client.get("/", HTTP_HOST="atlantis.myschool.localhost")
    client.get("/healthz", HTTP_HOST=FEDERATION)  # probes are not traffic
    after = scrape(client)

    def delta(**labels: str) -> float:
        name = "myschool_http_requests_total"
        return value(after, name, **labels) - value(before, name, **labels)

    assert delta(method="GET", status="200", host_kind="region") == 2
    assert delta(method="GET", status="200", host_kind="federation") == 1
    assert delta(method="GET", status="503", host_kind="region") == 1
    assert delta(method="GET", status="404", host_kind="unknown") == 1
    total = sum(v for (name, _), v in after.items() if name == "myschool_http_requests_total")
    assert total - sum(v for (name, _), v in before.items() if name == "myschool_http_requests_total") == 5
    # No region code on request series: their number must not grow with the regions.
    request_series = [dict(labels) for name, labels in after if name.startswith("myschool_http_")]
    assert request_series and all("region" not in labels for labels in request_series)
    latency = "myschool_http_request_duration_seconds_count"
    assert value(after, latency, host_kind="region") - value(before, latency, host_kind="region") == 3


def test_each_request_records_how_many_queries_it_made(client) -> None:
    mos = factories.region("RU-MOS")
    mos_host = factories.host(mos)
    factories.region_user(mos, "ivanova@mos.example", Role.TEACHER)
    client.post("/login/", {"username": "ivanova@mos.example", "password": factories.PASSWORD},
                HTTP_HOST=mos_host)
    before = scrape(client)

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/", HTTP_HOST=mos_host).status_code == 200
    made = len(queries)  # read now: the next request empties the log
    after = scrape(client)

    name = "myschool_http_request_db_queries"
    assert made > 0
    assert (value(after, f"{name}_sum", host_kind="region")
            - value(before, f"{name}_sum", host_kind="region")) == made
    assert (value(after, f"{name}_count", host_kind="region")
            - value(before, f"{name}_count", host_kind="region")) == 1


def test_onboarding_state_of_every_region_is_a_gauge(client, monkeypatch) -> None:
    factories.region("RU-MOS")
    suspend_region(region=factories.region("RU-MOW"))
    monkeypatch.setitem(onboarding.STEPS, "activate", lambda run: 1 / 0)
    onboarding.onboard_region(code="RU-TA", name="Республика Татарстан",
                              time_zone="Europe/Moscow", admin_email="a@tatar.example")

    samples = scrape(client)

    status = "myschool_region_status"
    assert value(samples, status, region="RU-MOS", state="active") == 1
    assert value(samples, status, region="RU-MOS", state="suspended") == 0
    assert value(samples, status, region="RU-MOW", state="suspended") == 1
    assert value(samples, status, region="RU-TA", state="onboarding") == 1
    run = "myschool_region_onboarding_state"
    assert value(samples, run, region="RU-MOS", state="done") == 1
    assert value(samples, run, region="RU-TA", state="failed") == 1
    assert value(samples, run, region="RU-TA", state="done") == 0
    assert value(samples, "myschool_region_gauge_up", gauge=run) == 1


def test_a_registered_region_gauge_is_read_at_each_scrape(client, monkeypatch) -> None:
    monkeypatch.setattr(metrics, "_region_gauges", dict(metrics._region_gauges))
    lag = {"RU-MOS": 3, "RU-MOW": 0}
    metrics.register_region_gauge(
        "myschool_region_sync_lag", "Publications the region has not applied yet.", lambda: lag
    )

    first = scrape(client)
    lag["RU-MOS"] = 1
    second = scrape(client)

    assert value(first, "myschool_region_sync_lag", region="RU-MOS") == 3
    assert value(first, "myschool_region_sync_lag", region="RU-MOW") == 0
    assert value(second, "myschool_region_sync_lag", region="RU-MOS") == 1
    assert value(second, "myschool_region_gauge_up", gauge="myschool_region_sync_lag") == 1


def test_a_failing_gauge_source_does_not_break_the_scrape(client, monkeypatch) -> None:
    monkeypatch.setattr(metrics, "_region_gauges", dict(metrics._region_gauges))
    factories.region("RU-MOS")

    def broken() -> dict[str, float]:
        raise RuntimeError("federation tables not there yet")

    metrics.register_region_gauge("myschool_region_sync_lag", "Lag.", broken)
    samples = scrape(client)

    assert value(samples, "myschool_region_gauge_up", gauge="myschool_region_sync_lag") == 0
    assert not any(name == "myschool_region_sync_lag" for name, _ in samples)
    assert value(samples, "myschool_region_status", region="RU-MOS", state="active") == 1


def test_bad_metric_names_are_refused() -> None:
    with pytest.raises(ValueError, match="not a Prometheus metric name"):
        metrics.register_region_gauge("sync-lag", "Lag.", dict)


def test_metrics_want_the_bearer_token_when_one_is_set(client, settings) -> None:
    settings.METRICS_TOKEN = "scrape-token-0123456789"

    missing = client.get("/metrics", HTTP_HOST=FEDERATION)
    wrong = client.get("/metrics", HTTP_HOST=FEDERATION, headers={"Authorization": "Bearer guess"})

    assert missing.status_code == wrong.status_code == 401
    assert b"myschool_" not in missing.content + wrong.content
    assert missing["WWW-Authenticate"].startswith("Bearer")
    samples = scrape(client, "10.42.0.17:8000", Authorization="Bearer scrape-token-0123456789")
    assert ("myschool_region_gauge_up", frozenset({("gauge", "myschool_region_status")})) in samples


def test_a_region_host_never_shows_the_federation_metrics(client, settings) -> None:
    settings.METRICS_TOKEN = "scrape-token-0123456789"
    mos, mow = factories.region("RU-MOS"), factories.region("RU-MOW")
    suspend_region(region=mow)
    token = {"Authorization": "Bearer scrape-token-0123456789"}

    open_region = client.get("/metrics", HTTP_HOST=factories.host(mos), headers=token)
    closed_region = client.get("/metrics", HTTP_HOST=factories.host(mow), headers=token)

    assert open_region.status_code == 404 and closed_region.status_code == 503
    assert b"myschool_" not in open_region.content + closed_region.content


def test_worker_processes_add_up_in_multiprocess_mode(tmp_path) -> None:
    """PROMETHEUS_MULTIPROC_DIR: counts from separate processes appear in one scrape."""
    env = {**os.environ, "PYTHONPATH": f"{ROOT}:{ROOT / 'platform'}",
           "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}

    def run(code: str) -> str:
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                env=env, cwd=ROOT, timeout=120)
        assert result.returncode == 0, result.stderr
        return result.stdout

    count = ("from myschool import metrics\n"
             "metrics.CELERY_TASKS.labels(task='journal.tasks.import_marks', outcome='success').inc()")
    run(count)
    run(count)
    text = run("from prometheus_client import generate_latest\n"
               "from myschool import metrics\n"
               "print(generate_latest(metrics.process_registry()).decode())")

    assert ('myschool_celery_tasks_total{outcome="success",task="journal.tasks.import_marks"} 2.0'
            in text)
