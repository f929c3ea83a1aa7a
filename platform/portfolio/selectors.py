"""Reads of pupils' portfolios. Region schema; who sees what comes from access.scope."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from access import scope
from access.fetch import get_or_not_found
from accounts.models import User
from portfolio.models import Achievement


def _with_people(achievements: QuerySet[Achievement]) -> QuerySet[Achievement]:
    return achievements.select_related("pupil", "added_by", "reviewed_by")


def get_achievement_for_user(user: User, pk: object) -> Achievement:
    """An achievement of a pupil `user` may read, or NotFound (also when it exists but is out of reach)."""
    return get_or_not_found(_with_people(scope.achievements_for(user)), pk, _("achievement"))


def achievements_of(pupil: User, *, reader: User, status: str | None = None) -> QuerySet[Achievement]:
    """A pupil's achievements that `reader` may read (scope.achievements_for), latest first,
    optionally of one status. The caller has checked that `reader` sees the pupil."""
    achievements = scope.achievements_for(reader).filter(pupil=pupil)
    if status:
        achievements = achievements.filter(status=status)
    return _with_people(achievements)


def achievements_to_review(user: User, *, status: str | None = None) -> QuerySet[Achievement]:
    """Achievements `user` confirms or rejects (a school admin: their schools' pupils), oldest first.

    Empty for those who review nothing (teachers, pupils, parents).
    """
    achievements = Achievement.objects.filter(pupil__in=scope.achievement_reviewed_pupils(user))
    if status:
        achievements = achievements.filter(status=status)
    return _with_people(achievements).order_by("created_at", "id")
