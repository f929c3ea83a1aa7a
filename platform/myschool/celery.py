"""The Celery application. Start a worker with `celery -A myschool worker -Q <queues>`.

Queues and routes are in settings (CELERY_TASK_QUEUES, CELERY_TASK_ROUTES); which
worker consumes which queue is in docs/operations.md.
"""

import os

from celery import Celery

from myschool import task_telemetry  # noqa: F401 - connects the task signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "myschool.settings")

app = Celery("myschool")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
