"""The sync layer recovering on its own: locks that die with their holder, truthful states,
reconcile that sees a broken region, commands that say what they wait for (issue 17)."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from catalogue.models import CatalogueItem
from federation import apply
from federation.management import progress
from federation.models import Delivery, OutboxMessage, RegionSync, Release
from federation.outbox import dispatch_outbox
from federation.services.fanout import fan_out_release, sweep
from federation.services.reconcile import reconcile_region
from federation.services.releases import cut_release
from federation.services.sync import RegionBusy, sync_region
from myschool.celery import app
from tenants.context import in_region
from tenants.models import OnboardingRun
from tenants.services import onboarding
from tenants.services.lifecycle import suspend_region
from tests import factories
from tests.federation import library

pytestmark = pytest.mark.django_db
DEAD_BROKER = "amqp://guest:guest@127.0.0.1:1//"


def other_backend() -> psycopg.Connection:
    """A second PostgreSQL session on the test database, as another worker's would be."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    return psycopg.connect(**params, autocommit=True)


def status_lines() -> dict[str, str]:
    out = StringIO()
    call_command("federation_status", stdout=out)
    return {line.split()[0]: line for line in out.getvalue().splitlines()[2:]}


def test_a_region_whose_lock_is_held_elsewhere_is_busy_not_done_and_the_sweep_takes_it_back(
    release_manager, settings
) -> None:
    """Defect 1: the lock of a worker that died lives on in its backend; the redelivered
    task must not succeed empty, and once the backend is gone the region is taken back."""
    mos = factories.region("RU-MOS")
    library.published_item("Закон Ома")
    release = cut_release(actor=release_manager)
    fan_out_release(sequence=release.sequence)
    dead = other_backend()
    dead.execute("SELECT pg_advisory_lock(hashtext(%s))", [f"federation:sync:{mos.schema_name}"])
    an_hour_ago = timezone.now() - timedelta(hours=1)
    Delivery.objects.filter(region=mos).update(state="applying", started_at=an_hour_ago, worker="gone:4242")

    with pytest.raises(RegionBusy):
        sync_region(region=mos)
    sweep()  # the lock is still held: not taken back
    assert Delivery.objects.get(region=mos).state == "applying"
    assert "applying since" in status_lines()["RU-MOS"] and "by gone:4242" in status_lines()["RU-MOS"]

    dead.close()  # the dead worker's backend finally ends
    sweep()

    assert Delivery.objects.get(region=mos).state == "pending"
    assert OutboxMessage.objects.filter(topic="sync.requested", payload__region_code="RU-MOS").exists()
    assert sync_region(region=mos).applied == [1]
    assert apply.catalogue_checksum(mos.schema_name) == apply.expected_checksum(1)


def test_federation_retry_takes_back_a_region_left_applying(release_manager) -> None:
    """«nothing to retry» was the answer for a region stuck in `applying` by a dead worker."""
    mos = factories.region("RU-MOS")
    library.published_item("Закон Ома")
    cut_release(actor=release_manager)
    Delivery.objects.create(region=mos, release_id=1, state="applying", attempts=1,
                            started_at=timezone.now(), worker="gone:4242")

    out = StringIO()
    call_command("federation_retry", "--region", "RU-MOS", stdout=out)

    assert out.getvalue().strip() == "RU-MOS: sync requested"
    assert Delivery.objects.get(region=mos).state == "pending"
    assert sync_region(region=mos).applied == [1]


