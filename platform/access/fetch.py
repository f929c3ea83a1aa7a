"""The one way in to sensitive objects: fetch by id for a user, or NotFound.

Missing and forbidden look the same to the caller (HTTP 404), so ids of other
schools' pupils cannot be probed.
"""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from access import scope
from accounts.models import User
from myschool.errors import Forbidden, NotFound
from schedule.models import Lesson
from schools.models import ClassGroup, School

M = TypeVar("M", bound=Model)


def get_or_not_found(queryset: QuerySet[M], pk: object, what: str) -> M:
    """queryset.get(pk=pk), or NotFound naming `what` (also for a malformed id)."""
    try:
        return queryset.get(pk=int(pk))
    except (queryset.model.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("No %(what)s with id %(id)s.") % {"what": what, "id": pk}) from None


def get_school_for_user(user: User, pk: object, *, manage: bool = False) -> School:
    return get_or_not_found(scope.schools_for(user, manage=manage), pk, _("school"))


def get_class_group_for_user(user: User, pk: object, *, manage: bool = False) -> ClassGroup:
    groups = scope.managed_class_groups(user) if manage else scope.class_groups_for(user)
    return get_or_not_found(groups.select_related("school", "academic_year"), pk, _("class group"))


def get_pupil_for_user(user: User, pk: object) -> User:
    return get_or_not_found(scope.pupils_for(user), pk, _("pupil"))


def get_lesson_for_user(user: User, pk: object, *, write: bool = False) -> Lesson:
    """A lesson `user` may read; with `write`, one whose journal they may fill in.

    A lesson they may read but not write (a colleague's, in a class group they
    also teach) is Forbidden, with a message saying so, rather than NotFound.
    """
    lesson = get_or_not_found(
        scope.lessons_for(user).select_related("class_group__academic_year", "subject__grading_scale"),
        pk,
        _("lesson"),
    )
    if write and not scope.journal_lessons_for(user).filter(pk=lesson.pk).exists():
        raise Forbidden(
            _("You do not teach %(subject)s in %(group)s; only its teachers fill in this journal.")
            % {"subject": lesson.subject, "group": lesson.class_group}
        )
    return lesson
