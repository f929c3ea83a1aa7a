"""Routing each request to its region's schema by host name.

django-tenants' own middleware asks the database for every request and resets
the search path each time. Here the federation's whole host -> region map (a few
hundred names at most) is kept in the process as one snapshot, read with one
query and replaced as a whole: when a Region or Domain is saved or deleted in
this process, and otherwise after REGION_ROUTING_CACHE_SECONDS, so a status
change made by another process (a worker suspending a region) is seen within
that many seconds. A host missing from the snapshot is answered from it too:
a flood of made-up host names costs no query and no memory. The search path is
only set again when the connection is on another schema.
"""

from __future__ import annotations

import copy
import threading
import time
from collections.abc import Callable, Mapping
from types import MappingProxyType

from django.conf import settings
from django.db import connection
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from myschool import logs
from myschool.api_errors import error_body
from tenants.context import in_federation
from tenants.models import Domain, Region, RegionStatus


class _Snapshot:
    """The host -> region map as read at one moment, valid until `expires`."""

    __slots__ = ("expires", "routes")

    def __init__(self, routes: Mapping[str, Region], expires: float) -> None:
        self.routes = MappingProxyType(dict(routes))
        self.expires = expires


_lock = threading.Lock()
_snapshot: _Snapshot | None = None


def clear_routes(**_kwargs: object) -> None:
    """Forget the snapshot; the next request reads the whole map again."""
    global _snapshot
    with _lock:
        _snapshot = None


def connect_invalidation() -> None:
    for model in (Region, Domain):
        post_save.connect(clear_routes, sender=model, dispatch_uid=f"routes-{model.__name__}")
        post_delete.connect(clear_routes, sender=model, dispatch_uid=f"routes-del-{model.__name__}")


def _read_routes() -> dict[str, Region]:
    with in_federation():
        domains = Domain.objects.select_related("tenant")
        return {domain.domain: domain.tenant for domain in domains}


def current_routes() -> Mapping[str, Region]:
    """The whole host -> region map, read with one query at most per TTL or change.

    Concurrent requests that find the snapshot stale wait for one reader rather
    than each querying the database.
    """
    global _snapshot
    snapshot = _snapshot
    if snapshot is not None and snapshot.expires >= time.monotonic():
        return snapshot.routes
    with _lock:
        snapshot = _snapshot
        if snapshot is None or snapshot.expires < time.monotonic():
            routes = _read_routes()
            snapshot = _Snapshot(routes, time.monotonic() + settings.REGION_ROUTING_CACHE_SECONDS)
            _snapshot = snapshot
    return snapshot.routes


def region_for_host(hostname: str) -> Region | None:
    """The region serving `hostname`, or None; a copy the caller may keep."""
    region = current_routes().get(hostname)
    return copy.copy(region) if region is not None else None


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get(
        "Accept", ""
    )


def _refusal(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    if _wants_json(request):
        code = "no_region" if status == 404 else "region_unavailable"
        response = JsonResponse(error_body(code, message), status=status)
    else:
        html = render_to_string("tenants/refusal.html", {"title": title, "message": message})
        response = HttpResponse(html, status=status)
    if status == 503:
        response["Retry-After"] = "300"
    # Expected answers of a closed or unknown host, each already a line of the access log
    # (myschool.telemetry): not an "ERROR Service Unavailable" line from django.request per
    # request for as long as a region is suspended.
    response._has_been_logged = True
    return response


class RegionRoutingMiddleware:
    """Activates the schema named by the request's host; first after ops endpoints and telemetry."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        hostname = request.get_host().rsplit(":", 1)[0].lower()
        if hostname == settings.BASE_DOMAIN:
            request.host_kind = "federation"
            request.region = None
            request.urlconf = settings.PUBLIC_SCHEMA_URLCONF
            if connection.schema_name != "public":
                connection.set_schema_to_public()
            request.tenant = connection.tenant
            return self.get_response(request)

        region = region_for_host(hostname)
        if region is None:
            return _refusal(
                request, 404, _("No such region"),
                _("No region of the federation answers at %(host)s.") % {"host": hostname},
            )
        # Told to telemetry (metrics and log lines) even when the region is closed.
        request.host_kind = "region"
        logs.bind_region(region.code)
        if region.status != RegionStatus.ACTIVE:
            onboarding = region.status == RegionStatus.ONBOARDING
            return _refusal(
                request, 503,
                _("The region is being set up") if onboarding else _("The region is suspended"),
                (_("%(name)s is being connected to the platform. Please come back later.")
                 if onboarding else
                 _("%(name)s is temporarily unavailable. Please try again later."))
                % {"name": region.name}
                + (" " + _("Reason: %(reason)s") % {"reason": region.suspension_reason}
                   if region.suspension_reason and not onboarding else ""),
            )
        request.region = request.tenant = region
        if connection.schema_name != region.schema_name:
            connection.set_tenant(region)
        return self.get_response(request)
