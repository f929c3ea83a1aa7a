"""Background work of the sync layer: thin wrappers around services. Queue `sync`.

Each handler of an outbox topic takes the message's payload as its only argument.
"""

from __future__ import annotations

from celery import Task, shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError, connection

from federation.outbox import dispatch_outbox
from federation.services.fanout import fan_out_release, request_sync, sweep
from federation.services.sync import ApplyFailed, RegionBusy, sync_region
from tenants.models import Region


@shared_task(acks_late=True)
def fan_out_release_task(payload: dict) -> int:
    """Request the per-region syncs of a release that was cut or promoted. Idempotent."""
    return fan_out_release(sequence=int(payload["sequence"]))


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(ApplyFailed,),
    retry_backoff=2,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=settings.FEDERATION_MAX_ATTEMPTS,
)
def sync_region_task(self: Task, payload: dict) -> list[int]:
    """Apply the releases a region may have, in order. Idempotent.

    A region another transaction is applying to (perhaps the backend of a
    worker that died) is tried again shortly, for as long as work is owed; so
    is a region whose database session was lost mid-way.
    """
    region = Region.objects.filter(schema_name=payload["schema_name"], code=payload["region_code"]).first()
    if region is None:
        return []  # the region was removed after the task was queued
    try:
        return sync_region(region=region).applied
    except RegionBusy as exc:
        raise self.retry(exc=exc, countdown=settings.FEDERATION_BUSY_RETRY_SECONDS, max_retries=None) from exc
    except (InterfaceError, OperationalError) as exc:
        # The database session itself was lost (a backend terminated, a failover):
        # nothing was half-written; start again on a fresh connection.
        connection.close()
        raise self.retry(exc=exc, countdown=settings.FEDERATION_BUSY_RETRY_SECONDS) from exc


@shared_task(acks_late=True)
def region_opened_task(payload: dict) -> bool:
    """A region was activated or resumed: request the sync of what it missed. Idempotent."""
    region = Region.objects.filter(schema_name=payload["schema_name"], code=payload["region_code"]).first()
    return region is not None and request_sync(region=region)


@shared_task(acks_late=True)
def dispatch_outbox_task() -> int:
    """Send what the outbox still holds (e.g. work requested while the broker was down)."""
    return dispatch_outbox()


@shared_task(acks_late=True)
def sweep_task() -> int:
    """Request region syncs that fell through (lost tasks, ended deferrals, promotions, dead workers)."""
    return sweep()
