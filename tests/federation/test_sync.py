"""Applying releases to regions: order, idempotency, failure, backfill, reconcile."""

from __future__ import annotations

import pytest

from catalogue.models import CatalogueItem, HiddenItem
from federation import apply
from federation.models import Delivery, OutboxMessage, RegionSync, ReleaseEntry
from federation.services.backfill import backfill_region
from federation.services.fanout import retry_region
from federation.services.reconcile import reconcile_region
from federation.services.releases import cut_release, promote_release
from federation.services.sync import ApplyFailed, sync_region
from myschool.errors import ApplicationError, Conflict, Forbidden, NotFound
from tenants.context import in_region
from tests import factories
from tests.federation import library

pytestmark = pytest.mark.django_db


def catalogue(region) -> dict[str, tuple[int, bool]]:
    """What a region holds: title -> (version number, withdrawn)."""
    with in_region(region):
        return {row.title: (row.version_number, row.withdrawn) for row in CatalogueItem.objects.all()}


def test_releases_are_numbered_without_gaps_and_carry_each_change_once(release_manager) -> None:
    lab = library.published_item("Закон Ома")
    library.published_item("Плотность вещества")

    first = cut_release(actor=release_manager, notes="Физика 7–8")
    library.new_version(lab, "Закон Ома (исправлено)")
    second = cut_release(actor=release_manager)

    assert (first.sequence, first.added, first.changed, first.withdrawn) == (1, 2, 0, 0)
    assert (second.sequence, second.added, second.changed) == (2, 0, 1)
    assert ReleaseEntry.objects.filter(release=second).get().version.title == "Закон Ома (исправлено)"
    assert list(OutboxMessage.objects.values_list("payload", flat=True)) == [{"sequence": 1}, {"sequence": 2}]
    with pytest.raises(Conflict, match="Nothing to release"):
        cut_release(actor=release_manager)


def test_only_release_managers_cut_releases() -> None:
    library.published_item("Закон Ома")
    teacher = factories.region_user(factories.region("RU-MOS"), "teacher@mos.example")
    editor = library.staff()  # edits and moderates, may not release

    with pytest.raises(Forbidden, match="Only federal operators"):
        cut_release(actor=teacher)
    with pytest.raises(Forbidden, match="You lack the “release” capability"):
        cut_release(actor=editor)
    assert not OutboxMessage.objects.exists()


def test_unknown_canary_regions_are_named(release_manager) -> None:
    library.published_item("Закон Ома")
    with pytest.raises(NotFound) as not_onboarded:
        cut_release(actor=release_manager, canary_region_codes=["RU-DA"])
    with pytest.raises(ApplicationError) as not_a_region:
        cut_release(actor=release_manager, canary_region_codes=["RU-ZZ"])

    assert not_onboarded.value.fields == {"canary_regions": ["No region RU-DA."]}
    assert not_a_region.value.fields == {
        "canary_regions": ["RU-ZZ is not a region of the Russian Federation."]
    }
    assert not OutboxMessage.objects.exists()


def test_a_region_applies_releases_in_order_and_twice_is_once(release_manager) -> None:
    mos = factories.region("RU-MOS")
    lab = library.published_item("Закон Ома")
    cut_release(actor=release_manager)
    library.new_version(lab, "Закон Ома, версия 2")
    library.published_item("Плотность вещества")
    cut_release(actor=release_manager)

    outcome = sync_region(region=mos)
    checksum = apply.catalogue_checksum(mos.schema_name)
    again = sync_region(region=mos)
    apply.apply_release(mos.schema_name, 1)  # a stale redelivery of release 1

    assert outcome.applied == [1, 2] and again.applied == []
    assert catalogue(mos) == {"Закон Ома, версия 2": (2, False), "Плотность вещества": (1, False)}
    assert apply.catalogue_checksum(mos.schema_name) == checksum == apply.expected_checksum(2)
    assert RegionSync.objects.get(region=mos).applied_sequence == 2
    assert set(Delivery.objects.filter(region=mos).values_list("state", "added", "changed")) == {
        ("done", 1, 0), ("done", 1, 1),
    }


def test_a_region_that_fails_mid_apply_ends_equal_to_one_that_never_failed(
    release_manager, monkeypatch
) -> None:
    mos, ta = factories.region("RU-MOS"), factories.region("RU-TA")
    for n in range(5):
        library.published_item(f"Лабораторная {n}")
    cut_release(actor=release_manager)
    real_apply = apply.apply_release

    def crash_after_writing(schema: str, sequence: int):
        real_apply(schema, sequence)
        raise ConnectionError("worker lost mid-apply")

    monkeypatch.setattr(apply, "apply_release", crash_after_writing)
    with pytest.raises(ApplyFailed):
        sync_region(region=ta)
    assert catalogue(ta) == {}  # nothing half-written
    assert RegionSync.objects.get(region=ta).last_error == "ConnectionError: worker lost mid-apply"

    monkeypatch.undo()
    sync_region(region=ta)
    sync_region(region=mos)
    assert apply.catalogue_checksum(ta.schema_name) == apply.catalogue_checksum(mos.schema_name)
    assert Delivery.objects.get(region=ta).attempts == 2


