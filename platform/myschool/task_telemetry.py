"""Celery's side of telemetry: task outcomes counted, task log lines carrying region and request.

Connected when `myschool.celery` is imported, i.e. in every web and worker process.

- A task's region comes from its argument named `region_code` or `schema_name`
  (positional or keyword): tasks take their region explicitly (STYLE.md), so
  nothing else is guessed.
- A task's request id is the id of the web request that queued it, carried in a
  message header, so one id follows the work from the click to the worker; a
  task queued elsewhere (beat, a command) uses its own task id.
- Celery is told not to configure logging: the worker keeps Django's LOGGING
  (JSON in production), the same as the web.
"""

from __future__ import annotations

import contextlib
import inspect
import logging
from functools import cache
from typing import Any

from celery import Task
from celery.signals import (
    before_task_publish,
    setup_logging,
    task_failure,
    task_postrun,
    task_prerun,
    task_retry,
    task_success,
    worker_ready,
)
from django.conf import settings

from myschool import logs, metrics

logger = logging.getLogger(__name__)

REQUEST_ID_HEADER = "myschool_request_id"
_REGION_SCHEMA_PREFIX = "region_"


@setup_logging.connect
def _keep_django_logging(**_kwargs: Any) -> None:
    """Having a receiver at all stops Celery from replacing the root logger's handlers."""


@before_task_publish.connect
def _carry_request_id(headers: dict[str, Any] | None = None, **_kwargs: Any) -> None:
    request_id = logs.current_request_id()
    if headers is not None and request_id != logs.NO_REQUEST:
        headers[REQUEST_ID_HEADER] = request_id


@cache
def _signature(task_name: str, task: Task) -> inspect.Signature | None:
    try:
        return inspect.signature(task.run)
    except (TypeError, ValueError):
        return None


def region_of_call(task: Task, args: tuple[Any, ...], kwargs: dict[str, Any]) -> str | None:
    """The region code a task call names through `region_code` or `schema_name`, if any."""
    named = dict(kwargs)
    signature = _signature(task.name, task)
    if signature is not None:
        with contextlib.suppress(TypeError):  # a call that does not fit: keywords only
            named = dict(signature.bind_partial(*args, **kwargs).arguments)
    code = named.get("region_code")
    if isinstance(code, str) and code:
        return code
    schema = named.get("schema_name")
    if isinstance(schema, str) and schema.startswith(_REGION_SCHEMA_PREFIX):
        # region_ru_mos -> RU-MOS, the inverse of tenants.codes.schema_name_for
        return schema.removeprefix(_REGION_SCHEMA_PREFIX).upper().replace("_", "-", 1)
    return None


_bound: dict[str, logs.Bound] = {}


@task_prerun.connect
def _bind_task_context(task_id: str, task: Task, args: tuple[Any, ...] | None = None,
                       kwargs: dict[str, Any] | None = None, **_kwargs: Any) -> None:
    request = task.request
    carried = getattr(request, REQUEST_ID_HEADER, None) or (request.headers or {}).get(REQUEST_ID_HEADER)
    request_id = logs.request_id_from(carried) if carried else task_id
    region = region_of_call(task, tuple(args or ()), dict(kwargs or {}))
    _bound[task_id] = logs.bind(region=region, request_id=request_id)


@task_postrun.connect
def _unbind_task_context(task_id: str, **_kwargs: Any) -> None:
    bound = _bound.pop(task_id, None)
    if bound is not None:
        logs.unbind(bound)


@task_success.connect
def _count_success(sender: Task | None = None, **_kwargs: Any) -> None:
    metrics.CELERY_TASKS.labels(task=getattr(sender, "name", "unknown"), outcome="success").inc()


@task_failure.connect
def _count_failure(sender: Task | None = None, **_kwargs: Any) -> None:
    metrics.CELERY_TASKS.labels(task=getattr(sender, "name", "unknown"), outcome="failure").inc()


@task_retry.connect
def _count_retry(sender: Task | None = None, **_kwargs: Any) -> None:
    metrics.CELERY_TASKS.labels(task=getattr(sender, "name", "unknown"), outcome="retry").inc()


@worker_ready.connect
def _serve_worker_metrics(**_kwargs: Any) -> None:
    port = settings.WORKER_METRICS_PORT
    if not port:
        return
    if not metrics.multiprocess_mode():
        logger.warning("WORKER_METRICS_PORT without PROMETHEUS_MULTIPROC_DIR: a prefork pool's"
                       " children count tasks where this server cannot see them")
    metrics.serve_worker_metrics(port)
    logger.info("Worker metrics on port %s", port)
