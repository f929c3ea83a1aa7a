"""Reads of the teacher's journal. Region schema; the caller has entered the region and checked access.

journal_for answers in a fixed number of queries whatever the class size and
the number of lessons: one each for enrolments, lessons, marks, attendance,
homework (and their attachments), averages and final marks.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from academics.models import Period
from academics.selectors import period_on
from access import fetch
from accounts.models import User
from journal.averages import averages
from journal.models import Attendance, ChangeKind, FinalMark, Homework, JournalChange, Mark
from myschool.errors import ApplicationError
from schedule.models import Lesson
from schools.models import ClassGroup, Enrolment, Subject

Cell = tuple[int, int]  # (pupil id, lesson id)


@dataclass(frozen=True)
class JournalPupil:
    pupil: User
    enrolments: list[tuple[date, date | None]]
    average: Decimal | None
    period_mark: FinalMark | None
    year_mark: FinalMark | None


@dataclass(frozen=True)
class Journal:
    class_group: ClassGroup
    subject: Subject
    period: Period
    pupils: list[JournalPupil]
    lessons: list[Lesson]
    marks: dict[Cell, list[Mark]]
    attendance: dict[Cell, Attendance]
    homework: dict[int, list[Homework]]


def journal_for(*, class_group: ClassGroup, subject: Subject, period: Period) -> Journal:
    """The journal of `subject` in `class_group` over `period`.

    Pupils enrolled at any time in the period (with their enrolment dates in
    this class group, so a pupil who joined or left mid-period shows when),
    ordered by name; the lessons in date order; every live mark and attendance
    row per (pupil, lesson); homework per lesson with attachments; each pupil's
    weighted average in the subject over the period (all their marks in it,
    also those from a class group they left), their period mark and year mark.
    Eight queries, whatever the size.
    """
    enrolments = list(
        Enrolment.objects.filter(class_group=class_group, starts_on__lte=period.ends_on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=period.starts_on))
        .select_related("pupil")
        .order_by("pupil__full_name", "pupil__email", "starts_on")
    )
    pupils: dict[int, User] = {}
    dates: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    for enrolment in enrolments:
        pupils.setdefault(enrolment.pupil_id, enrolment.pupil)
        dates[enrolment.pupil_id].append((enrolment.starts_on, enrolment.ends_on))
    lessons = list(
        Lesson.objects.filter(
            class_group=class_group, subject=subject, date__gte=period.starts_on, date__lte=period.ends_on
        ).order_by("date", "starts_at", "id")
    )
    lesson_ids = [lesson.pk for lesson in lessons]
    marks: dict[Cell, list[Mark]] = defaultdict(list)
    for mark in (
        Mark.objects.filter(lesson_id__in=lesson_ids, deleted_at__isnull=True)
        .select_related("kind")
        .order_by("created_at", "id")
    ):
        marks[(mark.pupil_id, mark.lesson_id)].append(mark)
    attendance = {(a.pupil_id, a.lesson_id): a for a in Attendance.objects.filter(lesson_id__in=lesson_ids)}
    homework: dict[int, list[Homework]] = defaultdict(list)
    for item in (
        Homework.objects.filter(lesson_id__in=lesson_ids).prefetch_related("attachments").order_by("id")
    ):
        homework[item.lesson_id].append(item)
    pupil_ids = list(pupils)
    averaged = averages(
        starts_on=period.starts_on, ends_on=period.ends_on, pupil_ids=pupil_ids, subject_ids=[subject.pk]
    )
    finals = FinalMark.objects.filter(subject=subject, pupil_id__in=pupil_ids).filter(
        Q(period=period) | Q(period__isnull=True, academic_year_id=period.academic_year_id)
    )
    period_marks, year_marks = {}, {}
    for final in finals:
        (period_marks if final.period_id else year_marks)[final.pupil_id] = final
    return Journal(
        class_group=class_group,
        subject=subject,
        period=period,
        pupils=[
            JournalPupil(
                pupil=pupil,
                enrolments=dates[pk],
                average=averaged.get((pk, subject.pk)),
                period_mark=period_marks.get(pk),
                year_mark=year_marks.get(pk),
            )
            for pk, pupil in pupils.items()
        ],
        lessons=lessons,
        marks=dict(marks),
        attendance=attendance,
        homework=dict(homework),
    )


def journal_period(*, class_group: ClassGroup, period_id: int | None, today: date) -> Period:
    """Period `period_id` of the class group's school year and scheme, or the one containing `today`.

    A 400 naming `period` when there is no such period (or today is in none, e.g. in the holidays).
    """
    year = class_group.academic_year
    if period_id is not None:
        periods = Period.objects.filter(academic_year=year, scheme=year.scheme_for_grade(class_group.grade))
        return fetch.get_referenced(periods, period_id, "period", _("period"))
    period = period_on(year, class_group.grade, today)
    if period is None:
        raise ApplicationError.for_field(
            "period",
            _("Today is in no period of %(group)s's school year; choose one.") % {"group": class_group},
        )
    return period


def lesson_homework(lesson: Lesson) -> QuerySet[Homework]:
    """Homework set at `lesson`, with attachments, oldest first."""
    return Homework.objects.filter(lesson=lesson).prefetch_related("attachments").order_by("id")


def mark_history(mark: Mark) -> QuerySet[JournalChange]:
    """The history of a mark, oldest change first, with who made each change."""
    return JournalChange.objects.filter(kind=ChangeKind.MARK, object_id=mark.pk).select_related("changed_by")
