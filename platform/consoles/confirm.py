"""The confirmation step before a destructive action: the consequence named, then a second post.

A destructive form posts as usual; its view asks `confirmed(request)` and, until the
person has confirmed, answers with `confirmation(...)`: a page that spells out what
will happen and repeats the form's fields with `confirmed=yes` added. Nothing is
written before that second post, so going back or cancelling changes nothing.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

CONFIRM_FIELD = "confirmed"


def confirmed(request: HttpRequest) -> bool:
    """Whether this POST is the confirmation of the action, not its first request."""
    return request.method == "POST" and request.POST.get(CONFIRM_FIELD) == "yes"


def confirmation(
    request: HttpRequest, *, title: str, consequence: str, action: str, cancel_url: str
) -> HttpResponse:
    """The page asking to confirm: `consequence` says what will happen, `action` labels the button.

    The posted fields (except the CSRF token) are carried into the confirming form.
    """
    fields = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in ("csrfmiddlewaretoken", CONFIRM_FIELD)
        for value in values
    ]
    context = {
        "title": title, "consequence": consequence, "action": action, "cancel_url": cancel_url,
        "fields": fields, "post_url": request.get_full_path(), "confirm_field": CONFIRM_FIELD,
    }
    return render(request, "consoles/confirm.html", context)
