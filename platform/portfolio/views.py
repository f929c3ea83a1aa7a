"""Pages of the portfolio: a pupil's achievements, as the pupil, their parents and staff read them."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from diary.views import PupilQuery, chosen_pupil
from myschool.region_pages import parameters, region_page
from portfolio.selectors import achievements_of


@region_page
def achievements(request: HttpRequest) -> HttpResponse:
    pupil, children = chosen_pupil(request, parameters(PupilQuery, request.GET)["pupil"])
    context = {
        "region": request.region,
        "pupil": pupil,
        "children": children,
        "achievements": achievements_of(pupil, reader=request.user),
    }
    return render(request, "portfolio/achievements.html", context)
