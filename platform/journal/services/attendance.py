"""Recording who was at a lesson. Region schema; the caller has entered the region.

No row means present. Every change writes a history row (the region's audit) with the old and
new status; a pupil set back to present keeps their row (status present), so
one attendance record carries its whole history.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from access import scope
from accounts.models import User
from audit.models import AuditEntry
from audit.services import record_region_changes
from journal.models import Attendance, AttendanceStatus, ChangeKind
from journal.services.common import (
    history_row,
    not_enrolled_message,
    require_held,
    require_length,
    writable_lesson,
)
from myschool.errors import ApplicationError
from schedule.models import Lesson
from tenants.context import require_region
from tenants.models import Region

REASON_LENGTH = Attendance._meta.get_field("reason").max_length


@dataclass(frozen=True)
class AttendanceEntry:
    pupil: User
    status: str
    reason: str = ""


def record_attendance(
    *, region: Region, lesson: Lesson, pupil: User, status: str, actor: User, reason: str = ""
) -> Attendance:
    """Record one pupil's attendance at a lesson; see record_attendance_sheet.

    Recording "present" for a pupil with no row writes nothing and returns an
    unsaved Attendance (pk None) with status present.
    """
    entry = AttendanceEntry(pupil=pupil, status=status, reason=reason)
    return record_attendance_sheet(region=region, lesson=lesson, entries=[entry], actor=actor)[0]


def record_attendance_sheet(
    *, region: Region, lesson: Lesson, entries: Sequence[AttendanceEntry], actor: User
) -> list[Attendance]:
    """Record several pupils' attendance at a lesson, all or nothing; one Attendance per entry, in order.

    Rejected with an error naming the field, and nothing written, when the actor
    may not write this lesson's journal, the lesson was cancelled, a status is
    unknown, an excused absence has no reason, or a pupil was not in the class
    group on the lesson's date (or appears twice). Saves only what changed and
    writes one history row per change.
    """
    require_region(region)
    lesson = writable_lesson(actor, lesson)
    require_held(lesson)
    entries = [_clean(entry) for entry in entries]
    pupil_ids = [entry.pupil.pk for entry in entries]
    if len(set(pupil_ids)) != len(pupil_ids):
        raise ApplicationError.for_field("pupil", _("Each pupil may appear only once."))
    enrolled = set(
        scope.enrolled_on(lesson.class_group_id, lesson.date)
        .filter(pupil_id__in=pupil_ids)
        .values_list("pupil_id", flat=True)
    )
    for entry in entries:
        if entry.pupil.pk not in enrolled:
            raise ApplicationError.for_field("pupil", not_enrolled_message(lesson, entry.pupil))
    results: list[Attendance] = []
    changes: list[AuditEntry] = []
    with transaction.atomic():
        Lesson.objects.select_for_update().filter(pk=lesson.pk).first()  # one sheet at a time per lesson
        existing = {
            row.pupil_id: row for row in Attendance.objects.filter(lesson=lesson, pupil_id__in=pupil_ids)
        }
        for entry in entries:
            row = existing.get(entry.pupil.pk)
            if row is None and entry.status == AttendanceStatus.PRESENT:
                results.append(
                    Attendance(lesson=lesson, pupil=entry.pupil, status=entry.status, recorded_by=actor)
                )
                continue
            old = None if row is None else snapshot(row)
            row = row or Attendance(lesson=lesson, pupil=entry.pupil)
            row.status, row.reason = entry.status, entry.reason
            new = snapshot(row)
            if new != old:
                row.recorded_by = actor
                row.save()
                changes.append(
                    history_row(
                        kind=ChangeKind.ATTENDANCE,
                        object_id=row.pk,
                        pupil_id=row.pupil_id,
                        old=old,
                        new=new,
                        actor=actor,
                    )
                )
            results.append(row)
        record_region_changes(region=region, rows=changes)
    return results


def _clean(entry: AttendanceEntry) -> AttendanceEntry:
    if entry.status not in AttendanceStatus.values:
        raise ApplicationError.for_field(
            "status",
            _("Unknown attendance status “%(status)s”; use one of: %(allowed)s.")
            % {"status": entry.status, "allowed": ", ".join(AttendanceStatus.values)},
        )
    reason = (
        ""
        if entry.status == AttendanceStatus.PRESENT
        else require_length("reason", entry.reason, REASON_LENGTH)
    )
    if entry.status == AttendanceStatus.EXCUSED and not reason:
        raise ApplicationError.for_field("reason", _("Give the reason of an excused absence."))
    return AttendanceEntry(pupil=entry.pupil, status=entry.status, reason=reason)


def snapshot(row: Attendance) -> dict[str, Any]:
    """What attendance history shows of a row, as JSON."""
    return {"status": row.status, "reason": row.reason}
