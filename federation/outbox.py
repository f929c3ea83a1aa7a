"""The outbox: messages for the broker, written in the transaction that causes them.

Every piece of work the sync layer hands to a worker goes through here, as a
named topic: a release cut or promoted, a region's sync requested, a region
activated or resumed. `dispatch_outbox` sends what is not yet delivered, oldest
first, and marks each message delivered only once the broker has it (publisher
confirms). It runs right after commit and again from the beat schedule, so a
broker that is down delays work by seconds once it is back, and never loses it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from federation import deliveries
from federation.models import OutboxMessage

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Topic:
    """Which Celery task handles a topic (its only argument: the payload), and what to
    record in the same transaction once the broker has the message."""

    task: str
    on_sent: Callable[[dict], None] | None = None


TOPICS: dict[str, Topic] = {
    "release.cut": Topic("federation.tasks.fan_out_release_task"),
    "release.promoted": Topic("federation.tasks.fan_out_release_task"),
    "sync.requested": Topic("federation.tasks.sync_region_task", on_sent=deliveries.mark_queued),
    "region.activated": Topic("federation.tasks.region_opened_task"),
    "region.resumed": Topic("federation.tasks.region_opened_task"),
}


def enqueue(*, topic: str, payload: dict) -> OutboxMessage:
    """Record a message for the broker; it leaves only if the caller's transaction commits."""
    if topic not in TOPICS:
        raise ValueError(f"no handler for outbox topic {topic!r}")
    message = OutboxMessage.objects.create(topic=topic, payload=payload)
    transaction.on_commit(dispatch_outbox_soon)
    return message


def dispatch_outbox_soon() -> None:
    """After commit: try to deliver now; on any failure the beat schedule tries again."""
    try:
        dispatch_outbox()
    except Exception:
        logger.exception("Outbox dispatch failed; it will be retried")


def dispatch_outbox(limit: int = 100) -> int:
    """Send undelivered messages in order; return how many left. Safe to run concurrently.

    Stops at the first message the broker refuses, recording why, so order is kept.
    """
    from myschool.celery import app

    sent = 0
    with transaction.atomic():
        messages = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(dispatched_at__isnull=True).order_by("id")[:limit]
        )
        if not messages:
            return 0
        try:
            with app.connection_for_write() as conn:
                conn.ensure_connection(max_retries=1, timeout=5)
                for message in messages:
                    topic = TOPICS[message.topic]
                    app.send_task(topic.task, args=[message.payload], connection=conn, retry=False)
                    message.dispatched_at = timezone.now()
                    message.attempts += 1
                    message.last_error = ""
                    sent += 1
                    if topic.on_sent is not None:
                        topic.on_sent(message.payload)
        except Exception as exc:
            failed = messages[sent]
            failed.attempts += 1
            failed.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            logger.warning("Outbox message %s not delivered: %s", failed.pk, failed.last_error)
        OutboxMessage.objects.bulk_update(
            messages[: sent + 1], ["dispatched_at", "attempts", "last_error"]
        )
    return sent


def undelivered(*, topic: str, payload_contains: dict) -> bool:
    """Whether a message on `topic` whose payload includes `payload_contains` still waits for the broker."""
    return OutboxMessage.objects.filter(
        topic=topic, dispatched_at__isnull=True, payload__contains=payload_contains
    ).exists()
