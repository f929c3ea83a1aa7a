"""Backfilling a new region's catalogue. Public bookkeeping, region catalogue."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from federation import apply
from federation.models import Delivery, DeliveryState, RegionSync, Release, SyncStatus
from federation.selectors import latest_sequence
from federation.services.sync import eligible_releases
from tenants.models import Region

logger = logging.getLogger(__name__)


def backfill_region(*, region: Region) -> int:
    """Give `region` the catalogue every region holds at the latest release it may have.

    One transaction, idempotent; an onboarding step. The region gets the
    expected state directly (one set-based write), not every release in turn,
    and each of those releases is recorded as delivered. Returns the sequence.
    """
    with transaction.atomic():
        state, _created = RegionSync.objects.select_for_update().get_or_create(region=region)
        target = _open_prefix(region)
        if state.applied_sequence >= target:
            return state.applied_sequence
        counts = apply.write_expected_state(region.schema_name, target)
        now = timezone.now()
        Delivery.objects.bulk_create(
            [Delivery(region=region, release_id=sequence, state=DeliveryState.DONE, attempts=1,
                      started_at=now, finished_at=now)
             for sequence in range(state.applied_sequence + 1, target + 1)],
            update_conflicts=True, unique_fields=["region", "release"],
            update_fields=["state", "finished_at"],
        )
        state.applied_sequence, state.status = target, SyncStatus.UP_TO_DATE
        state.last_applied_at = now
        state.save()
    logger.info("Region %s backfilled to release %s (%s items)", region.code, target, counts.added)
    return target


def _open_prefix(region: Region) -> int:
    """The highest sequence such that the region may have every release up to it."""
    closed = (
        Release.objects.exclude(eligible_releases(region)).order_by("sequence")
        .values_list("sequence", flat=True).first()
    )
    if closed is not None:
        return closed - 1
    return latest_sequence()
