"""Pages every host has: home, log in and out, choosing a password, the interface language.

On a region host the home page is the person's way in: a pupil goes to their
diary, a parent sees their children, a teacher their classes and subjects,
the administration their schools and class groups.
"""

from __future__ import annotations

from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import language, selectors, services
from accounts.lockout import lockout_response
from accounts.models import Role
from diary.selectors import children_for
from myschool.errors import ApplicationError
from schedule.times import region_today


@login_required
def home(request: HttpRequest) -> HttpResponse:
    region, user = request.region, request.user
    if region is None:
        return render(request, "accounts/home.html", {"region": None})
    if user.role == Role.PUPIL:
        return redirect("diary:week")
    today = region_today(region)
    context = {"region": region}
    if user.role == Role.PARENT:
        context["children"] = children_for(region=region, parent=user, today=today)
    else:
        year = selectors.current_academic_year(today)
        context["academic_year"] = year
        if user.role == Role.TEACHER:
            context["assignments"] = selectors.teaching_of(user, year)
        else:
            context["schools"] = selectors.schools_overview(user, year=year, today=today)
    return render(request, "accounts/home.html", context)


class PasswordSetView(auth_views.PasswordResetConfirmView):
    """Choosing a password from an invitation link.

    A wrong or stale link counts as a failed sign-in of its account and address
    (accounts.lockout), so links cannot be guessed at leisure.
    """

    success_url = "/password/done/"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = self.get_user(kwargs["uidb64"])
        credentials = {"username": user.email if user is not None else kwargs["uidb64"]}
        if not AxesProxyHandler.is_allowed(request, credentials):
            return lockout_response(request, None, credentials)
        response = super().dispatch(request, *args, **kwargs)
        if not self.validlink and not isinstance(response, HttpResponseRedirect):
            user_login_failed.send(sender=type(self), credentials=credentials, request=request)
        return response


@require_POST
def choose_language(request: HttpRequest) -> HttpResponse:
    """The language switch: back to the page it was on, in the chosen language, from now on."""
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = "/"
    try:
        chosen = language.parse_language(request.POST.get("language", ""))
        if request.user.is_authenticated:
            services.choose_language(user=request.user, language=chosen)
    except ApplicationError as exc:
        context = {"title": _("This page cannot be shown"), "message": exc.one_line()}
        return render(request, "accounts/page_error.html", context, status=exc.status)
    response = redirect(back)
    language.remember(response, chosen)
    return response
