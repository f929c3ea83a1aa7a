"""Dated lessons from the weekly timetable. Region schema.

A timetable entry gives a lesson on every date of its weekday that lies inside
the class group's school year and the entry's validity and is not in the
holidays. Lessons are written by one INSERT … SELECT … ON CONFLICT DO NOTHING
per call, whatever the range: the unique (timetable entry, scheduled_on) key
makes generation idempotent, and since a moved or cancelled lesson keeps that
key, generating again never re-creates or undoes it.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import Exists, F, Max, OuterRef, QuerySet
from django.utils.translation import gettext as _

from academics.models import AcademicYear, Holiday
from access.fetch import require_school_manager
from accounts.models import User
from audit.services import record_region_change
from journal.models import Attendance, Homework, Mark
from myschool.errors import ApplicationError
from schedule.models import Lesson, LessonStatus, TimetableEntry
from schools.models import ClassGroup
from tenants.context import require_region
from tenants.models import Region

# The entry's fields its lessons copy, or that decide their dates.
LESSON_FIELDS = (
    "weekday",
    "starts_at",
    "ends_at",
    "subject_id",
    "teacher_id",
    "room",
    "valid_from",
    "valid_until",
)

_INSERT = f"""
INSERT INTO {Lesson._meta.db_table}
    (class_group_id, subject_id, teacher_id, room, date, starts_at, ends_at,
     topic, status, cancel_reason, timetable_entry_id, scheduled_on)
SELECT entry.class_group_id, entry.subject_id, entry.teacher_id, entry.room, dates.day,
       entry.starts_at, entry.ends_at, '', %(status)s, '', entry.id, dates.day
FROM (SELECT %(first)s::date + n AS day FROM generate_series(0, %(days)s::int) AS n) AS dates
JOIN {TimetableEntry._meta.db_table} AS entry
  ON entry.weekday = EXTRACT(ISODOW FROM dates.day)
 AND dates.day >= entry.valid_from
 AND dates.day <= COALESCE(entry.valid_until, dates.day)
WHERE entry.id = ANY(%(entries)s::bigint[])
  AND NOT EXISTS (
      SELECT 1 FROM {Holiday._meta.db_table} AS holiday
      WHERE holiday.academic_year_id = %(year)s AND dates.day BETWEEN holiday.starts_on AND holiday.ends_on
  )
ON CONFLICT (timetable_entry_id, scheduled_on) DO NOTHING
"""


def generate_lessons(
    *, region: Region, class_group: ClassGroup, starts_on: date, ends_on: date, actor: User | None
) -> int:
    """Create the lessons of `class_group`'s timetable from `starts_on` to `ends_on`; return how many are new.

    The range is cut to the class group's school year. Idempotent: lessons that
    exist (also moved or cancelled ones) are left alone, so running it again
    creates nothing. A fixed number of queries however long the range. Only
    those who manage the class group's school (or the system, `actor` None) may;
    new lessons are recorded in the region's audit, in the same transaction.
    """
    require_region(region)
    require_school_manager(actor, class_group.school_id)
    year = class_group.academic_year
    if ends_on < starts_on:
        raise ApplicationError.for_field("ends_on", _("The range must not end before it starts."))
    if ends_on < year.starts_on or starts_on > year.ends_on:
        raise ApplicationError.for_field(
            "starts_on", _("The dates are outside the school year %(year)s.") % {"year": year}
        )
    entries = list(class_group.timetable.values_list("pk", flat=True))
    first, last = max(starts_on, year.starts_on), min(ends_on, year.ends_on)
    with transaction.atomic():
        created = _insert(entries=entries, year=year, first=first, last=last)
        if created:
            record_region_change(
                region=region, actor=actor, action="lessons.generated", target=class_group,
                after={"from": first, "to": last, "lessons": created},
            )
    return created


def follow_entry(*, entry: TimetableEntry | None, before: TimetableEntry, since: date) -> None:
    """Bring the lessons a timetable entry generated from `since` on in line with its new state.

    `before` is the entry as it was, `entry` as it is now (None when it is
    deleted). Lessons nobody has worked on (see untouched) are deleted and
    generated again from the new state up to the end of the last week that had
    lessons (an entry moved from Monday to Tuesday still gives that week its
    lesson); the others stay as they are. Runs in the caller's transaction.
    """
    if entry is not None and all(getattr(entry, f) == getattr(before, f) for f in LESSON_FIELDS):
        return
    lessons = Lesson.objects.filter(timetable_entry_id=before.pk, scheduled_on__gte=since)
    last = lessons.aggregate(last=Max("scheduled_on"))["last"]
    if last is None:
        return
    untouched(lessons, before).delete()
    if entry is not None:
        sunday = last + timedelta(days=7 - last.isoweekday())
        year = entry.class_group.academic_year
        _insert(entries=[entry.pk], year=year, first=since, last=min(sunday, year.ends_on))


def untouched(lessons: QuerySet[Lesson], entry: TimetableEntry) -> QuerySet[Lesson]:
    """Those of `lessons` still exactly as `entry` generated them, that nobody has worked on.

    Scheduled, on the date the timetable gave them, with the entry's times,
    room, subject and teacher, without a topic, marks, attendance or homework
    (set in them or due by them).
    """
    return lessons.filter(
        status=LessonStatus.SCHEDULED,
        date=F("scheduled_on"),
        starts_at=entry.starts_at,
        ends_at=entry.ends_at,
        room=entry.room,
        subject_id=entry.subject_id,
        teacher_id=entry.teacher_id,
        topic="",
    ).exclude(
        Exists(Mark.objects.filter(lesson=OuterRef("pk")))
        | Exists(Attendance.objects.filter(lesson=OuterRef("pk")))
        | Exists(Homework.objects.filter(lesson=OuterRef("pk")))
        | Exists(Homework.objects.filter(due_lesson=OuterRef("pk")))
    )


def _insert(*, entries: list[int], year: AcademicYear, first: date, last: date) -> int:
    if not entries or last < first:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            _INSERT,
            {
                "status": LessonStatus.SCHEDULED.value,
                "first": first,
                "days": (last - first).days,
                "entries": entries,
                "year": year.pk,
            },
        )
        return cursor.rowcount
