"""Timetables and lessons. Region schema; times are the region's wall-clock times."""

from __future__ import annotations

from datetime import date, time

from django.utils.translation import gettext as _

from accounts.models import User
from myschool.errors import ApplicationError
from schedule.models import Lesson
from schools.models import ClassGroup, Subject, TeachingAssignment
from tenants.context import require_region
from tenants.models import Region


def add_lesson(
    *,
    region: Region,
    class_group: ClassGroup,
    subject: Subject,
    teacher: User,
    date: date,
    starts_at: time,
    ends_at: time,
    room: str = "",
    topic: str = "",
) -> Lesson:
    """Add one lesson by hand (outside the timetable), e.g. an extra lesson before a test."""
    require_region(region)
    if ends_at <= starts_at:
        raise ApplicationError.for_field("ends_at", _("The lesson must end after it starts."))
    if not class_group.academic_year.contains(date):
        raise ApplicationError.for_field("date", _("The date is outside the class group's school year."))
    if not TeachingAssignment.objects.filter(
        teacher=teacher, subject=subject, class_group=class_group
    ).exists():
        raise ApplicationError.for_field(
            "teacher",
            _("%(email)s does not teach %(subject)s in %(group)s.")
            % {"email": teacher.email, "subject": subject, "group": class_group},
        )
    return Lesson.objects.create(
        class_group=class_group,
        subject=subject,
        teacher=teacher,
        date=date,
        starts_at=starts_at,
        ends_at=ends_at,
        room=room,
        topic=topic,
    )
