"""Fan-out: which regions need a sync, and one sync request per region. Public schema.

Every (region, release) pair is a Delivery row. A region's sync is requested
through the outbox (topic `sync.requested`) in the transaction that records
what it owes; its deliveries turn `queued` only once the request is on the
broker. A region has at most one request waiting, so it never gets a pile of
tasks for the same work; the periodic sweep re-requests what was lost,
deferred past its date, newly allowed (a promoted canary release), or left
`applying` by a worker that died.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from federation import outbox
from federation.models import Delivery, DeliveryState, RegionSync, Release
from federation.selectors import latest_sequence
from federation.services.sync import eligible_releases, sync_state, try_region_lock
from tenants.models import Region, RegionStatus

logger = logging.getLogger(__name__)


def fan_out_release(*, sequence: int) -> int:
    """Record release `sequence`'s deliveries and request a sync of each region that may apply it.

    Idempotent: run twice, it requests nothing new. Suspended regions get a
    pending delivery and catch up when resumed. Returns how many regions were requested.
    """
    release = Release.objects.get(sequence=sequence)
    regions = list(Region.objects.filter(status__in=[RegionStatus.ACTIVE, RegionStatus.SUSPENDED]))
    Delivery.objects.bulk_create(
        [Delivery(region=region, release=release) for region in regions], ignore_conflicts=True
    )
    with transaction.atomic():  # one commit: the outbox sends every request over one connection
        requested = sum(request_sync(region=region) for region in regions
                        if region.status == RegionStatus.ACTIVE)
    logger.info("Release %s fanned out: %s of %s regions requested", sequence, requested, len(regions))
    return requested


def request_sync(*, region: Region) -> bool:
    """Request one sync of `region` if it lags behind what it may apply and nothing is on the way.

    Writes the request to the outbox in this transaction; returns whether one was written.
    """
    with transaction.atomic():
        with connection.cursor() as cursor:
            # Two callers for one region at once would each see nothing on the way.
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))",
                           [f"federation:request:{region.schema_name}"])
        state = sync_state(region)
        latest = (
            Release.objects.filter(eligible_releases(region), sequence__gt=state.applied_sequence)
            .order_by("-sequence").values_list("sequence", flat=True).first()
        )
        if latest is None or region.status != RegionStatus.ACTIVE:
            return False
        missing = Release.objects.filter(sequence__gt=state.applied_sequence, sequence__lte=latest)
        Delivery.objects.bulk_create(
            [Delivery(region=region, release=release) for release in missing], ignore_conflicts=True
        )
        owed = Delivery.objects.filter(
            region=region, release__sequence__gt=state.applied_sequence, release__sequence__lte=latest,
            state=DeliveryState.PENDING,
        )
        if not owed.exists() or outbox.undelivered(
            topic="sync.requested", payload_contains={"schema_name": region.schema_name}
        ):
            return False
        outbox.enqueue(topic="sync.requested", payload={
            "schema_name": region.schema_name, "region_code": region.code, "through": latest,
        })
    return True


def retry_region(*, region: Region) -> bool:
    """After an operator fixed the cause: give a failed region's releases fresh attempts, and
    take back a delivery left `applying` by a worker that is gone (nobody holds the region)."""
    take_back_abandoned(older_than=timedelta(0), region=region)
    with transaction.atomic():
        Delivery.objects.filter(region=region, state=DeliveryState.FAILED).update(
            state=DeliveryState.PENDING, attempts=0, last_error="", finished_at=None
        )
        RegionSync.objects.filter(region=region).update(attempts=0, last_error="")
        return request_sync(region=region)


def sweep() -> int:
    """Request syncs that fell through: lost tasks, ended deferrals, promoted releases, dead workers.

    Runs on the beat schedule; cheap when nothing lags. Returns regions requested.
    """
    now = timezone.now()
    Delivery.objects.filter(
        state=DeliveryState.DEFERRED, region__sync__deferred_until__lte=now
    ).update(state=DeliveryState.PENDING)
    stale = now - timedelta(seconds=settings.FEDERATION_REQUEUE_AFTER_SECONDS)
    Delivery.objects.filter(state=DeliveryState.QUEUED, queued_at__lt=stale).update(
        state=DeliveryState.PENDING
    )
    take_back_abandoned(older_than=timedelta(seconds=settings.FEDERATION_LEASE_SECONDS))
    latest = latest_sequence()
    lagging = Region.objects.filter(status=RegionStatus.ACTIVE).exclude(
        sync__applied_sequence__gte=latest
    )
    requested = sum(request_sync(region=region) for region in lagging)
    if requested:
        logger.info("Sync sweep requested %s regions", requested)
    return requested


def take_back_abandoned(*, older_than: timedelta, region: Region | None = None) -> list[str]:
    """Deliveries `applying` for longer than `older_than` whose region nobody is applying to:
    their worker died. They become pending again. Returns the region codes taken back."""
    since = timezone.now() - older_than
    taken: list[str] = []
    stuck = Region.objects.filter(
        deliveries__state=DeliveryState.APPLYING, deliveries__started_at__lt=since
    ).distinct()
    if region is not None:
        stuck = stuck.filter(pk=region.pk)
    for candidate in stuck:
        with transaction.atomic():
            if not try_region_lock(candidate):
                continue  # still being applied, or its dead worker's backend lingers
            moved = Delivery.objects.filter(
                region=candidate, state=DeliveryState.APPLYING, started_at__lt=since
            ).update(state=DeliveryState.PENDING)
        if moved:
            logger.warning("Region %s: %s delivery(ies) left applying by a dead worker taken back",
                           candidate.code, moved)
            taken.append(candidate.code)
    return taken
