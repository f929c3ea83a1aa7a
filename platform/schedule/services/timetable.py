"""The weekly timetable of a class group: add, change and remove entries. Region schema.

An entry is valid for the checks below, made against every other entry whose
validity overlaps its own on the same weekday:
- the teacher has a teaching assignment for that subject in that class group;
- it ends after it starts, and its validity lies inside the class group's school year;
- the class group has no other entry with the same lesson number or at an
  overlapping time (one class group, one lesson at a time);
- the teacher has no entry in another class group at an overlapping time, in
  any school of the region (a teacher cannot be in two rooms at once).
Changes to the timetable apply to lessons from an `effective_from` date on
(default: today in the region); earlier lessons are history and stay as they were.

The timetable is the administration's: every service checks that `actor` manages
the class group's school (access.fetch.require_school_manager) and writes the
region's audit row in its transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from copy import copy
from datetime import date, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _

from access.fetch import require_school_manager
from accounts.models import User
from audit.services import changed_only, record_region_change, snapshot
from myschool.errors import ApplicationError
from schedule.models import TimetableEntry
from schedule.services.generation import follow_entry
from schedule.services.lessons import lock_schedule
from schedule.times import region_today
from schools.models import ClassGroup, Subject, TeachingAssignment
from tenants.context import require_region
from tenants.models import Region

EDITABLE = frozenset(
    {"weekday", "number", "starts_at", "ends_at", "subject", "teacher", "room", "valid_from", "valid_until"}
)
ROOM_LENGTH = TimetableEntry._meta.get_field("room").max_length


def add_timetable_entry(
    *,
    region: Region,
    class_group: ClassGroup,
    weekday: int,
    number: int,
    starts_at: time,
    ends_at: time,
    subject: Subject,
    teacher: User,
    actor: User,
    room: str = "",
    valid_from: date | None = None,
    valid_until: date | None = None,
) -> TimetableEntry:
    """Add a weekly slot to a class group's timetable (valid from the start of its school year by default).

    Validated as the module says; one transaction, nothing written when a check
    fails. Lessons come from it when generate_lessons runs.
    """
    require_region(region)
    require_school_manager(actor, class_group.school_id)
    entry = TimetableEntry(
        class_group=class_group,
        weekday=weekday,
        number=number,
        starts_at=starts_at,
        ends_at=ends_at,
        subject=subject,
        teacher=teacher,
        room=room.strip(),
        valid_from=valid_from or class_group.academic_year.starts_on,
        valid_until=valid_until,
    )
    with transaction.atomic():
        lock_schedule(class_group_id=entry.class_group_id, teacher_id=entry.teacher_id)
        _check(entry)
        entry.save()
        record_region_change(
            region=region, actor=actor, action="timetable_entry.created", target=entry,
            after=snapshot(entry, ["class_group", *sorted(EDITABLE)]),
        )
    return entry


def change_timetable_entry(
    *,
    region: Region,
    entry: TimetableEntry,
    changes: Mapping[str, Any],
    actor: User,
    effective_from: date | None = None,
) -> TimetableEntry:
    """Change fields of a timetable entry (those in EDITABLE); its lessons from `effective_from` follow.

    The changed entry is validated as a new one would be. Lessons it generated
    on or after `effective_from` that nobody has worked on are replaced by ones
    with the new values (see generation.follow_entry); lessons moved, cancelled,
    with a topic or journal entries, and all earlier lessons, stay as they are.
    One transaction; nothing is written when a check fails.
    """
    require_region(region)
    require_school_manager(actor, entry.class_group.school_id)
    unknown = set(changes) - EDITABLE
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    changed = copy(entry)
    for name, value in changes.items():
        setattr(changed, name, value.strip() if name == "room" else value)
    with transaction.atomic():
        lock_schedule(class_group_id=changed.class_group_id, teacher_id=changed.teacher_id)
        _check(changed)
        changed.save()
        follow_entry(entry=changed, before=entry, since=effective_from or region_today(region))
        before, after = changed_only(snapshot(entry, EDITABLE), snapshot(changed, EDITABLE))
        record_region_change(
            region=region, actor=actor, action="timetable_entry.changed", target=changed,
            before=before, after={**after, "effective_from": effective_from or region_today(region)},
        )
    return changed


def remove_timetable_entry(
    *, region: Region, entry: TimetableEntry, actor: User, effective_from: date | None = None
) -> None:
    """Take an entry off the timetable from `effective_from` (default: today in the region) on.

    Its lessons from that date on that nobody has worked on are deleted. The
    entry itself ends the day before, so the lessons already given keep it; an
    entry that would not have started by then is deleted. One transaction.
    """
    require_region(region)
    require_school_manager(actor, entry.class_group.school_id)
    since = effective_from or region_today(region)
    ended = copy(entry)
    ended.valid_until = min(since - timedelta(days=1), entry.valid_until or since)
    with transaction.atomic():
        record_region_change(
            region=region, actor=actor, action="timetable_entry.removed", target=entry,
            before=snapshot(entry, ["class_group", *sorted(EDITABLE)]), after={"effective_from": since},
        )
        if ended.valid_until < entry.valid_from:
            follow_entry(entry=None, before=entry, since=since)
            entry.delete()
        else:
            ended.save(update_fields=["valid_until"])
            follow_entry(entry=ended, before=entry, since=since)


def _check(entry: TimetableEntry) -> None:
    year = entry.class_group.academic_year
    if not 1 <= entry.weekday <= 7:
        raise ApplicationError.for_field("weekday", _("The weekday must be from 1 (Monday) to 7 (Sunday)."))
    if entry.number < 1:
        raise ApplicationError.for_field("number", _("The lesson number must be 1 or more."))
    if entry.ends_at <= entry.starts_at:
        raise ApplicationError.for_field("ends_at", _("The lesson must end after it starts."))
    if len(entry.room) > ROOM_LENGTH:
        raise ApplicationError.for_field(
            "room", _("The room may have at most %(count)d characters.") % {"count": ROOM_LENGTH}
        )
    outside = _("The date is outside the school year %(year)s.") % {"year": year}
    if not year.contains(entry.valid_from):
        raise ApplicationError.for_field("valid_from", outside)
    if entry.valid_until is not None:
        if entry.valid_until < entry.valid_from:
            raise ApplicationError.for_field("valid_until", _("The entry must not end before it starts."))
        if not year.contains(entry.valid_until):
            raise ApplicationError.for_field("valid_until", outside)
    if not TeachingAssignment.objects.filter(
        teacher=entry.teacher, subject=entry.subject, class_group=entry.class_group
    ).exists():
        raise ApplicationError.for_field(
            "teacher",
            _("%(teacher)s does not teach %(subject)s in %(group)s.")
            % {"teacher": _name(entry.teacher), "subject": entry.subject, "group": entry.class_group},
        )
    _check_clashes(entry)


def _check_clashes(entry: TimetableEntry) -> None:
    until = entry.valid_until or entry.class_group.academic_year.ends_on
    same_time = (
        TimetableEntry.objects.filter(weekday=entry.weekday, valid_from__lte=until)
        .filter(
            Q(valid_until__gte=entry.valid_from)
            | Q(valid_until__isnull=True, class_group__academic_year__ends_on__gte=entry.valid_from)
        )
        .exclude(pk=entry.pk)
        .select_related("class_group", "subject", "teacher")
    )
    for other in same_time.filter(class_group=entry.class_group):
        if other.number == entry.number:
            raise ApplicationError.for_field(
                "number",
                _("%(group)s has lesson %(number)d on %(weekday)s already: %(subject)s, %(starts)s–%(ends)s.")
                % _describe(other),
            )
        if other.starts_at < entry.ends_at and entry.starts_at < other.ends_at:
            raise ApplicationError.for_field(
                "starts_at",
                _("%(group)s has %(subject)s at %(starts)s–%(ends)s on %(weekday)s already.")
                % _describe(other),
            )
    other = same_time.filter(
        teacher=entry.teacher, starts_at__lt=entry.ends_at, ends_at__gt=entry.starts_at
    ).first()
    if other is not None:
        raise ApplicationError.for_field(
            "teacher",
            _("%(teacher)s teaches %(subject)s in %(group)s at %(starts)s–%(ends)s on %(weekday)s already.")
            % _describe(other),
        )


def _describe(entry: TimetableEntry) -> dict[str, object]:
    return {
        "group": entry.class_group,
        "number": entry.number,
        "subject": entry.subject,
        "teacher": _name(entry.teacher),
        "starts": f"{entry.starts_at:%H:%M}",
        "ends": f"{entry.ends_at:%H:%M}",
        "weekday": WEEKDAYS[entry.weekday - 1],
    }


def _name(user: User) -> str:
    return user.full_name or user.email
