"""The Celery queues the application sends to, read from its settings."""

from __future__ import annotations

from django.conf import settings

# The queue classes of issue 5; routing may add more, never fewer.
KNOWN = {"default", "onboarding", "sync", "imports"}


def app_queues() -> set[str]:
    """Every queue some task can land on: the default, each route's, each declared queue."""
    queues = set(KNOWN) | {settings.CELERY_TASK_DEFAULT_QUEUE}
    routes = getattr(settings, "CELERY_TASK_ROUTES", None) or {}
    for table in routes if isinstance(routes, list | tuple) else [routes]:
        if isinstance(table, dict):
            for route in table.values():
                if isinstance(route, dict) and "queue" in route:
                    queue = route["queue"]
                    queues.add(getattr(queue, "name", queue))
                elif isinstance(route, str):
                    queues.add(route)
    for queue in getattr(settings, "CELERY_TASK_QUEUES", None) or []:
        queues.add(getattr(queue, "name", queue))
    return queues
