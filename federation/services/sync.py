"""Bringing one region's catalogue up to date, release by release. Public schema bookkeeping.

Each release is applied to a region in its own transaction, together with the
region's sync state and the (region, release) delivery row: either all of it
commits or none. Releases apply strictly in order. Attempts are counted before
applying, so a release that kills the worker or keeps failing ends in the
visible failed state after `FEDERATION_MAX_ATTEMPTS`, instead of looping.

One apply per region at a time: each transaction that touches a region's
catalogue takes a transaction-level advisory lock, so the lock dies with the
transaction (or with a worker's backend) and is never left behind. A caller
that finds the lock taken while the region still owes work is told so
(`RegionBusy`) and comes back later; it never reports an empty success.
"""

from __future__ import annotations

import logging
import os
import socket
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from federation import apply
from federation.models import Delivery, DeliveryState, RegionSync, Release, SyncStatus
from tenants.models import Region, RegionStatus

logger = logging.getLogger(__name__)


class ApplyFailed(Exception):
    """Applying a release to a region failed; the caller may retry later."""


class RegionBusy(Exception):
    """Another transaction holds the region's apply lock while work is still owed: try again soon."""


@dataclass(frozen=True)
class SyncOutcome:
    region_code: str
    applied: list[int]
    status: str


def eligible_releases(region: Region) -> Q:
    """Releases `region` may apply: promoted ones, and canary ones naming it."""
    return Q(promoted_at__isnull=False) | Q(canary_region_codes__contains=[region.code])


def sync_state(region: Region) -> RegionSync:
    state, _created = RegionSync.objects.get_or_create(region=region)
    return state


def worker_name() -> str:
    """Who applies: host and process id, shown by federation_status while a delivery is applying."""
    return f"{socket.gethostname()}:{os.getpid()}"


def try_region_lock(region: Region) -> bool:
    """Take `region`'s apply lock for the current transaction; False when someone else holds it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(hashtext(%s))",
                       [f"federation:sync:{region.schema_name}"])
        (locked,) = cursor.fetchone()
    return locked


def sync_region(*, region: Region) -> SyncOutcome:
    """Apply every release `region` may have, in order; stop at the first it may not.

    Idempotent and safe under concurrent calls. Raises RegionBusy when another
    transaction is applying to the region and work is still owed (the caller
    retries), ApplyFailed when a release failed but has attempts left; a
    release that used them all leaves the region failed, and nothing later is
    applied until an operator retries it.
    """
    applied: list[int] = []
    while True:
        region.refresh_from_db(fields=["status"])
        state = sync_state(region)
        release = _next_release(region, state)
        if release is None:
            return SyncOutcome(region.code, applied, state.status)
        if _apply_one(region, release):
            applied.append(release.sequence)


def _next_release(region: Region, state: RegionSync) -> Release | None:
    """The release to apply next, or None, with the region's status brought up to date."""
    now = timezone.now()
    following = Release.objects.filter(sequence=state.applied_sequence + 1).first()
    status = SyncStatus.UP_TO_DATE
    if region.status == RegionStatus.SUSPENDED:
        status = SyncStatus.SUSPENDED if following else SyncStatus.UP_TO_DATE
        following = None
    elif following is not None and not Release.objects.filter(
        eligible_releases(region), sequence=following.sequence
    ).exists():
        status, following = SyncStatus.PENDING, None  # a canary release not yet open to this region
    elif following is not None and _deferred(state, following.sequence, now):
        status = SyncStatus.DEFERRED
        Delivery.objects.filter(region=region, release=following).update(state=DeliveryState.DEFERRED)
        following = None
    elif following is not None:
        delivery = Delivery.objects.filter(region=region, release=following).first()
        if delivery is not None and delivery.state == DeliveryState.FAILED:
            status, following = SyncStatus.FAILED, None
    if following is None and state.status != status:
        state.status = status
        state.save(update_fields=["status", "updated_at"])
    return following


def _deferred(state: RegionSync, sequence: int, now: object) -> bool:
    return (
        state.deferred_sequence is not None and state.deferred_until is not None
        and state.deferred_sequence <= sequence and state.deferred_until > now
    )


def _apply_one(region: Region, release: Release) -> bool:
    """Apply `release` in `region`; True if this call wrote it, False if someone else had."""
    max_attempts = settings.FEDERATION_MAX_ATTEMPTS
    with transaction.atomic():
        if not try_region_lock(region):
            raise RegionBusy(f"{region.code}: release {release.sequence} is being applied elsewhere")
        if RegionSync.objects.filter(region=region, applied_sequence__gte=release.sequence).exists():
            return False
        delivery, _created = Delivery.objects.select_for_update().get_or_create(
            region=region, release=release
        )
        delivery.attempts += 1
        delivery.state = DeliveryState.APPLYING
        delivery.started_at = timezone.now()
        delivery.worker = worker_name()
        delivery.save(update_fields=["attempts", "state", "started_at", "worker"])
        RegionSync.objects.filter(region=region).update(
            status=SyncStatus.APPLYING, attempts=delivery.attempts, updated_at=timezone.now()
        )
    try:
        with transaction.atomic():
            if not try_region_lock(region):
                raise RegionBusy(f"{region.code}: release {release.sequence} is being applied elsewhere")
            state = RegionSync.objects.select_for_update().get(region=region)
            if state.applied_sequence >= release.sequence:
                counts = None  # someone else applied it meanwhile
            else:
                counts = apply.apply_release(region.schema_name, release.sequence)
                state.applied_sequence = release.sequence
                state.status = SyncStatus.PENDING
                state.attempts, state.last_error = 0, ""
                state.last_applied_at = timezone.now()
                state.save()
            fields = {"state": DeliveryState.DONE, "last_error": "", "finished_at": timezone.now()}
            if counts is not None:
                fields.update(added=counts.added, changed=counts.changed, withdrawn=counts.withdrawn)
            Delivery.objects.filter(pk=delivery.pk).update(**fields)
    except RegionBusy:
        # Not an attempt of ours: give it back, still owed.
        Delivery.objects.filter(pk=delivery.pk, state=DeliveryState.APPLYING).update(
            state=DeliveryState.QUEUED, attempts=delivery.attempts - 1
        )
        raise
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"[:2000]
        poisoned = delivery.attempts >= max_attempts
        logger.warning("Release %s failed in %s (attempt %s of %s): %s", release.sequence, region.code,
                       delivery.attempts, max_attempts, error)
        Delivery.objects.filter(pk=delivery.pk).update(
            state=DeliveryState.FAILED if poisoned else DeliveryState.QUEUED, last_error=error,
            finished_at=timezone.now() if poisoned else None,
        )
        RegionSync.objects.filter(region=region).update(
            status=SyncStatus.FAILED if poisoned else SyncStatus.PENDING, last_error=error,
            updated_at=timezone.now(),
        )
        if not poisoned:
            raise ApplyFailed(f"{region.code}: release {release.sequence}: {error}") from exc
        return False
    logger.info("Release %s applied in %s", release.sequence, region.code)
    return counts is not None
