"""Bringing one region's catalogue up to date, release by release. Public schema bookkeeping.

Each release is applied to a region in its own transaction, together with the
region's sync state and the (region, release) delivery row: either all of it
commits or none. Releases apply strictly in order. Attempts are counted before
applying, so a release that kills the worker or keeps failing ends in the
visible failed state after `FEDERATION_MAX_ATTEMPTS`, instead of looping.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
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


def sync_region(*, region: Region) -> SyncOutcome:
    """Apply every release `region` may have, in order; stop at the first it may not.

    Idempotent and safe under concurrent calls (a second caller for the same
    region returns at once). Raises ApplyFailed when a release failed but has
    attempts left; a release that used them all leaves the region failed, and
    nothing later is applied until an operator retries it.
    """
    applied: list[int] = []
    with _region_lock(region) as locked:
        if not locked:
            return SyncOutcome(region.code, applied, sync_state(region).status)
        while True:
            region.refresh_from_db(fields=["status"])
            state = sync_state(region)
            release = _next_release(region, state)
            if release is None:
                return SyncOutcome(region.code, applied, state.status)
            _apply_one(region, release)
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
        following = None  # a canary release not yet open to this region
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


def _apply_one(region: Region, release: Release) -> None:
    max_attempts = settings.FEDERATION_MAX_ATTEMPTS
    with transaction.atomic():
        delivery, _created = Delivery.objects.select_for_update().get_or_create(
            region=region, release=release
        )
        delivery.attempts += 1
        delivery.state = DeliveryState.APPLYING
        delivery.started_at = timezone.now()
        delivery.save(update_fields=["attempts", "state", "started_at"])
        RegionSync.objects.filter(region=region).update(
            status=SyncStatus.APPLYING, attempts=delivery.attempts, updated_at=timezone.now()
        )
    try:
        with transaction.atomic():
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
        return
    logger.info("Release %s applied in %s", release.sequence, region.code)


@contextmanager
def _region_lock(region: Region) -> Iterator[bool]:
    """One sync per region at a time, across workers (a session advisory lock)."""
    key = f"federation:sync:{region.schema_name}"
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(hashtext(%s))", [key])
        (locked,) = cursor.fetchone()
    try:
        yield locked
    finally:
        if locked:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(hashtext(%s))", [key])
