"""Bookkeeping of deliveries that the outbox records once a sync request is on the broker."""

from __future__ import annotations

from django.utils import timezone

from federation.models import Delivery, DeliveryState


def mark_queued(payload: dict) -> int:
    """The sync request `payload` reached the broker: its region's pending deliveries are queued.

    Runs in the outbox's transaction, so `queued` is never written for a
    request the broker did not take. Returns how many deliveries moved.
    """
    return Delivery.objects.filter(
        region__schema_name=payload["schema_name"], state=DeliveryState.PENDING,
        release__sequence__lte=int(payload["through"]),
    ).update(state=DeliveryState.QUEUED, queued_at=timezone.now())
