"""What every journal write shares: the write check on the lesson, enrolment, and the history row.

The journal's history is the region's audit (platform/audit): one row per
change, `target_type` mark / attendance / final_mark, `person` the pupil.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from access import fetch, scope
from accounts.models import User
from audit.models import AuditEntry
from audit.services import change_row
from myschool.errors import ApplicationError
from schedule.models import Lesson, LessonStatus


def writable_lesson(actor: User, lesson: Lesson | int) -> Lesson:
    """The lesson, fresh, if `actor` may fill in its journal (NotFound or Forbidden otherwise)."""
    pk = lesson if isinstance(lesson, int) else lesson.pk
    return fetch.get_lesson_for_user(actor, pk, write=True)


def require_held(lesson: Lesson, field: str = "lesson") -> None:
    """A cancelled lesson takes no marks, attendance or homework."""
    if lesson.status == LessonStatus.CANCELLED:
        raise ApplicationError.for_field(
            field, _("The lesson on %(date)s was cancelled.") % {"date": lesson.date.isoformat()}
        )


def require_enrolled(lesson: Lesson, pupil: User) -> None:
    """`pupil` was in the lesson's class group on the lesson's date."""
    if not scope.enrolled_on(lesson.class_group_id, lesson.date).filter(pupil_id=pupil.pk).exists():
        raise ApplicationError.for_field("pupil", not_enrolled_message(lesson, pupil))


def not_enrolled_message(lesson: Lesson, pupil: User) -> str:
    return _("%(pupil)s was not in %(group)s on %(date)s.") % {
        "pupil": pupil.full_name or pupil.email,
        "group": lesson.class_group,
        "date": lesson.date.isoformat(),
    }


def require_length(field: str, text: str, limit: int) -> str:
    """`text` stripped, or an error naming `field` when it is longer than `limit`."""
    text = text.strip()
    if len(text) > limit:
        raise ApplicationError.for_field(field, _("At most %(count)d characters, please.") % {"count": limit})
    return text


def history_row(
    *,
    kind: str,
    object_id: int,
    pupil_id: int,
    old: dict[str, Any] | None,
    new: dict[str, Any] | None,
    actor: User,
) -> AuditEntry:
    """The audit row of one journal change, not saved: save it with audit.services.record_region_changes."""
    verb = "created" if old is None else "deleted" if new is None else "changed"
    return change_row(
        actor=actor, action=f"{kind}.{verb}", target_type=kind, target_id=object_id, person_id=pupil_id,
        before=old, after=new,
    )

