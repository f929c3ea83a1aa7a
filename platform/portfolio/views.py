"""Pages of the portfolio: a pupil's achievements, as the pupil, their parents and staff read them."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from diary.views import PupilNotChosen, PupilQuery, choose_pupil, chosen_pupil
from myschool.region_pages import parameters, region_page
from portfolio.selectors import achievements_of


@region_page
def achievements(request: HttpRequest) -> HttpResponse:
    query = parameters(PupilQuery, request.GET)
    try:
        pupil, children = chosen_pupil(request, query["pupil"])
    except PupilNotChosen:
        return choose_pupil(request, query["class_group"], _("Whose portfolio to open?"))
    context = {
        "region": request.region,
        "pupil": pupil,
        "children": children,
        "achievements": achievements_of(pupil, reader=request.user),
    }
    return render(request, "portfolio/achievements.html", context)