def test_a_delivery_is_queued_only_once_its_request_is_on_the_broker(
    release_manager, monkeypatch
) -> None:
    """Defect 2: with the broker down during the fan-out, deliveries stay pending and the
    outbox keeps the requests; the next dispatch sends them and only then are they queued."""
    mos, ta = factories.region("RU-MOS"), factories.region("RU-TA")
    library.published_item("Закон Ома")
    release = cut_release(actor=release_manager)
    with monkeypatch.context() as broker_down:
        broker_down.setattr(app.conf, "broker_url", DEAD_BROKER)
        broker_down.setenv("CELERY_BROKER_URL", DEAD_BROKER)
        assert fan_out_release(sequence=release.sequence) == 2
        assert dispatch_outbox() == 0

    assert set(Delivery.objects.values_list("state", flat=True)) == {"pending"}
    assert {line.split()[3] for line in status_lines().values()} == {"pending"}
    assert fan_out_release(sequence=release.sequence) == 0  # a redelivered fan-out asks nothing twice

    assert dispatch_outbox() == 3  # the release and both regions' requests
    assert set(Delivery.objects.values_list("state", flat=True)) == {"queued"}
    assert all(d.queued_at for d in Delivery.objects.all())
    assert {line.split()[3] for line in status_lines().values()} == {"queued"}
    assert {mos.code, ta.code} == set(OutboxMessage.objects.filter(topic="sync.requested")
                                      .values_list("payload__region_code", flat=True))


def test_status_never_calls_a_lagging_region_up_to_date(release_manager) -> None:
    """Defect 3: a region one release behind is pending, whatever its last apply said."""
    mos = factories.region("RU-MOS")
    library.published_item("Закон Ома")
    cut_release(actor=release_manager)
    sync_region(region=mos)
    assert RegionSync.objects.get(region=mos).status == "up_to_date"
    library.published_item("Плотность вещества")
    cut_release(actor=release_manager)

    line = status_lines()["RU-MOS"]

    assert line.split()[1:4] == ["1", "1", "pending"]


def test_reconcile_reports_a_broken_region_and_checks_the_others(release_manager) -> None:
    """Defect 4: a renamed catalogue table in one region does not stop the others;
    the exit code says not every region was fine; --repair brings the table back."""
    regions = [factories.region(code) for code in ("RU-MOS", "RU-TA", "RU-KGD")]
    library.published_item("Закон Ома")
    cut_release(actor=release_manager)
    for region in regions:
        sync_region(region=region)
    broken = regions[1]
    with connection.cursor() as cursor:
        cursor.execute(f'ALTER TABLE "{broken.schema_name}".catalogue_catalogueitem RENAME TO old_items')

    out = StringIO()
    with pytest.raises(CommandError, match=r"1 region\(s\) not fine \(RU-TA\)"):
        call_command("federation_reconcile", stdout=out)
    lines = out.getvalue().splitlines()
    assert [line.split(":")[1].strip().split()[0] for line in lines[:3]] == ["ok", "ok", "BROKEN"]
    assert "RU-TA" in lines[2] and "catalogue_catalogueitem is missing" in lines[2]
    assert lines[3] == "2 of 3 regions fine."

    repaired = StringIO()
    call_command("federation_reconcile", "--region", "RU-TA", "--repair", stdout=repaired)
    assert "renamed back from old_items" in repaired.getvalue()
    assert apply.catalogue_checksum(broken.schema_name) == apply.expected_checksum(1)
    call_command("federation_reconcile", stdout=StringIO())  # every region fine: no error


def test_reconcile_sees_a_dropped_primary_key_and_repair_restores_it(release_manager) -> None:
    """Defect 5: without the key the apply relies on, reconcile is not «ok»; --repair adds it
    back and the next release applies."""
    mos = factories.region("RU-MOS")
    library.published_item("Закон Ома")
    cut_release(actor=release_manager)
    sync_region(region=mos)
    with connection.cursor() as cursor:
        cursor.execute(f'ALTER TABLE "{mos.schema_name}".catalogue_catalogueitem'
                       " DROP CONSTRAINT catalogue_catalogueitem_pkey")

    found = reconcile_region(region=mos)
    assert found.drifted and not found.broken
    assert any("missing constraint catalogue_catalogueitem_pkey PRIMARY KEY (item_id)" in line
               for line in found.structure)
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("federation_reconcile", stdout=out)
    assert "DRIFT in structure" in out.getvalue()

    repaired = reconcile_region(region=mos, repair=True)
    assert "catalogue_catalogueitem: constraint catalogue_catalogueitem_pkey restored" in repaired.restored
    assert not reconcile_region(region=mos).drifted
    library.published_item("Плотность вещества")
    cut_release(actor=release_manager)
    assert sync_region(region=mos).applied == [2]


