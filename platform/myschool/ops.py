"""/healthz, /readyz and /metrics, answered before region routing and host validation.

Load balancers and the kubelet probe every host, suspended regions' included,
and often by the pod's IP address, which is in no ALLOWED_HOSTS; so this
middleware comes first and answers these paths without asking for the host
(`request.get_host()` is what rejects unknown hosts) and without a region.
/metrics is the exception that looks at the host: it shows every region's
state, so a region's host never serves it (the request goes on to the region's
own pages, which have no such path). With METRICS_TOKEN set it also wants
`Authorization: Bearer <token>`.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.http.request import split_domain_port

from myschool import health, metrics
from tenants.routing import region_for_host

PATHS = ("/healthz", "/readyz", "/metrics")


def healthz() -> HttpResponse:
    """The process answers. Touches nothing else: a database outage must not restart pods."""
    return JsonResponse({"status": "ok"})


def readyz() -> HttpResponse:
    checks = health.readiness()
    failing = [name for name, check in checks.items() if not check.ok]
    body = {
        "status": "unavailable" if failing else "ok",
        "checks": {name: check.as_json() for name, check in checks.items()},
        "failing": failing,
    }
    return JsonResponse(body, status=503 if failing else 200)


def _raw_hostname(request: HttpRequest) -> str:
    raw = request.META.get("HTTP_HOST") or request.META.get("SERVER_NAME", "")
    return split_domain_port(raw)[0]


def _is_region_host(hostname: str) -> bool:
    return bool(hostname) and hostname != settings.BASE_DOMAIN and region_for_host(hostname) is not None


def _token_accepted(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    if not token:
        return True
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())


def metrics_page(request: HttpRequest) -> HttpResponse:
    if not _token_accepted(request):
        response = JsonResponse({"error": "metrics need a bearer token"}, status=401)
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    body, content_type = metrics.render(request.headers.get("Accept", ""))
    return HttpResponse(body, content_type=content_type)


class OpsEndpointsMiddleware:
    """Answers the operations paths on any host; must come before everything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if path not in PATHS or (path == "/metrics" and _is_region_host(_raw_hostname(request))):
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        if path == "/healthz":
            response = healthz()
        elif path == "/readyz":
            response = readyz()
        else:
            response = metrics_page(request)
        response["Cache-Control"] = "no-store"
        return response
