"""Reads of the schedule: a class group's timetable, the lessons a user may see. Region schema."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from access import scope
from accounts.models import User
from schedule.models import Lesson, TimetableEntry
from schools.models import ClassGroup


def timetable_of(class_group: ClassGroup, *, on: date | None = None) -> QuerySet[TimetableEntry]:
    """The entries of `class_group`'s timetable (those valid on `on`, if given), by weekday and number.

    Subject and teacher are joined. The caller has checked that the user may read the class group.
    """
    entries = class_group.timetable.select_related("class_group", "subject", "teacher")
    if on is not None:
        entries = entries.filter(valid_from__lte=on).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=on)
        )
    return entries.order_by("weekday", "number", "starts_at", "pk")


def lessons_for(
    user: User,
    *,
    class_group: int | None = None,
    subject: int | None = None,
    teacher: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[Lesson]:
    """Lessons `user` may read (access.scope.lessons_for), filtered, by local date and time.

    Dates are the region's local dates, so a filter selects a lesson by the day
    it happens on where the school is. Class group, subject and teacher are
    joined: rendering a page takes no further queries.
    """
    lessons = scope.lessons_for(user).select_related("class_group", "subject", "teacher")
    filters = {
        "class_group_id": class_group,
        "subject_id": subject,
        "teacher_id": teacher,
        "date__gte": date_from,
        "date__lte": date_to,
    }
    lessons = lessons.filter(**{name: value for name, value in filters.items() if value is not None})
    return lessons.order_by("date", "starts_at", "class_group_id", "pk")
