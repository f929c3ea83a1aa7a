"""In development: the loopback address runserver prints points to the federation's address.

Regions are told apart by host name, so `http://127.0.0.1:8000/` names no part of
the platform; instead of Django's "Invalid HTTP_HOST header" page it answers a
page with the link to `http://<BASE_DOMAIN>:<port>/`. Not installed in
production, where only ALLOWED_HOSTS are served.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port
from django.template.loader import render_to_string

LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "[::1]"})


class LoopbackAddressMiddleware:
    """Answers any request to a loopback name with the page pointing to the federation's host."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        raw = request.META.get("HTTP_HOST") or request.META.get("SERVER_NAME", "")
        name, port = split_domain_port(raw.lower())
        if name not in LOOPBACK_NAMES:
            return self.get_response(request)
        address = f"{request.scheme}://{settings.BASE_DOMAIN}{f':{port}' if port else ''}/"
        html = render_to_string("accounts/loopback.html", {"address": address})
        return HttpResponse(html)
