"""Achievements in a pupil's portfolio: added, edited, confirmed or rejected. Region schema.

Who may do what (the rules themselves are in access.scope):
- add: the pupil, staff who see the pupil, the region admin; parents only read;
- edit or delete: the pupil or whoever added it, until it is confirmed; the
  reviewers (school admin of the pupil's current school, region admin) always;
- confirm or reject: the reviewers only.
Each function takes the region explicitly, checks everything first and then
writes one row.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext as _

from access import scope
from accounts.models import User
from myschool.errors import ApplicationError, Forbidden, NotFound
from portfolio.models import (
    Achievement,
    AchievementKind,
    AchievementLevel,
    AchievementResult,
    AchievementStatus,
)
from schedule.times import region_today
from tenants.context import require_region
from tenants.models import Region

EDITABLE = ("kind", "title", "level", "result", "achieved_on", "subject", "organiser", "certificate_url")
CHOICES = {"kind": AchievementKind, "level": AchievementLevel, "result": AchievementResult}
_url = URLValidator(schemes=["http", "https"])


def add_achievement(
    *,
    region: Region,
    pupil: User,
    actor: User,
    kind: str,
    title: str,
    level: str,
    result: str,
    achieved_on: date,
    subject: str = "",
    organiser: str = "",
    certificate_url: str = "",
) -> Achievement:
    """Add an achievement to `pupil`'s portfolio, awaiting the school admin's confirmation.

    Added by the pupil, by staff who see the pupil or by the region admin; a
    parent gets Forbidden. Every field is checked before anything is written.
    """
    require_region(region)
    if not scope.achievement_pupils_for(actor).filter(pk=pupil.pk).exists():
        _deny(actor, pupil, _("Only the pupil or the school's staff add achievements to a portfolio."))
    fields = _clean(
        region,
        kind=kind,
        title=title,
        level=level,
        result=result,
        achieved_on=achieved_on,
        subject=subject,
        organiser=organiser,
        certificate_url=certificate_url,
    )
    return Achievement.objects.create(pupil=pupil, added_by=actor, status=AchievementStatus.PENDING, **fields)


def edit_achievement(*, region: Region, achievement: Achievement, actor: User, **changes: Any) -> Achievement:
    """Change some of the fields in EDITABLE of an achievement.

    The pupil and the person who added it may edit it until it is confirmed;
    editing a rejected one sends it back for confirmation. The reviewers may
    edit it in any state, and their edits keep its state.
    """
    require_region(region)
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise ApplicationError.for_field(unknown[0], _("This field cannot be changed."))
    reviewer = _may_review(actor, achievement)
    _require_author_or_reviewer(actor, achievement, reviewer)
    current = {name: getattr(achievement, name) for name in EDITABLE}
    fields = _clean(region, **{**current, **changes})
    for name, value in fields.items():
        setattr(achievement, name, value)
    if not reviewer and achievement.status == AchievementStatus.REJECTED:
        achievement.status = AchievementStatus.PENDING
        achievement.reviewed_by, achievement.reviewed_at, achievement.review_note = None, None, ""
    achievement.save()
    return achievement


def delete_achievement(*, region: Region, achievement: Achievement, actor: User) -> None:
    """Delete an achievement: by its pupil or author until confirmed, by a reviewer always."""
    require_region(region)
    _require_author_or_reviewer(actor, achievement, _may_review(actor, achievement))
    achievement.delete()


def confirm_achievement(
    *, region: Region, achievement: Achievement, actor: User, note: str = ""
) -> Achievement:
    """Confirm an achievement: by the school admin of the pupil's current school or the region admin.

    Confirming again only updates the note; a rejected one may be confirmed on
    second thought, and a confirmed one rejected.
    """
    return _review(region, achievement, actor, AchievementStatus.CONFIRMED, note)


def reject_achievement(
    *, region: Region, achievement: Achievement, actor: User, note: str = ""
) -> Achievement:
    """Reject an achievement, saying why in `note` (the pupil sees it), by the same reviewers."""
    return _review(region, achievement, actor, AchievementStatus.REJECTED, note)


def _review(region: Region, achievement: Achievement, actor: User, status: str, note: str) -> Achievement:
    require_region(region)
    if not _may_review(actor, achievement):
        _deny(
            actor, achievement.pupil, _("Only the administrator of the pupil's school reviews achievements.")
        )
    note = note.strip()
    if status == AchievementStatus.REJECTED and not note:
        raise ApplicationError.for_field("note", _("Say why the achievement is rejected."))
    if len(note) > Achievement._meta.get_field("review_note").max_length:
        raise ApplicationError.for_field("note", _("The note is too long."))
    if achievement.status == status and achievement.review_note == note:
        return achievement
    achievement.status, achievement.review_note = status, note
    achievement.reviewed_by, achievement.reviewed_at = actor, timezone.now()
    achievement.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at"])
    return achievement


def _may_review(actor: User, achievement: Achievement) -> bool:
    return scope.achievement_reviewed_pupils(actor).filter(pk=achievement.pupil_id).exists()


def _require_author_or_reviewer(actor: User, achievement: Achievement, reviewer: bool) -> None:
    if reviewer:
        return
    if actor.pk not in (achievement.pupil_id, achievement.added_by_id):
        _deny(actor, achievement.pupil, _("Only the pupil or whoever added it changes an achievement."))
    if achievement.status == AchievementStatus.CONFIRMED:
        raise Forbidden(_("The achievement is confirmed; only the school administrator can change it now."))


def _deny(actor: User, pupil: User, message: str) -> None:
    """Forbidden when `actor` may read the pupil's portfolio, NotFound otherwise."""
    if scope.pupils_for(actor).filter(pk=pupil.pk).exists():
        raise Forbidden(message)
    raise NotFound(_("No pupil with id %(id)s.") % {"id": pupil.pk})


def _clean(region: Region, **values: Any) -> dict[str, Any]:
    """The EDITABLE fields checked and tidied; ApplicationError naming every bad field."""
    errors: dict[str, list[str]] = {}
    fields = {name: (value.strip() if isinstance(value, str) else value) for name, value in values.items()}
    for name, choices in CHOICES.items():
        if fields[name] not in choices.values:
            errors[name] = [
                _("Unknown %(field)s “%(value)s”; use one of: %(choices)s.")
                % {"field": name, "value": fields[name], "choices": ", ".join(choices.values)}
            ]
    extra = fields["kind"] == AchievementKind.EXTRA_EDUCATION
    if "kind" not in errors and "result" not in errors and extra != (fields["result"] == "completed"):
        errors["result"] = [
            _("An extra education certificate has the result “completed”; olympiads and competitions do not.")
        ]
    if not fields["title"]:
        errors["title"] = [_("Give the title, e.g. the olympiad's name.")]
    for name in ("title", "subject", "organiser", "certificate_url"):
        if len(fields[name]) > Achievement._meta.get_field(name).max_length:
            errors.setdefault(name, []).append(_("This is too long."))
    if not isinstance(fields["achieved_on"], date):
        errors["achieved_on"] = [_("Give the date as YYYY-MM-DD.")]
    elif fields["achieved_on"] > region_today(region):
        errors["achieved_on"] = [_("The date is in the future.")]
    if fields["certificate_url"]:
        try:
            _url(fields["certificate_url"])
        except ValidationError:
            errors.setdefault("certificate_url", []).append(
                _("Give a web address starting with http:// or https://.")
            )
    if errors:
        message = "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in errors.items())
        raise ApplicationError(message, fields=errors)
    return fields
