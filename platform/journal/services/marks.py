"""Giving, changing and deleting marks. Region schema; the caller has entered the region.

A mark copies the points of its value and the weight of its kind when given,
so later changes of the scale or of the kind's weight never rewrite it. Every
change writes a history row (the region's audit) with the old and new values; a deleted mark
keeps its row (deleted_at) and its history.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from academics.models import MarkKind
from accounts.models import User
from audit.services import record_region_changes
from journal.models import ChangeKind, Mark
from journal.services.common import (
    history_row,
    require_enrolled,
    require_held,
    require_length,
    writable_lesson,
)
from myschool.errors import ApplicationError, Conflict
from schedule.models import Lesson
from schools.models import Subject
from tenants.context import require_region
from tenants.models import Region

CENT = Decimal("0.01")
COMMENT_LENGTH = Mark._meta.get_field("comment").max_length


def record_mark(
    *, region: Region, lesson: Lesson, pupil: User, value: str, kind: str, actor: User, comment: str = ""
) -> Mark:
    """Give `pupil` a mark at `lesson`; returns the new mark.

    Rejected with an error naming the field, and nothing written, when the
    actor may not write this lesson's journal (NotFound / Forbidden), the lesson
    was cancelled, the pupil was not in the class group on the lesson's date,
    the value is not on the subject's scale or the kind is unknown or out of use.
    Transactional; writes one history row (old = None).
    """
    require_region(region)
    lesson = writable_lesson(actor, lesson)
    require_held(lesson)
    require_enrolled(lesson, pupil)
    points = scale_points(lesson.subject, value)
    mark_kind = active_kind(kind)
    comment = require_length("comment", comment, COMMENT_LENGTH)
    with transaction.atomic():
        mark = Mark.objects.create(
            lesson=lesson,
            pupil=pupil,
            value=value,
            points=points,
            kind=mark_kind,
            weight=mark_kind.weight,
            comment=comment,
            given_by=actor,
        )
        record_region_changes(region=region, rows=[history_row(
            kind=ChangeKind.MARK,
            object_id=mark.pk,
            pupil_id=pupil.pk,
            old=None,
            new=snapshot(mark),
            actor=actor,
        )])
    return mark


def change_mark(
    *,
    region: Region,
    mark: Mark,
    actor: User,
    value: str | None = None,
    kind: str | None = None,
    comment: str | None = None,
) -> Mark:
    """Change a mark's value, kind or comment (None leaves a field as it is); returns the mark.

    A new value takes its points from the scale, a new kind its weight from the
    kind's current setting; an unchanged field keeps what the mark was given
    with. Same checks as record_mark, and a deleted mark cannot be changed.
    Saves and writes history only when something changed.
    """
    require_region(region)
    lesson = writable_lesson(actor, mark.lesson_id)
    require_held(lesson)
    with transaction.atomic():
        mark = Mark.objects.select_for_update().select_related("kind").get(pk=mark.pk)
        require_not_deleted(mark)
        old = snapshot(mark)
        if value is not None and value != mark.value:
            mark.points = scale_points(lesson.subject, value)
            mark.value = value
        if kind is not None and kind != mark.kind.code:
            mark.kind = active_kind(kind)
            mark.weight = mark.kind.weight
        if comment is not None:
            mark.comment = require_length("comment", comment, COMMENT_LENGTH)
        new = snapshot(mark)
        if new != old:
            mark.save(update_fields=["value", "points", "kind", "weight", "comment", "updated_at"])
            record_region_changes(region=region, rows=[history_row(
                kind=ChangeKind.MARK, object_id=mark.pk, pupil_id=mark.pupil_id, old=old, new=new, actor=actor
            )])
    return mark


def delete_mark(*, region: Region, mark: Mark, actor: User) -> None:
    """Delete a mark: it leaves the journal and the averages, its row and history stay (new = None).

    Allowed on a cancelled lesson too, to clear it up. Deleting twice is refused.
    """
    require_region(region)
    writable_lesson(actor, mark.lesson_id)
    with transaction.atomic():
        mark = Mark.objects.select_for_update().select_related("kind").get(pk=mark.pk)
        require_not_deleted(mark)
        mark.deleted_at = timezone.now()
        mark.save(update_fields=["deleted_at", "updated_at"])
        record_region_changes(region=region, rows=[history_row(
            kind=ChangeKind.MARK,
            object_id=mark.pk,
            pupil_id=mark.pupil_id,
            old=snapshot(mark),
            new=None,
            actor=actor,
        )])


def scale_points(subject: Subject, value: str) -> Decimal | None:
    """The points of `value` on the subject's scale (None on pass/fail), or an error naming `value`."""
    scale = subject.grading_scale
    entry = scale.find(value) if isinstance(value, str) else None
    if entry is None:
        allowed = ", ".join(e["value"] for e in scale.values)
        raise ApplicationError.for_field(
            "value",
            _("“%(value)s” is not a mark of the %(scale)s scale of %(subject)s; use one of: %(allowed)s.")
            % {"value": value, "scale": scale, "subject": subject, "allowed": allowed},
        )
    return None if entry.get("points") is None else Decimal(str(entry["points"]))


def active_kind(code: str) -> MarkKind:
    """The mark kind `code` if it is in use, or an error naming the field `kind`."""
    kind = MarkKind.objects.filter(code=code).first()
    if kind is None:
        raise ApplicationError.for_field("kind", _("No mark kind “%(code)s”.") % {"code": code})
    if not kind.is_active:
        raise ApplicationError.for_field(
            "kind", _("The mark kind “%(name)s” is no longer in use.") % {"name": kind}
        )
    return kind


def require_not_deleted(mark: Mark) -> None:
    if mark.deleted_at is not None:
        raise Conflict.for_field("mark", _("This mark was deleted."))


def decimal_text(number: Decimal | None) -> str | None:
    """A decimal as JSON text with two places, the same whether it came from a setting or a row."""
    return None if number is None else str(Decimal(number).quantize(CENT))


def snapshot(mark: Mark) -> dict[str, Any]:
    """What a mark's history shows of it, as JSON."""
    return {
        "value": mark.value,
        "points": decimal_text(mark.points),
        "kind": mark.kind.code,
        "weight": decimal_text(mark.weight),
        "comment": mark.comment,
    }
