"""Background work of the sync layer: thin wrappers around services. Queue `sync`."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from federation.outbox import dispatch_outbox
from federation.services.fanout import fan_out_release, sweep
from federation.services.sync import ApplyFailed, sync_region
from tenants.models import Region


@shared_task(acks_late=True)
def fan_out_release_task(payload: dict) -> int:
    """Queue the per-region syncs of a release that was cut or promoted. Idempotent."""
    return fan_out_release(sequence=int(payload["sequence"]))


@shared_task(
    acks_late=True,
    autoretry_for=(ApplyFailed,),
    retry_backoff=2,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=settings.FEDERATION_MAX_ATTEMPTS,
)
def sync_region_task(schema_name: str, region_code: str) -> list[int]:
    """Apply the releases region `region_code` (schema `schema_name`) may have, in order. Idempotent."""
    region = Region.objects.filter(schema_name=schema_name, code=region_code).first()
    if region is None:
        return []  # the region was removed after the task was queued
    return sync_region(region=region).applied


@shared_task(acks_late=True)
def dispatch_outbox_task() -> int:
    """Send what the outbox still holds (e.g. releases cut while the broker was down)."""
    return dispatch_outbox()


@shared_task(acks_late=True)
def sweep_task() -> int:
    """Queue region syncs that fell through (lost tasks, ended deferrals, promotions)."""
    return sweep()
