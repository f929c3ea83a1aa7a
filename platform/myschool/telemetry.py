"""Per-request telemetry: request id, log context, counters, latency and query counts.

Placed before region routing, so the routing's own queries (a host cache miss)
are counted and its log lines carry the request id. Routing tells this
middleware what it found by setting `request.host_kind` and binding the region
for the logs (`myschool.logs.bind_region`).

The log context outlives the middleware on purpose: Django writes its own
"Not Found" and "Internal Server Error" lines (django.request) after every
middleware has returned, and those lines need the region most. It is cleared
when the response is closed (`request_finished`), which the WSGI server does
after sending it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.core.signals import request_finished
from django.db import connection
from django.http import HttpRequest, HttpResponse

from myschool import logs, metrics

access_logger = logging.getLogger("myschool.request")

REQUEST_ID_HEADER = "X-Request-ID"


class _QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool,
                 context: dict[str, Any]) -> Any:
        self.count += 1
        return execute(sql, params, many, context)


class TelemetryMiddleware:
    """Binds a request id (the caller's X-Request-ID if well-formed) and records the request.

    The id is returned in the response's X-Request-ID header.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = logs.request_id_from(request.headers.get(REQUEST_ID_HEADER))
        request.request_id = request_id
        queries = _QueryCounter()
        logs.bind(region=None, request_id=request_id)
        started = time.perf_counter()
        with connection.execute_wrapper(queries):
            response = self.get_response(request)
        elapsed = time.perf_counter() - started
        host_kind = getattr(request, "host_kind", "unknown")
        metrics.HTTP_REQUESTS.labels(
            method=metrics.method_label(request.method),
            status=str(response.status_code),
            host_kind=host_kind,
        ).inc()
        metrics.HTTP_DURATION.labels(host_kind=host_kind).observe(elapsed)
        metrics.HTTP_DB_QUERIES.labels(host_kind=host_kind).observe(queries.count)
        response[REQUEST_ID_HEADER] = request_id
        # The route, not the path: paths hold password-reset tokens and ids.
        match = getattr(request, "resolver_match", None)
        access_logger.info(
            "%s %s %s", request.method, match.route if match else request.path_info,
            response.status_code,
            extra={
                "method": request.method,
                "route": match.route if match else None,
                "status": response.status_code,
                "duration_ms": round(elapsed * 1000, 1),
                "db_queries": queries.count,
                "host_kind": host_kind,
            },
        )
        return response


def _forget_request(**_kwargs: Any) -> None:
    logs.forget()


request_finished.connect(_forget_request, dispatch_uid="myschool-telemetry-forget-request")
