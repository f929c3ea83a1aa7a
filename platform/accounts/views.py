"""Pages every host has: home, log in and out, choosing a password.

On a region host the home page is the person's way in: a pupil goes to their
diary, a parent sees their children, a teacher their classes and subjects,
the administration their schools and class groups.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts import selectors
from accounts.models import Role
from diary.selectors import children_for
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
