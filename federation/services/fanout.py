"""Fan-out: which regions need a sync, and queuing one task per region. Public schema.

Every (region, release) pair is a Delivery row. A sync task is queued for a
region only when one of its pending deliveries moves to `queued`, so a region
never has a pile of tasks for the same work; the periodic sweep re-queues what
was lost, deferred past its date, or newly allowed (a promoted canary release).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from federation.models import Delivery, DeliveryState, RegionSync, Release
from federation.selectors import latest_sequence
from federation.services.sync import eligible_releases, sync_state
from tenants.models import Region, RegionStatus

logger = logging.getLogger(__name__)


def fan_out_release(*, sequence: int) -> int:
    """Record release `sequence`'s deliveries and queue a sync for each region that may apply it.

    Idempotent: run twice, it queues nothing new. Suspended regions get a
    pending delivery and catch up when resumed. Returns how many regions were queued.
    """
    release = Release.objects.get(sequence=sequence)
    regions = list(Region.objects.filter(status__in=[RegionStatus.ACTIVE, RegionStatus.SUSPENDED]))
    Delivery.objects.bulk_create(
        [Delivery(region=region, release=release) for region in regions], ignore_conflicts=True
    )
    queued = sum(request_sync(region=region) for region in regions if region.status == RegionStatus.ACTIVE)
    logger.info("Release %s fanned out: %s of %s regions queued", sequence, queued, len(regions))
    return queued


def request_sync(*, region: Region) -> bool:
    """Queue one sync task for `region` if it lags behind what it may apply and none is queued.

    Returns whether a task was queued (after this transaction commits).
    """
    with transaction.atomic():
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
        moved = Delivery.objects.filter(
            region=region, release__sequence__gt=state.applied_sequence, release__sequence__lte=latest,
            state=DeliveryState.PENDING,
        ).update(state=DeliveryState.QUEUED, queued_at=timezone.now())
        if not moved:
            return False
        schema, code = region.schema_name, region.code
        transaction.on_commit(lambda: _send(schema, code))
    return True


def retry_region(*, region: Region) -> bool:
    """After an operator fixed the cause: give a failed region's releases fresh attempts."""
    with transaction.atomic():
        Delivery.objects.filter(region=region, state=DeliveryState.FAILED).update(
            state=DeliveryState.PENDING, attempts=0, last_error="", finished_at=None
        )
        RegionSync.objects.filter(region=region).update(attempts=0, last_error="")
        return request_sync(region=region)


def sweep() -> int:
    """Queue syncs that fell through: lost tasks, ended deferrals, promoted releases.

    Runs on the beat schedule; cheap when nothing lags. Returns regions queued.
    """
    now = timezone.now()
    Delivery.objects.filter(
        state=DeliveryState.DEFERRED, region__sync__deferred_until__lte=now
    ).update(state=DeliveryState.PENDING)
    stale = now - timedelta(seconds=settings.FEDERATION_REQUEUE_AFTER_SECONDS)
    Delivery.objects.filter(state=DeliveryState.QUEUED, queued_at__lt=stale).update(
        state=DeliveryState.PENDING
    )
    latest = latest_sequence()
    lagging = Region.objects.filter(status=RegionStatus.ACTIVE).exclude(
        sync__applied_sequence__gte=latest
    )
    queued = sum(request_sync(region=region) for region in lagging)
    if queued:
        logger.info("Sync sweep queued %s regions", queued)
    return queued


def _send(schema_name: str, region_code: str) -> None:
    from federation.tasks import sync_region_task

    try:
        sync_region_task.delay(schema_name, region_code)
    except Exception:
        # The delivery stays queued; the sweep sends it again once it is stale.
        logger.exception("Could not queue the sync of %s", region_code)
