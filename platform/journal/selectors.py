"""Reads of the teacher's journal. Region schema; the caller has entered the region and checked access.

journal_for answers in a fixed number of queries whatever the class size and
the number of lessons: one each for enrolments, lessons, marks, attendance,
homework (with their attachments), averages and final marks, as plain rows
through prepared queries (myschool.prepared). The API and the pages render the
same rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from academics.models import Period
from academics.selectors import period_on
from access import fetch
from audit.models import AuditEntry
from audit.selectors import history_of
from journal.averages import averages
from journal.models import (
    Attendance,
    ChangeKind,
    FinalMark,
    Homework,
    Mark,
)
from myschool.errors import ApplicationError
from myschool.prepared import Day, Id, Ids, Param, PreparedQuery, any_of
from schedule.models import Lesson
from schools.models import ClassGroup, Enrolment, Subject, enrolled_during

Cell = tuple[int, int]  # (pupil id, lesson id)


@dataclass(frozen=True)
class Journal:
    """A journal as journal_for reads it: plain rows (dicts of column values).

    `pupils`: id, full_name, email, enrolments ((starts_on, ends_on) in this
    class group), average, period_mark and year_mark (final mark rows or None),
    by name. `lessons`: Lesson columns and `homework` (rows with
    `attachments`), in time order. `marks`: Mark columns with `kind__code` and
    `kind__name`, by (pupil, lesson) cell, oldest first in a cell.
    `attendance`: its rows.
    """

    class_group: ClassGroup
    subject: Subject
    period: Period
    pupils: list[dict[str, Any]]
    lessons: list[dict[str, Any]]
    marks: list[dict[str, Any]]
    attendance: list[dict[str, Any]]


def period_enrolments(group_id: Id, starts_on: Day, ends_on: Day) -> QuerySet[Enrolment]:
    """Enrolments in class group `group_id` overlapping the period, by the pupil's name, then date."""
    return (
        Enrolment.objects.filter(enrolled_during(starts_on, ends_on), class_group_id=group_id)
        .order_by("pupil__full_name", "pupil__email", "starts_on")
    )


def period_lessons(group_id: Id, subject_id: Id, starts_on: Day, ends_on: Day) -> QuerySet[Lesson]:
    """The lessons of a subject in a class group during the period, in time order."""
    return Lesson.objects.filter(
        class_group_id=group_id, subject_id=subject_id, date__gte=starts_on, date__lte=ends_on
    ).order_by("date", "starts_at", "id")


def live_marks(lesson_ids: Ids) -> QuerySet[Mark]:
    """The marks not deleted at `lesson_ids`, oldest first."""
    return Mark.objects.filter(any_of("lesson_id", lesson_ids), deleted_at__isnull=True).order_by(
        "created_at", "id"
    )


def lessons_attendance(lesson_ids: Ids) -> QuerySet[Attendance]:
    return Attendance.objects.filter(any_of("lesson_id", lesson_ids))


def lessons_homework(lesson_ids: Ids) -> QuerySet[Homework]:
    """Homework set at `lesson_ids`, oldest first."""
    return Homework.objects.filter(any_of("lesson_id", lesson_ids)).order_by("id")


def final_marks(subject_id: Id, period_id: Id, year_id: Id, pupil_ids: Ids) -> QuerySet[FinalMark]:
    """The period marks for the period and the year marks for its school year of `pupil_ids` in a subject."""
    return FinalMark.objects.filter(any_of("pupil_id", pupil_ids), subject_id=subject_id).filter(
        Q(period_id=period_id) | Q(period__isnull=True, academic_year_id=year_id)
    )


def period_averages(
    class_group: ClassGroup, subject: Subject, period: Period, pupil_ids: list[int]
) -> dict[int, Decimal]:
    """{pupil id: weighted average in `subject` over `period` of the marks given in `class_group`},
    for those with marks that count: a class group's journal never averages another's marks."""
    averaged = averages(
        starts_on=period.starts_on,
        ends_on=period.ends_on,
        pupil_ids=pupil_ids,
        class_group_ids=[class_group.pk],
        subject_ids=[subject.pk],
    )
    return {pupil: value for (pupil, _subject), value in averaged.items()}


def stays_until(enrolments: Iterable[tuple[date, date | None]], day: date) -> bool:
    """Whether one of a pupil's enrolments in the class group (starts_on, ends_on) lasts until `day`.

    Final marks are set where the pupil is at the end of the period or year:
    a class group the pupil left before then shows none of them.
    """
    return any(ends_on is None or ends_on >= day for _starts_on, ends_on in enrolments)


def final_mark_ends(class_group: ClassGroup, period: Period) -> dict[bool, date]:
    """When final marks are set: the period's end for a period mark (True), the year's for a year mark."""
    return {True: period.ends_on, False: class_group.academic_year.ends_on}


# What the journal shows (see Journal), read by prepared queries.
PERIOD = {"starts_on": Param("starts_on"), "ends_on": Param("ends_on")}
PUPIL_ROWS = PreparedQuery(
    lambda: period_enrolments(Param("group"), **PERIOD).values(
        "pupil_id", "pupil__full_name", "pupil__email", "starts_on", "ends_on"
    )
)
LESSON_ROWS = PreparedQuery(
    lambda: period_lessons(Param("group"), Param("subject"), **PERIOD).values(
        "id", "date", "starts_at", "ends_at", "topic", "status", "cancel_reason"
    )
)
MARK_ROWS = PreparedQuery(
    lambda: live_marks(Param("lessons")).values(
        *("id", "pupil_id", "lesson_id", "value", "points", "kind__code", "kind__name", "weight"),
        *("comment", "given_by_id"),
        *("created_at", "updated_at", "deleted_at"),
    )
)
ATTENDANCE_ROWS = PreparedQuery(
    lambda: lessons_attendance(Param("lessons")).values(
        "pupil_id", "lesson_id", "status", "reason", "recorded_by_id", "updated_at"
    )
)
# Homework with its attachments: a row per attachment (or one without), in homework then attachment order.
ATTACHMENT_COLUMNS = ("attachments__id", "attachments__title", "attachments__url", "attachments__file")
HOMEWORK_ROWS = PreparedQuery(
    lambda: lessons_homework(Param("lessons"))
    .order_by("id", "attachments__id")
    .values(
        *("id", "lesson_id", "text", "due_on", "due_lesson_id", "set_by_id", "created_at", "updated_at"),
        *ATTACHMENT_COLUMNS,
    )
)


