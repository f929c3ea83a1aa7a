"""Who may open a console page, and how a page answers htmx: the views' shared entrance."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

View = Callable[..., HttpResponse]


def forbidden(request: HttpRequest) -> HttpResponse:
    """The 403 page, in the person's language, with the way back home."""
    context = {"title": _("No access"), "message": _("This page is for federal operators."), "home": True}
    return render(request, "accounts/page_error.html", context, status=403)


def federal_operator_page(view: View) -> View:
    """A federation console page: anonymous people go to the log-in page, other people get 403.

    A polling htmx request whose session has ended is sent to the log-in page as a whole
    page (HX-Redirect), not swapped into the part it was refreshing.
    """

    @wraps(view)
    def page(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not request.user.is_authenticated:
            if request.htmx:
                return HttpResponseClientRedirect(redirect_to_login(request.get_full_path())["Location"])
            return redirect_to_login(request.get_full_path())
        if request.region is not None or not request.user.is_federal_operator:
            return forbidden(request)
        response = view(request, *args, **kwargs)
        patch_vary_headers(response, ("HX-Request",))
        return response

    return page


def render_page(request: HttpRequest, template: str, partial: str, context: dict) -> HttpResponse:
    """The whole page, or only its live part (`partial`) when htmx asks for it."""
    return render(request, partial if request.htmx else template, context)
