"""The fault suite: faults injected into a running federation on the real PostgreSQL and RabbitMQ.

Each test runs a real worker (prefork, in its own processes), injects one
fault, and ends by comparing every region's catalogue with a clean run (rows
and checksum), printing the measured time to recover. Nothing but the fault's
own cure is done by hand, and only where the region itself is broken.
"""

from __future__ import annotations

import os
import re
import signal
import time
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from federation.models import Delivery, OutboxMessage
from federation.selectors import region_sync_rows
from federation.services.releases import cut_release
from myschool.celery import app
from tests import factories
from tests.federation import library
from tests.federation.faults import (
    BrokerProxy,
    Worker,
    all_regions_clean,
    assert_same_as_clean_run,
    backend_waiting_on,
    broker_target,
    broker_vhost,
    report,
    side_session,
    wait_for,
)

pytestmark = [
    pytest.mark.skipif(not settings.CELERY_BROKER_URL.startswith("amqp"),
                       reason="the fault suite needs RabbitMQ (CELERY_BROKER_URL=amqp://...)"),
    pytest.mark.usefixtures("drop_regions"),
]
CODES = ("RU-MOS", "RU-TA", "RU-KGD")
FAST = {"FEDERATION_BUSY_RETRY_SECONDS": "1", "FEDERATION_MAX_ATTEMPTS": "2",
        "FEDERATION_OUTBOX_EVERY_SECONDS": "2", "FEDERATION_SWEEP_EVERY_SECONDS": "5",
        "FEDERATION_LEASE_SECONDS": "5"}


@pytest.fixture
def federation(release_manager):
    """Three regions and a library of 12 items waiting for their first release."""
    regions = {code: factories.region(code) for code in CODES}
    for n in range(12):
        library.published_item(f"Лабораторная работа {n}")
    return regions


@pytest.fixture
def psql(drop_regions):
    """An operator's psql session (closed before the region schemas are dropped)."""
    session = side_session()
    yield session
    session.close()


@pytest.fixture
def worker(tmp_path):
    started = []

    def start(**kwargs) -> Worker:
        kwargs.setdefault("broker_url", settings.CELERY_BROKER_URL)
        started.append(Worker(tmp_path / f"worker{len(started)}.log", **{**FAST, **kwargs}))
        return started[-1]

    yield start
    for process in started:
        process.stop()


def test_a_worker_child_killed_mid_apply_leaves_no_region_behind(
    federation, worker, psql, release_manager
) -> None:
    """Defect 1: the child dies inside the apply transaction (its region's table is locked);
    its backend lives on with the lock; the redelivered task waits instead of succeeding empty."""
    celery = worker()
    ta = federation["RU-TA"]
    table = (ta.schema_name, "catalogue_catalogueitem")
    psql.execute(f'LOCK TABLE "{ta.schema_name}".catalogue_catalogueitem IN SHARE MODE')

    cut_release(actor=release_manager)
    wait_for(lambda: backend_waiting_on(*table), timeout=30, what="the apply to wait on the lock")
    task_id = re.findall(r"sync_region_task\[([0-9a-f-]+)\] received", celery.log.read_text())[-1]
    [child] = celery.children()
    os.kill(child, signal.SIGKILL)
    # The task comes back while the dead child's backend still holds the region: it must not
    # succeed empty (it is told the region is busy and retries).
    outcome = re.compile(rf"sync_region_task\[{task_id}\] (retry|succeeded)")
    wait_for(lambda: outcome.search(celery.log.read_text()), timeout=30, what="the task's redelivery")
    assert Delivery.objects.get(region=ta).state != "done"
    started = time.monotonic()
    psql.rollback()  # the operator lets go of the table; the dead child's backend ends

    wait_for(all_regions_clean, timeout=60, what="every region to apply the release")
    report("worker child killed mid-apply", time.monotonic() - started)

    assert_same_as_clean_run(federation["RU-MOS"])
    delivery = Delivery.objects.get(region=ta)
    assert (delivery.state, delivery.attempts) == ("done", 2)  # the killed attempt counts
    assert {row.status for row in region_sync_rows()} == {"up_to_date"}


