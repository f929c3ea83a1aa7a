"""The project's own error pages (handler404, handler500 of both URL configurations).

Under /api/ the one JSON error shape (myschool.api_errors); elsewhere a page in
the person's language with the way back home. Never Django's debug pages:
`make up` runs with DEBUG off (myschool.devserver).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from myschool.api_errors import error_body

# Russian messages as letters, not \u escapes, for whoever reads the body.
READABLE = {"ensure_ascii": False}


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = _("There is nothing at this address. Check it, or start from the home page.")
    if request.path.startswith("/api/"):
        return JsonResponse(error_body("not_found", message), status=404, json_dumps_params=READABLE)
    context = {"title": _("Page not found"), "message": message, "home": True}
    return render(request, "accounts/page_error.html", context, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    message = _("The error has been recorded. Please try again in a few minutes.")
    if request.path.startswith("/api/"):
        return JsonResponse(error_body("server_error", message), status=500, json_dumps_params=READABLE)
    # Without the request: its user or region may be what failed (the database, say).
    context = {"title": _("Something went wrong"), "message": message, "home": True}
    return HttpResponse(render_to_string("accounts/page_error.html", context), status=500)
