"""Brute-force protection for every way of signing in, by django-axes.

Failed attempts are counted per account and per client address in the host's own
schema (a region's or the federation's), on the log-in form, the API token
endpoint and the password-set links. At AXES_FAILURE_LIMIT failures the account
or the address is refused for AXES_COOLOFF_TIME, counted again from each refused
try; a region admin lifts a lock early (accounts.api.views.LoginLockApi). Each
lock and each lift is a line of the `myschool.audit` log.
"""

from __future__ import annotations

import logging
from typing import Any

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import ngettext

from accounts.models import User
from myschool import logs
from myschool.api_errors import error_body

audit = logging.getLogger("myschool.audit")


def client_address(request: HttpRequest) -> str | None:
    """The address a failure is counted against (AXES_CLIENT_IP_CALLABLE).

    REMOTE_ADDR; with LOGIN_PROXY_COUNT proxies in front, the address the outermost
    of them saw: that many entries from the right of X-Forwarded-For, the part of
    the header a client cannot write itself.
    """
    count = settings.LOGIN_PROXY_COUNT
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if count and len(forwarded) >= count:
        return forwarded[-count]
    return request.META.get("REMOTE_ADDR")


def lockout_message(request: HttpRequest | None = None) -> str:
    """«Too many attempts», with how long to wait, in the user's language."""
    cool_off = get_cool_off(request)
    minutes = max(1, round(cool_off.total_seconds() / 60)) if cool_off else 0
    return ngettext(
        "Too many failed attempts to sign in. Try again in %(minutes)d minute.",
        "Too many failed attempts to sign in. Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The refusal while locked (AXES_LOCKOUT_CALLABLE): JSON under /api/, else the form page."""
    status = settings.AXES_HTTP_RESPONSE_CODE
    cool_off = get_cool_off(request)
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(error_body("locked_out", lockout_message(request)),
                                              status=status)
    else:
        response = render(request, "accounts/locked_out.html",
                          {"message": lockout_message(request)}, status=status)
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response


@receiver(user_locked_out, dispatch_uid="accounts-audit-lockout")
def _audit_lockout(sender: object, request: HttpRequest, username: str | None,
                   ip_address: str | None, **_kwargs: object) -> None:
    audit.warning("sign-in locked: account=%s address=%s region=%s",
                  username or "-", ip_address or "-", logs.current_region())


def lift_login_lock(*, attempt: AccessAttempt, actor: User) -> None:
    """Lift one lock (an account's or an address's) now. In the current schema; audited."""
    with transaction.atomic():
        AccessAttempt.objects.filter(pk=attempt.pk).delete()
        audit.warning("sign-in lock lifted: account=%s address=%s by=%s region=%s",
                      attempt.username or "-", attempt.ip_address or "-", actor.email,
                      logs.current_region())