def test_publish_wait_names_the_regions_it_waits_for_and_skips_suspended_ones(
    release_manager, monkeypatch
) -> None:
    """Defect 6: with the broker down it says which regions it waits for (not «0/0»);
    a suspended region is counted as skipped instead of waited for forever."""
    mos, ta = factories.region("RU-MOS"), factories.region("RU-TA")
    suspend_region(region=ta)
    library.published_item("Закон Ома")
    out = StringIO()
    with monkeypatch.context() as broker_down:
        broker_down.setattr(app.conf, "broker_url", DEAD_BROKER)
        broker_down.setenv("CELERY_BROKER_URL", DEAD_BROKER)
        with pytest.raises(CommandError, match="has not reached RU-MOS yet"):
            call_command("federation_publish", "--operator", release_manager.email, "--wait", "1",
                         stdout=out)
    assert "0/2 regions (pending 1, skipped (suspended) 1); waiting for RU-MOS" in out.getvalue()

    sync_region(region=mos)
    done = StringIO()
    assert progress.watch(Release.objects.get(sequence=1), done, timeout=5)
    assert "1/2 regions (skipped (suspended) 1)" in done.getvalue()


def test_an_interrupted_onboarding_is_failed_with_its_reason(monkeypatch) -> None:
    """Defect 6: Ctrl-C during a step leaves the run failed and resumable, not `running`."""
    def interrupted(run) -> None:
        raise KeyboardInterrupt

    monkeypatch.setitem(onboarding.STEPS, "create_admin", interrupted)
    with pytest.raises(KeyboardInterrupt):
        onboarding.onboard_region(code="RU-TA", name="Республика Татарстан", time_zone="Europe/Moscow",
                                  admin_email="admin@ta.example")

    run = OnboardingRun.objects.get(region_code="RU-TA")
    assert run.state == "failed"
    assert run.error == "create_admin: interrupted (KeyboardInterrupt); run it again to resume"
    monkeypatch.undo()
    assert onboarding.run_onboarding(run.pk).state == "done"


def test_a_dropped_catalogue_table_is_recreated_and_refilled_by_repair(release_manager) -> None:
    """A catalogue table dropped outright is recreated and refilled by --repair."""
    mos = factories.region("RU-MOS")
    library.published_item("Закон Ома")
    cut_release(actor=release_manager)
    sync_region(region=mos)
    with connection.cursor() as cursor:
        cursor.execute(f'DROP TABLE "{mos.schema_name}".catalogue_catalogueitem')

    assert reconcile_region(region=mos).broken
    repaired = reconcile_region(region=mos, repair=True)

    assert "table catalogue_catalogueitem recreated empty" in repaired.restored
    assert not reconcile_region(region=mos).drifted
    with in_region(mos):
        assert list(CatalogueItem.objects.values_list("title", flat=True)) == ["Закон Ома"]


def test_a_resumed_region_is_caught_up_through_the_outbox(release_manager) -> None:
    """tenants tells (a signal), the federation writes the named topic in the same transaction."""
    from federation.tasks import region_opened_task
    from tenants.services.lifecycle import resume_region

    mos = factories.region("RU-MOS")
    suspend_region(region=mos)
    library.published_item("Закон Ома")
    cut_release(actor=release_manager)

    resume_region(region=mos)
    [message] = OutboxMessage.objects.filter(topic="region.resumed")
    assert message.payload == {"schema_name": mos.schema_name, "region_code": "RU-MOS"}
    assert region_opened_task(message.payload) is True  # what the worker runs

    assert OutboxMessage.objects.filter(topic="sync.requested", payload__region_code="RU-MOS").exists()
    resume_region(region=mos)  # already active: nothing more
    assert OutboxMessage.objects.filter(topic="region.resumed").count() == 1
