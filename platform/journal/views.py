"""Pages of the journal: a class group's marks and attendance in a subject over a period, for staff.

Read-only; marks, attendance and homework are written through the journal API.
Whose journal is access.fetch.get_roster_for_user's answer, as in the API:
a class group the person may not read is a 404.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from academics.models import Period
from academics.selectors import periods_of
from access import fetch
from journal.selectors import Journal, journal_for
from myschool.errors import ApplicationError, NotFound
from myschool.region_pages import parameters, period_around, region_page
from schedule.times import region_today
from schools.models import Subject
from schools.selectors import assignments_of


class JournalQuery(forms.Form):
    class_group = forms.IntegerField()
    subject = forms.IntegerField()
    period = forms.IntegerField(required=False)


@dataclass(frozen=True)
class Cell:
    marks: list[dict[str, Any]]
    attendance: dict[str, Any] | None
    enrolled: bool


@dataclass(frozen=True)
class Row:
    pupil: dict[str, Any]
    cells: list[Cell]


@region_page
def grid(request: HttpRequest) -> HttpResponse:
    query = parameters(JournalQuery, request.GET)
    group = fetch.get_roster_for_user(request.user, query["class_group"])
    subject = fetch.get_or_not_found(Subject.objects.all(), query["subject"], _("subject"))
    periods = periods_of(group.academic_year, group.grade)
    period = chosen_period(periods, query["period"], request)
    journal = journal_for(class_group=group, subject=subject, period=period)
    context = {
        "region": request.region,
        "journal": journal,
        "rows": rows(journal),
        "periods": periods,
        "assignments": assignments_of(group),
    }
    return render(request, "journal/grid.html", context)


def chosen_period(periods: list[Period], period_id: int | None, request: HttpRequest) -> Period:
    """Period `period_id` of the class group's periods (else NotFound), or the one around today."""
    if period_id is not None:
        period = next((period for period in periods if period.pk == period_id), None)
        if period is None:
            raise NotFound(_("No period with id %(id)s.") % {"id": period_id})
        return period
    period = period_around(periods, region_today(request.region))
    if period is None:
        raise ApplicationError.for_field("period", _("The class group's school year has no periods."))
    return period


def rows(journal: Journal) -> list[Row]:
    """One row per pupil, one cell per lesson; a cell says whether the pupil was in the class that day."""
    marks: dict[tuple[int, int], list[dict[str, Any]]] = defaultdict(list)
    for mark in journal.marks:
        marks[(mark["pupil_id"], mark["lesson_id"])].append(mark)
    attendance = {(row["pupil_id"], row["lesson_id"]): row for row in journal.attendance}
    return [
        Row(
            pupil=pupil,
            cells=[
                Cell(
                    marks=marks.get((pupil["id"], lesson["id"]), []),
                    attendance=attendance.get((pupil["id"], lesson["id"])),
                    enrolled=any(
                        start <= lesson["date"] and (end is None or lesson["date"] <= end)
                        for start, end in pupil["enrolments"]
                    ),
                )
                for lesson in journal.lessons
            ],
        )
        for pupil in journal.pupils
    ]
