"""The Celery application. Start a worker with `celery -A myschool worker`."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "myschool.settings")

app = Celery("myschool")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