def test_a_poison_release_stops_in_the_failed_state_instead_of_looping(
    release_manager, monkeypatch, settings
) -> None:
    settings.FEDERATION_MAX_ATTEMPTS = 2
    mos = factories.region("RU-MOS")
    library.published_item("Закон Ома")
    cut_release(actor=release_manager)
    library.published_item("Плотность вещества")
    cut_release(actor=release_manager)
    monkeypatch.setattr(apply, "apply_release", lambda schema, sequence: 1 / 0)

    with pytest.raises(ApplyFailed):
        sync_region(region=mos)
    outcome = sync_region(region=mos)  # the last attempt: no exception, no retry

    state = RegionSync.objects.get(region=mos)
    assert (outcome.status, state.applied_sequence) == ("failed", 0)
    assert state.last_error == "ZeroDivisionError: division by zero"
    assert Delivery.objects.get(region=mos, release=1).state == "failed"
    assert sync_region(region=mos).applied == []  # stays failed, release 2 waits

    monkeypatch.undo()
    retry_region(region=mos)
    assert sync_region(region=mos).applied == [1, 2]


def test_a_new_region_is_backfilled_to_what_older_regions_hold(release_manager) -> None:
    mos = factories.region("RU-MOS")
    lab = library.published_item("Закон Ома")
    doomed = library.published_item("Устаревший тест", kind="self_check_test")
    cut_release(actor=release_manager)
    library.new_version(lab, "Закон Ома, версия 2")
    library.withdraw(doomed)
    cut_release(actor=release_manager)
    sync_region(region=mos)

    ta = factories.region("RU-TA")  # onboarding backfills

    assert RegionSync.objects.get(region=ta).applied_sequence == 2
    assert apply.catalogue_checksum(ta.schema_name) == apply.catalogue_checksum(mos.schema_name)
    assert catalogue(ta) == {"Закон Ома, версия 2": (2, False), "Устаревший тест": (1, True)}
    assert backfill_region(region=ta) == 2  # idempotent


def test_a_canary_release_reaches_other_regions_only_once_promoted(release_manager) -> None:
    mos, ta = factories.region("RU-MOS"), factories.region("RU-TA")
    library.published_item("Закон Ома")
    cut_release(actor=release_manager, canary_region_codes=["RU-TA"])

    assert sync_region(region=ta).applied == [1]
    assert sync_region(region=mos).applied == []
    promote_release(actor=release_manager, sequence=1)
    assert sync_region(region=mos).applied == [1]


def test_a_suspended_region_is_skipped_and_catches_up_when_resumed(release_manager) -> None:
    from tenants.services.lifecycle import resume_region, suspend_region

    mos = factories.region("RU-MOS")
    suspend_region(region=mos)
    library.published_item("Закон Ома")
    cut_release(actor=release_manager)

    assert sync_region(region=mos).status == "suspended"
    resume_region(region=mos)
    assert sync_region(region=mos).applied == [1]


def test_reconcile_finds_drift_and_repairs_it_without_touching_local_choices(release_manager) -> None:
    mos = factories.region("RU-MOS")
    items = [library.published_item(f"Лабораторная {n}") for n in range(3)]
    cut_release(actor=release_manager)
    sync_region(region=mos)
    admin = factories.region_user(mos, "admin2@mos.example", role="region_admin")
    with in_region(mos):
        HiddenItem.objects.create(item_id=items[0].pk, hidden_by=admin)
        CatalogueItem.objects.filter(item_id=items[1].pk).update(title="испорчено")
        CatalogueItem.objects.filter(item_id=items[2].pk).delete()

    found = reconcile_region(region=mos)
    repaired = reconcile_region(region=mos, repair=True)
    clean = reconcile_region(region=mos)

    assert found.drifted and repaired.repaired is not None and not clean.drifted
    assert catalogue(mos) == {f"Лабораторная {n}": (1, False) for n in range(3)}
    with in_region(mos):
        assert HiddenItem.objects.filter(item_id=items[0].pk).exists()


def test_each_regions_lag_is_a_metrics_gauge(release_manager, client) -> None:
    from tests.myschool.scraping import scrape, value

    mos, ta = factories.region("RU-MOS"), factories.region("RU-TA")
    library.published_item("Закон Ома")
    cut_release(actor=release_manager)
    library.published_item("Плотность вещества")
    cut_release(actor=release_manager)
    sync_region(region=ta)

    samples = scrape(client)

    assert value(samples, "myschool_region_sync_lag", region="RU-MOS") == 2
    assert value(samples, "myschool_region_sync_lag", region="RU-TA") == 0
    assert mos.status == "active"