def with_attachments(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Homework rows, each with `attachments` (id, homework_id, title, url, file), from rows with
    ATTACHMENT_COLUMNS, repeated per attachment: those of one homework next to each other."""
    homework: list[dict[str, Any]] = []
    for row in rows:
        attachment = {
            "id": row.pop("attachments__id"),
            "homework_id": row["id"],
            "title": row.pop("attachments__title"),
            "url": row.pop("attachments__url"),
            "file": row.pop("attachments__file"),
        }
        if not homework or homework[-1]["id"] != row["id"]:
            row["attachments"] = []
            homework.append(row)
        if attachment["id"] is not None:
            homework[-1]["attachments"].append(attachment)
    return homework


FINAL_MARK_ROWS = PreparedQuery(
    lambda: final_marks(Param("subject"), Param("period"), Param("year"), Param("pupils")).values(
        "id", "pupil_id", "period_id", "value"
    )
)


def journal_for(*, class_group: ClassGroup, subject: Subject, period: Period) -> Journal:
    """The journal of `subject` in `class_group` over `period`, as plain rows (see Journal).

    Pupils enrolled at any time in the period (with their enrolment dates in
    this class group, so a pupil who joined or left mid-period shows when),
    ordered by name; the lessons in date order; every live mark and attendance
    row per (pupil, lesson); homework per lesson with attachments; each pupil's
    weighted average in the subject over the period (of the marks given in
    this class group only), their period mark and year mark (when they are in
    the class group at the end of the period or year: stays_until).
    Seven queries (and the averages'), whatever the size.
    """
    dates = {"starts_on": period.starts_on, "ends_on": period.ends_on}
    pupils: dict[int, dict[str, Any]] = {}
    for row in PUPIL_ROWS.rows(group=class_group.pk, **dates):
        pupil = pupils.setdefault(
            row["pupil_id"],
            {"id": row["pupil_id"], "full_name": row["pupil__full_name"], "email": row["pupil__email"]},
        )
        pupil.setdefault("enrolments", []).append((row["starts_on"], row["ends_on"]))
    lessons = LESSON_ROWS.rows(group=class_group.pk, subject=subject.pk, **dates)
    lesson_ids = [lesson["id"] for lesson in lessons]
    marks: dict[Cell, list[dict[str, Any]]] = defaultdict(list)
    for mark in MARK_ROWS.rows(lessons=lesson_ids):
        marks[(mark["pupil_id"], mark["lesson_id"])].append(mark)
    set_at: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for item in with_attachments(HOMEWORK_ROWS.rows(lessons=lesson_ids)):
        set_at[item["lesson_id"]].append(item)
    for lesson in lessons:
        lesson["homework"] = set_at[lesson["id"]]
    pupil_ids = list(pupils)
    averaged = period_averages(class_group, subject, period, pupil_ids)
    for pupil in pupils.values():
        pupil.update(average=averaged.get(pupil["id"]), period_mark=None, year_mark=None)
    finals = FINAL_MARK_ROWS.rows(
        subject=subject.pk, period=period.pk, year=period.academic_year_id, pupils=pupil_ids
    )
    ends = final_mark_ends(class_group, period)
    for final in finals:
        pupil = pupils[final["pupil_id"]]
        if stays_until(pupil["enrolments"], ends[bool(final["period_id"])]):
            pupil["period_mark" if final["period_id"] else "year_mark"] = final
    return Journal(
        class_group=class_group,
        subject=subject,
        period=period,
        pupils=list(pupils.values()),
        lessons=lessons,
        marks=[mark for cell in marks.values() for mark in cell],
        attendance=ATTENDANCE_ROWS.rows(lessons=lesson_ids),
    )


PERIODS = PreparedQuery(lambda: Period.objects.filter(pk=Param("pk")))
SUBJECTS = PreparedQuery(lambda: Subject.objects.select_related("grading_scale").filter(pk=Param("pk")))


def subject_by_id(pk: object) -> Subject:
    """Subject `pk` with its grading scale, or a 400 naming `subject` (prepared: read per journal request)."""
    return fetch.get_referenced(SUBJECTS, pk, "subject", _("subject"))


def journal_period(*, class_group: ClassGroup, period_id: int | None, today: date) -> Period:
    """Period `period_id` of the class group's school year and scheme, or the one containing `today`.

    A 400 naming `period` when there is no such period (or today is in none, e.g. in the holidays).
    """
    year = class_group.academic_year
    if period_id is not None:
        period = fetch.get_referenced(PERIODS, period_id, "period", _("period"))
        if (period.academic_year_id, period.scheme) != (year.pk, year.scheme_for_grade(class_group.grade)):
            raise ApplicationError.for_field("period", fetch.not_found(_("period"), period_id).message)
        return period
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


def mark_history(mark: Mark) -> QuerySet[AuditEntry]:
    """The history of a mark (its rows in the region's audit), oldest change first, with who made each."""
    return history_of(ChangeKind.MARK, mark.pk)