def test_a_broker_cut_during_the_fan_out_delays_the_release_by_seconds(
    federation, worker, psql, release_manager, monkeypatch
) -> None:
    """Defect 2: the broker drops while the fan-out runs; deliveries stay pending (not «queued»)
    and go out within seconds of its return."""
    proxy = BrokerProxy(broker_target())
    via_proxy = proxy.url(broker_vhost())
    worker(broker_url=via_proxy, beat=True)
    monkeypatch.setattr(app.conf, "broker_url", via_proxy)
    monkeypatch.setenv("CELERY_BROKER_URL", via_proxy)
    psql.execute("LOCK TABLE federation_delivery IN SHARE MODE")  # the fan-out will wait here

    cut_release(actor=release_manager)
    wait_for(lambda: backend_waiting_on("federation_delivery"), timeout=30, what="the fan-out to start")
    proxy.cut()
    psql.rollback()
    wait_for(lambda: OutboxMessage.objects.filter(topic="sync.requested").count() == len(CODES),
             timeout=30, what="the fan-out to request every region")
    time.sleep(1)

    assert set(Delivery.objects.values_list("state", flat=True)) == {"pending"}
    assert {row.status for row in region_sync_rows()} == {"pending"}
    assert OutboxMessage.objects.filter(dispatched_at__isnull=True).count() == len(CODES)

    started = time.monotonic()
    proxy.restore()
    wait_for(all_regions_clean, timeout=60, what="every region to apply the release")
    recovered = time.monotonic() - started
    report("broker cut during the fan-out", recovered)

    assert recovered < 30
    assert_same_as_clean_run(federation["RU-MOS"])
    proxy.cut()


def test_a_backend_terminated_mid_apply_is_retried(federation, worker, psql, release_manager) -> None:
    """The apply's database session is terminated inside its transaction (the table is locked):
    nothing is half-written and the task starts again on a fresh connection."""
    worker()
    kgd = federation["RU-KGD"]
    table = (kgd.schema_name, "catalogue_catalogueitem")
    psql.execute(f'LOCK TABLE "{kgd.schema_name}".catalogue_catalogueitem IN SHARE MODE')

    cut_release(actor=release_manager)
    wait_for(lambda: backend_waiting_on(*table), timeout=30, what="the apply to wait on the lock")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [backend_waiting_on(*table)])
    started = time.monotonic()
    psql.rollback()

    wait_for(all_regions_clean, timeout=60, what="every region to apply the release")
    report("backend terminated mid-apply", time.monotonic() - started)
    assert_same_as_clean_run(federation["RU-MOS"])


def test_broken_regions_fail_alone_and_recover_once_repaired(federation, worker, release_manager) -> None:
    """Defects 4 and 5: a renamed table (RU-TA) and a dropped primary key (RU-KGD) fail their own
    region only; reconcile names both and goes on; --repair and a retry bring them back."""
    worker()
    ta, kgd = federation["RU-TA"], federation["RU-KGD"]
    with connection.cursor() as cursor:
        cursor.execute(f'ALTER TABLE "{ta.schema_name}".catalogue_catalogueitem RENAME TO items_old')
        cursor.execute(f'ALTER TABLE "{kgd.schema_name}".catalogue_catalogueitem'
                       " DROP CONSTRAINT catalogue_catalogueitem_pkey")

    cut_release(actor=release_manager)
    wait_for(lambda: Delivery.objects.filter(state="failed").count() == 2
             and Delivery.objects.filter(state="done").count() == 1,
             timeout=60, what="the broken regions to fail and the other to apply")
    assert {row.code: row.status for row in region_sync_rows()} == {
        "RU-KGD": "failed", "RU-MOS": "up_to_date", "RU-TA": "failed",
    }

    out = StringIO()
    with pytest.raises(CommandError, match=r"2 region\(s\) not fine \(RU-KGD, RU-TA\)"):
        call_command("federation_reconcile", stdout=out)
    verdicts = {line.split()[0]: line for line in out.getvalue().splitlines()[:3]}
    assert "DRIFT in structure" in verdicts["RU-KGD"] and "PRIMARY KEY (item_id)" in verdicts["RU-KGD"]
    assert "ok" in verdicts["RU-MOS"]
    assert "BROKEN" in verdicts["RU-TA"]

    started = time.monotonic()
    for code in ("RU-TA", "RU-KGD"):  # the operator's cure for a broken region
        call_command("federation_reconcile", "--region", code, "--repair", stdout=StringIO())
        call_command("federation_retry", "--region", code, stdout=StringIO())
    wait_for(all_regions_clean, timeout=60, what="the repaired regions to apply the release")
    report("renamed table and dropped primary key, after --repair", time.monotonic() - started)

    assert_same_as_clean_run(federation["RU-MOS"])
    call_command("federation_reconcile", stdout=StringIO())  # every region fine again
