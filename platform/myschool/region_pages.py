"""What every region page shares: a signed-in person on a region host, query parameters, errors.

The pages' counterpart of myschool.region_api. Who may see what is decided in
platform/access, as for the API; a page shows NotFound as the 404 page and any
other ApplicationError as a short page with its message and status.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from functools import wraps
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _

from academics.models import Period
from myschool.errors import ApplicationError, NotFound

View = Callable[..., HttpResponse]


def region_page(view: View) -> View:
    """Decorate a page of the regional segment: log in first; 404 on the federation host."""

    @wraps(view)
    def page(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if getattr(request, "region", None) is None:
            raise Http404
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from None
        except ApplicationError as exc:
            context = {"title": _("This page cannot be shown"), "message": exc.one_line()}
            return render(request, "accounts/page_error.html", context, status=exc.status)

    return login_required(page)


def parameters(form: type[forms.Form], query: QueryDict) -> dict[str, Any]:
    """The page's query parameters, cleaned by `form`; a 400 naming the first bad one."""
    bound = form(query)
    if not bound.is_valid():
        field, errors = next(iter(bound.errors.items()))
        raise ApplicationError.for_field(field, " ".join(errors))
    return bound.cleaned_data


def period_around(periods: Sequence[Period], day: date) -> Period | None:
    """Which of `periods` (in order) a page opens on for `day`.

    The period containing `day`; in the holidays the last one begun by then;
    before the first, the first. None without periods.
    """
    begun = [period for period in periods if period.starts_on <= day]
    return begun[-1] if begun else (periods[0] if periods else None)
