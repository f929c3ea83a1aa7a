"""Single dated lessons: add one by hand, move, cancel, set the topic. Region schema.

Times are the region's wall-clock date and times. Moving a lesson keeps the
date the timetable gave it (`scheduled_on`), so generating the timetable again
never re-creates it on its old date; a cancelled lesson likewise stays cancelled.
"""

from __future__ import annotations

from datetime import date, time

from django.db import transaction
from django.utils.translation import gettext as _

from academics.models import AcademicYear, Holiday
from access.fetch import require_journal_writer, require_rescheduler
from accounts.models import User
from audit.services import record_region_change
from myschool.errors import ApplicationError, Conflict
from schedule.models import Lesson, LessonStatus
from schools.models import ClassGroup, Subject, TeachingAssignment
from tenants.context import require_region
from tenants.models import Region

ROOM_LENGTH = Lesson._meta.get_field("room").max_length
TOPIC_LENGTH = Lesson._meta.get_field("topic").max_length
REASON_LENGTH = Lesson._meta.get_field("cancel_reason").max_length


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


def move_lesson(
    *,
    region: Region,
    lesson: Lesson,
    actor: User,
    date: date | None = None,
    starts_at: time | None = None,
    ends_at: time | None = None,
    room: str | None = None,
) -> Lesson:
    """Move one lesson to another date or time, or into another room (what is not given stays).

    The new date must be a school day of the class group's year (not in the
    holidays), and neither the class group nor the teacher may have another
    lesson at that time. The lesson keeps `scheduled_on` and its journal. One
    transaction; nothing is written when a check fails. Only the region admin and
    the school's administrators move lessons; the region's audit records the move.
    """
    require_region(region)
    require_rescheduler(actor, lesson)
    if lesson.status == LessonStatus.CANCELLED:
        raise Conflict(_("The lesson is cancelled; it cannot be moved."))
    moved = Lesson(
        pk=lesson.pk,
        class_group=lesson.class_group,
        teacher_id=lesson.teacher_id,
        date=lesson.date if date is None else date,
        starts_at=lesson.starts_at if starts_at is None else starts_at,
        ends_at=lesson.ends_at if ends_at is None else ends_at,
        room=lesson.room if room is None else room.strip(),
    )
    if moved.ends_at <= moved.starts_at:
        raise ApplicationError.for_field("ends_at", _("The lesson must end after it starts."))
    if len(moved.room) > ROOM_LENGTH:
        raise ApplicationError.for_field(
            "room", _("The room may have at most %(count)d characters.") % {"count": ROOM_LENGTH}
        )
    _check_school_day(lesson.class_group.academic_year, moved.date)
    with transaction.atomic():
        lock_schedule(class_group_id=lesson.class_group_id, teacher_id=lesson.teacher_id)
        _check_free(moved)
        changed = [
            f for f in ("date", "starts_at", "ends_at", "room") if getattr(moved, f) != getattr(lesson, f)
        ]
        before = {field: getattr(lesson, field) for field in changed}
        for field in changed:
            setattr(lesson, field, getattr(moved, field))
        if changed:
            lesson.save(update_fields=changed)
            record_region_change(
                region=region, actor=actor, action="lesson.moved", target=lesson,
                before=before, after={field: getattr(lesson, field) for field in changed},
            )
    return lesson


def cancel_lesson(*, region: Region, lesson: Lesson, reason: str, actor: User | None) -> Lesson:
    """Cancel one lesson, saying why. Idempotent (cancelling again only updates the reason).

    A lesson that has marks or attendance has taken place and cannot be
    cancelled. Regenerating the timetable never brings a cancelled lesson back.
    Only the region admin and the school's administrators cancel; it is audited.
    """
    require_region(region)
    require_rescheduler(actor, lesson)
    reason = reason.strip()
    if not reason:
        raise ApplicationError.for_field("reason", _("Say why the lesson is cancelled."))
    if len(reason) > REASON_LENGTH:
        raise ApplicationError.for_field(
            "reason", _("The reason may have at most %(count)d characters.") % {"count": REASON_LENGTH}
        )
    if lesson.marks.exists() or lesson.attendance.exists():
        raise Conflict(_("The lesson has marks or attendance: it took place and cannot be cancelled."))
    before = {"status": lesson.status, "cancel_reason": lesson.cancel_reason}
    with transaction.atomic():
        lesson.status, lesson.cancel_reason = LessonStatus.CANCELLED, reason
        lesson.save(update_fields=["status", "cancel_reason"])
        record_region_change(
            region=region, actor=actor, action="lesson.cancelled", target=lesson,
            before=before, after={"status": lesson.status, "cancel_reason": reason},
        )
    return lesson


def set_topic(*, region: Region, lesson: Lesson, topic: str, actor: User) -> Lesson:
    """Set the topic of a lesson (blank clears it).

    Only its teacher, a teacher of that subject in the class group, or the
    administration may set it (access.fetch.require_journal_writer).
    """
    require_region(region)
    require_journal_writer(actor, lesson)
    topic = topic.strip()
    if len(topic) > TOPIC_LENGTH:
        raise ApplicationError.for_field(
            "topic", _("The topic may have at most %(count)d characters.") % {"count": TOPIC_LENGTH}
        )
    if topic != lesson.topic:
        lesson.topic = topic
        lesson.save(update_fields=["topic"])
    return lesson


def _check_school_day(year: AcademicYear, day: date) -> None:
    if not year.contains(day):
        raise ApplicationError.for_field(
            "date", _("The date is outside the school year %(year)s.") % {"year": year}
        )
    holiday = Holiday.objects.filter(academic_year=year, starts_on__lte=day, ends_on__gte=day).first()
    if holiday is not None:
        raise ApplicationError.for_field(
            "date", _("%(date)s is in the holidays “%(name)s”.") % {"date": day, "name": holiday.name}
        )


def lock_schedule(*, class_group_id: int, teacher_id: int) -> None:
    """Serialize schedule changes: one at a time per class group, then per teacher (always in this order).

    Call inside a transaction, before checking for clashes.
    """
    ClassGroup.objects.select_for_update().filter(pk=class_group_id).first()
    User.objects.select_for_update().filter(pk=teacher_id).first()


def _check_free(moved: Lesson) -> None:
    at_that_time = (
        Lesson.objects.filter(
            date=moved.date,
            status=LessonStatus.SCHEDULED,
            starts_at__lt=moved.ends_at,
            ends_at__gt=moved.starts_at,
        )
        .exclude(pk=moved.pk)
        .select_related("class_group", "subject", "teacher")
    )
    other = at_that_time.filter(class_group=moved.class_group).first()
    if other is not None:
        raise ApplicationError.for_field(
            "starts_at",
            _("%(group)s has %(subject)s at %(starts)s–%(ends)s on %(date)s already.") % _describe(other),
        )
    other = at_that_time.filter(teacher_id=moved.teacher_id).first()
    if other is not None:
        raise ApplicationError.for_field(
            "starts_at",
            _("%(teacher)s teaches %(subject)s in %(group)s at %(starts)s–%(ends)s on %(date)s already.")
            % _describe(other),
        )


def _describe(lesson: Lesson) -> dict[str, object]:
    return {
        "group": lesson.class_group,
        "subject": lesson.subject,
        "teacher": lesson.teacher.full_name or lesson.teacher.email,
        "starts": f"{lesson.starts_at:%H:%M}",
        "ends": f"{lesson.ends_at:%H:%M}",
        "date": lesson.date,
    }
