"""Pages of the diary: a pupil's week, as the pupil, their parents and staff read it.

Whose diary is access.fetch.get_pupil_for_user's answer, as in the diary API:
another pupil's id is a 404.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, time, timedelta

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from academics.models import Period
from academics.selectors import periods_of
from access.fetch import get_class_group_for_user, get_pupil_for_user
from accounts.models import Role, User
from catalogue.selectors import materials_for
from diary import selectors
from myschool.errors import ApplicationError
from myschool.fields import FormDateField
from myschool.region_pages import parameters, period_around, region_page
from schedule.times import region_datetime, region_today
from tenants.models import Region


class PupilQuery(forms.Form):
    pupil = forms.IntegerField(required=False)
    # Staff choosing whose page to open: the class group whose pupils to list.
    class_group = forms.IntegerField(required=False)


class WeekQuery(PupilQuery):
    week_of = FormDateField(required=False, input_formats=["%Y-%m-%d"])


class PupilNotChosen(Exception):
    """Staff opened a pupil's page without naming the pupil: they choose one first."""


def chosen_pupil(request: HttpRequest, pupil_id: int | None) -> tuple[User, list[User]]:
    """Whose page to show, and a parent's children for the switcher.

    `pupil_id` if the person may read that pupil (else NotFound); without it a
    pupil themselves, a parent their first child; staff must name the pupil
    (PupilNotChosen otherwise).
    """
    user, region = request.user, request.region
    children = []
    if user.role == Role.PARENT:
        children = list(selectors.children_for(region=region, parent=user, today=region_today(region)))
    if pupil_id is not None:
        return get_pupil_for_user(user, pupil_id), children
    if user.role == Role.PUPIL:
        return user, children
    if children:
        return children[0], children
    if user.role == Role.PARENT:
        raise ApplicationError.for_field("pupil", _("Name the pupil whose page to show."))
    raise PupilNotChosen


def choose_pupil(request: HttpRequest, class_group_id: int | None, title: str) -> HttpResponse:
    """The page where staff choose whose diary (or portfolio) to open: a class, then a pupil."""
    region, today = request.region, region_today(request.region)
    class_group = get_class_group_for_user(request.user, class_group_id) if class_group_id else None
    pupils = (
        selectors.pupils_to_choose(region=region, reader=request.user, class_group=class_group, today=today)
        if class_group else []
    )
    context = {
        "title": title,
        "class_groups": selectors.class_groups_to_choose(region=region, reader=request.user, today=today),
        "class_group": class_group,
        "pupils": pupils,
    }
    return render(request, "diary/choose_pupil.html", context)


@region_page
def week(request: HttpRequest) -> HttpResponse:
    query = parameters(WeekQuery, request.GET)
    try:
        pupil, children = chosen_pupil(request, query["pupil"])
    except PupilNotChosen:
        return choose_pupil(request, query["class_group"], _("Whose diary to open?"))
    region = request.region
    diary = selectors.diary_week(
        region=region, pupil=pupil, reader=request.user, week_of=query["week_of"] or region_today(region)
    )
    give_materials(region, diary)
    period = week_period(pupil, diary.ends_on)
    averages = (
        selectors.subject_averages(region=region, pupil=pupil, reader=request.user, period=period)
        if period
        else None
    )
    return render(
        request,
        "diary/week.html",
        {
            "region": region,
            "pupil": pupil,
            "children": children,
            "week": diary,
            "previous_week": diary.starts_on - timedelta(days=7),
            "next_week": diary.starts_on + timedelta(days=7),
            "utc_offset": utc_offset(region, diary.starts_on),
            "averages": averages,
        },
    )


def give_materials(region: Region, diary: selectors.DiaryWeek) -> None:
    """Hang each homework row's library materials on it (`library_materials`): one query for the week."""
    homework = [h for day in diary.days for lesson in day.lessons for h in lesson["homework"]]
    homework += [h for day in diary.days for h in day.homework_due]
    given = defaultdict(list)
    for material in materials_for(region=region, homework_ids={h["id"] for h in homework}, content=True):
        parts = (material["content"] or {}).get("manifest", {}).get("parts", [])
        material["url"] = next((media["url"] for part in parts for media in part["media"]), "")
        given[material["homework_id"]].append(material)
    for entry in homework:
        entry["library_materials"] = given.get(entry["id"], [])


def week_period(pupil: User, day: date) -> Period | None:
    """The period whose averages the week shows: that of the pupil's class group around `day`."""
    group = selectors.class_group_on(pupil, day)
    return period_around(periods_of(group.academic_year, group.grade), day) if group else None


def utc_offset(region: Region, day: date) -> str:
    """The region's offset from UTC on `day`, e.g. UTC+03:00: the lesson times on the page are local."""
    return "UTC" + region_datetime(region, day, time(12)).isoformat()[-6:]
