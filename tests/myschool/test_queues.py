"""Each kind of task goes to its own queue, so slow work never waits in front of the diary's."""

from __future__ import annotations

import time

import pytest
from django.conf import settings

from myschool.celery import app


def declared_queues() -> set[str]:
    return {queue.name for queue in settings.CELERY_TASK_QUEUES}


def queue_of(task_name: str) -> str:
    return app.amqp.router.route({}, task_name)["queue"].name


@pytest.mark.parametrize(
    ("task_name", "queue"),
    [
        ("tenants.tasks.run_onboarding_task", "onboarding"),
        ("tenants.tasks.resume_stalled_onboardings", "onboarding"),
        # The sync layer's per-region publishing (federation app, to come).
        ("federation.tasks.publish_release_to_region", "sync"),
        ("federation.tasks.apply_outbox", "sync"),
        # Imports go to their own queue whichever app they belong to.
        ("schools.tasks.import_pupils", "imports"),
        ("journal.tasks.import_marks", "imports"),
        ("federation.tasks.import_library", "imports"),
        ("tenants.tasks.import_region_directory", "imports"),
        # Everything else is short, diary-facing work.
        ("diary.tasks.send_week_digest", "default"),
        ("journal.tasks.notify_parents_of_mark", "default"),
        ("schools.tasks.important_notice", "default"),
        ("schools.import_tasks.rebuild", "default"),
    ],
)
def test_each_task_name_routes_to_its_queue(task_name: str, queue: str) -> None:
    assert queue_of(task_name) == queue


@pytest.mark.parametrize(
    ("task_name", "queue"),
    [
        ("diary.tasks.send_week_digest", "default"),
        ("tenants.tasks.run_onboarding_task", "onboarding"),
        ("federation.tasks.publish_release_to_region", "sync"),
        ("schools.tasks.import_pupils", "imports"),
    ],
)
def test_a_sent_task_waits_in_its_own_queue_and_no_other(task_name: str, queue: str) -> None:
    """On the configured broker: one message, in one queue (never copied to every queue)."""
    queues = list(app.amqp.queues.values())
    with app.connection_for_write() as conn:
        channel = conn.default_channel
        for q in queues:
            q(channel).declare()
            q(channel).purge()
        try:
            app.send_task(task_name, args=["RU-MOS"], connection=conn)
            deadline = time.monotonic() + 10
            waiting = {q.name: 0 for q in queues}
            while waiting[queue] == 0 and time.monotonic() < deadline:
                time.sleep(0.05)
                waiting = {q.name: q(channel).queue_declare(passive=True).message_count for q in queues}
        finally:
            for q in queues:
                q(channel).purge()

    assert waiting == {name: int(name == queue) for name in declared_queues()}


def test_every_registered_task_goes_to_a_declared_queue() -> None:
    app.loader.import_default_modules()
    ours = [name for name in app.tasks if not name.startswith("celery.")]

    assert "tenants.tasks.run_onboarding_task" in ours
    assert {name: queue_of(name) for name in ours if queue_of(name) not in declared_queues()} == {}


def test_long_work_is_acknowledged_late_and_fetched_one_at_a_time() -> None:
    # A killed worker's task is delivered again, and a worker busy with an
    # onboarding holds no other message hostage.
    assert declared_queues() == {"default", "onboarding", "sync", "imports"}
    assert app.conf.task_default_queue == "default"
    assert app.conf.task_acks_late and app.conf.task_reject_on_worker_lost
    assert app.conf.worker_prefetch_multiplier == 1
