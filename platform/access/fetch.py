"""The one way in to sensitive objects: fetch by id for a user, or NotFound.

Missing and forbidden look the same to the caller (HTTP 404), so ids of other
schools' pupils cannot be probed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import TypeVar

from django.core.exceptions import EmptyResultSet, ObjectDoesNotExist
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from access import scope
from accounts.models import Role, User
from journal.models import Homework, Mark
from myschool.errors import ApplicationError, Forbidden, NotFound
from myschool.prepared import Param, PreparedQuery
from schedule.models import Lesson, TimetableEntry
from schools.models import ClassGroup, School

M = TypeVar("M", bound=Model)


def get_or_not_found(queryset: QuerySet[M] | PreparedQuery, pk: object, what: str) -> M:
    """queryset.get(pk=pk), or NotFound naming `what` (also for a malformed id).

    `queryset` may be a prepared model query with a Param `pk` (myschool.prepared).
    """
    try:
        return queryset.get(pk=int(pk))
    except (ObjectDoesNotExist, TypeError, ValueError):
        raise not_found(what, pk) from None


def get_for_user(
    rule: Callable[[User], QuerySet[M]], user: User, pk: object, what: str, *, related: tuple[str, ...] = ()
) -> M:
    """The object `pk` among those scope's `rule` lets `user` reach (with `related` selected), or NotFound.

    The hot reads' lookups (a parent opening a child's diary, a teacher a
    journal) run as prepared queries, one per rule and kind of user (role and
    standing): the same rule, with the user's id bound at each run.
    """
    prepared = prepared_rule(rule, user.role, user.is_active, related)
    try:
        if prepared is None:
            raise ObjectDoesNotExist
        return prepared.get(user=user.pk, pk=int(pk))
    except (ObjectDoesNotExist, TypeError, ValueError):
        raise not_found(what, pk) from None


@dataclass(frozen=True)
class AnyUser:
    """Who a rule sees when it is prepared for every user of a role: the role, the standing, an id to bind."""

    role: str
    is_active: bool
    is_authenticated: bool = True
    pk: Param = field(default_factory=lambda: Param("user"))


@cache
def prepared_rule(
    rule: Callable[[User], QuerySet[M]], role: str, is_active: bool, related: tuple[str, ...]
) -> PreparedQuery | None:
    """`rule`'s objects by id (Param `pk`) for any user (Param `user`) of `role`.

    None when users of that role and standing reach nothing.
    """
    reachable = rule(AnyUser(role, is_active))
    if reachable.query.is_empty():
        return None
    prepared = PreparedQuery(lambda: reachable.select_related(*related).filter(pk=Param("pk")))
    try:
        prepared.compiled_once()
    except EmptyResultSet:  # empty deeper down (`lesson__in` an empty queryset): nothing to ask
        return None
    return prepared


def not_found(what: str, pk: object) -> NotFound:
    """The NotFound for `what` with id `pk`: a missing and a forbidden object read alike."""
    return NotFound(_("No %(what)s with id %(id)s.") % {"what": what, "id": pk})


def get_school_for_user(user: User, pk: object, *, manage: bool = False) -> School:
    return get_or_not_found(scope.schools_for(user, manage=manage), pk, _("school"))


def get_class_group_for_user(user: User, pk: object, *, manage: bool = False) -> ClassGroup:
    groups = scope.managed_class_groups(user) if manage else scope.class_groups_for(user)
    return get_or_not_found(groups.select_related("school", "academic_year"), pk, _("class group"))


def get_pupil_for_user(user: User, pk: object) -> User:
    return get_for_user(scope.pupils_for, user, pk, _("pupil"))


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
    if write:
        require_journal_writer(user, lesson)
    return lesson


def require_journal_writer(user: User | None, lesson: Lesson) -> None:
    """Refuse (403) `user` filling in `lesson`'s journal or topic unless scope.journal_lessons_for
    lets them; the system may."""
    if user is not None and not scope.journal_lessons_for(user).filter(pk=lesson.pk).exists():
        raise Forbidden(
            _("You do not teach %(subject)s in %(group)s; only its teachers fill in this journal.")
            % {"subject": lesson.subject, "group": lesson.class_group}
        )


def require_rescheduler(user: User | None, lesson: Lesson) -> None:
    """Refuse (403) `user` moving or cancelling `lesson` unless scope.timetable_lessons_for lets
    them (the school's administration); the system may."""
    if user is not None and not scope.timetable_lessons_for(user).filter(pk=lesson.pk).exists():
        raise Forbidden(_("Only the school's administration moves or cancels lessons."))


def get_timetable_entry_for_user(user: User, pk: object) -> TimetableEntry:
    """A timetable entry `user` may change or remove: one of a class group they manage."""
    entries = TimetableEntry.objects.filter(class_group__in=scope.managed_class_groups(user))
    return get_or_not_found(
        entries.select_related("class_group__academic_year", "subject", "teacher"), pk, _("timetable entry")
    )


def get_referenced(queryset: QuerySet[M] | PreparedQuery, pk: object, field: str, what: str) -> M:
    """An object named by id in a request body, or a 400 naming `field`.

    Missing and out of reach read alike ("No pupil with id 7"), as for NotFound.
    """
    try:
        return get_or_not_found(queryset, pk, what)
    except NotFound as exc:
        raise ApplicationError.for_field(field, exc.message) from None


def require_settings_reader(user: User) -> None:
    """Refuse (403) anyone but the region's staff reading its settings."""
    if not scope.may_read_region_settings(user):
        raise Forbidden(_("Only the region's staff read its settings."))


def require_catalogue_reader(user: User) -> None:
    """Refuse (403) anyone who may not read the region's library catalogue."""
    if not scope.may_read_catalogue(user):
        raise Forbidden(_("Only the region's people read its library catalogue."))


def require_catalogue_curator(user: User) -> None:
    """Refuse (403) anyone but the region admin choosing collections or hiding items."""
    if not scope.may_curate_catalogue(user):
        raise Forbidden(
            _("Only the region administrator chooses the library collections and hides items.")
        )


def get_person_for_user(user: User, pk: object) -> User:
    """A person in `user`'s directory (scope.people_listed_for), with the schools they work at."""
    people = scope.people_listed_for(user).prefetch_related("staff_memberships__school")
    return get_or_not_found(people, pk, _("person"))


def get_roster_for_user(user: User, pk: object) -> ClassGroup:
    """A class group whose pupils and teachers `user` may read (staff only), or NotFound."""
    return get_for_user(
        scope.rosters_for, user, pk, _("class group"), related=("school", "academic_year", "class_teacher")
    )


def require_school_management(user: User | None) -> None:
    """Refuse (403) anyone but the region admin and school admins a change to schools' people.

    None is the system (setup code and commands run on the server, never a request): it may.
    """
    if user is not None and not (scope.is_region_admin(user) or user.role == Role.SCHOOL_ADMIN):
        raise Forbidden(_("Only the region administrator and school administrators may do this."))


def require_school_manager(user: User | None, school: School | int) -> None:
    """Refuse (403) anyone but the region admin and `school`'s administrators a change in it.

    None is the system (setup code and commands run on the server, never a request): it may.
    """
    if user is None:
        return
    pk = school if isinstance(school, int) else school.pk
    if not scope.schools_for(user, manage=True).filter(pk=pk).exists():
        raise Forbidden(_("Only the region administrator and the school's administrators may do this."))


def require_may_enrol(user: User | None, pupil: User) -> None:
    """Refuse (403) enrolling `pupil` unless `user` may (scope.enrollable_pupils); the system may."""
    if user is not None and not scope.enrollable_pupils(user).filter(pk=pupil.pk).exists():
        raise Forbidden(_("Only the region administrator moves pupils between schools."))


def require_may_link(user: User | None, parent: User, child: User) -> None:
    """Refuse (403) linking `parent` to `child` unless `user` reaches both
    (scope.linkable_parents, scope.pupils_for); the system may."""
    if user is None:
        return
    if not (
        scope.linkable_parents(user).filter(pk=parent.pk).exists()
        and scope.pupils_for(user).filter(pk=child.pk).exists()
    ):
        raise Forbidden(_("Only the region administrator and the child's school administrators may do this."))


def require_may_create(user: User | None, role: str) -> None:
    """Refuse (403, naming `role`) a person `user` may not create (scope.creatable_roles); the system may."""
    if user is not None and role not in scope.creatable_roles(user):
        raise Forbidden.for_field(
            "role", _("You may not add people with the role “%(role)s”.") % {"role": Role(role).label}
        )


def get_pupil_to_enrol(user: User, pk: object) -> User:
    """A pupil `user` may enrol in a class group they manage (scope.enrollable_pupils), or a 400
    naming `pupil`: one of their former pupils now at another school is said to be so."""
    try:
        return get_or_not_found(scope.enrollable_pupils(user), pk, _("pupil"))
    except NotFound as exc:
        pupil = scope.pupils_for(user).filter(pk=pk).first() if str(pk).isdigit() else None
        if pupil is None:
            raise ApplicationError.for_field("pupil", exc.message) from None
        raise ApplicationError.for_field(
            "pupil",
            _(
                "%(name)s now studies at another school; "
                "the region administrator moves pupils between schools."
            )
            % {"name": pupil.full_name or pupil.email},
        ) from None


def get_mark_for_user(user: User, pk: object) -> Mark:
    """A mark `user` may read (a deleted one too: its history stays readable)."""
    return get_or_not_found(scope.marks_for(user).select_related("kind", "lesson"), pk, _("mark"))


def get_homework_for_user(user: User, pk: object) -> Homework:
    return get_or_not_found(scope.homework_for(user).select_related("lesson"), pk, _("homework"))
