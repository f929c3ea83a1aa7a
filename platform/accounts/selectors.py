"""What a person's home page on a region host lists, their API sign-ins, and the sign-in locks.

Region schema; who sees what comes from access.scope.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from academics.models import AcademicYear
from access import scope
from accounts.models import ApiToken, User
from schools.models import ClassGroup, School, TeachingAssignment


@dataclass(frozen=True)
class SchoolOverview:
    school: School
    class_groups: list[ClassGroup]
    pupils: int


def current_academic_year(today: date) -> AcademicYear | None:
    """The school year containing `today`; in the summer the one just ended; before any, the first."""
    begun = AcademicYear.objects.filter(starts_on__lte=today).order_by("-starts_on").first()
    return begun or AcademicYear.objects.order_by("starts_on").first()


def teaching_of(teacher: User, year: AcademicYear | None) -> QuerySet[TeachingAssignment]:
    """The teacher's assignments (class group × subject) in `year`, by school, class group and subject.

    Class group, its school and the subject are joined: one query (none without a year).
    """
    if year is None:
        return TeachingAssignment.objects.none()
    return (
        TeachingAssignment.objects.filter(teacher=teacher, class_group__academic_year=year)
        .select_related("class_group__school", "subject")
        .order_by("class_group__school__name", "class_group__grade", "class_group__letter", "subject__name")
    )


def schools_overview(user: User, *, year: AcademicYear | None, today: date) -> list[SchoolOverview]:
    """The schools `user` sees, by name, each with its class groups of `year` that `user` may read.

    Each class group carries `pupil_count` (enrolled on `today`) and
    `subject_assignments` (who teaches what, by subject). Schools without class
    groups are listed too. Three queries whatever the number of schools.
    """
    in_force = Q(enrolments__starts_on__lte=today) & (
        Q(enrolments__ends_on__isnull=True) | Q(enrolments__ends_on__gte=today)
    )
    assignments = TeachingAssignment.objects.select_related("subject", "teacher").order_by(
        "subject__name", "teacher__full_name"
    )
    groups = (
        scope.rosters_for(user)
        .filter(academic_year=year)
        .select_related("class_teacher")
        .annotate(pupil_count=Count("enrolments", filter=in_force))
        .prefetch_related(Prefetch("assignments", queryset=assignments, to_attr="subject_assignments"))
        .order_by("grade", "letter")
    )
    by_school: dict[int, list[ClassGroup]] = defaultdict(list)
    for group in groups:
        by_school[group.school_id].append(group)
    return [
        SchoolOverview(
            school=school,
            class_groups=by_school[school.pk],
            pupils=sum(group.pupil_count for group in by_school[school.pk]),
        )
        for school in scope.schools_for(user).order_by("name", "id")
    ]


def login_locks() -> QuerySet[AccessAttempt]:
    """Accounts and addresses refused sign-in now (django-axes' attempts at the limit), newest first."""
    locks = AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
    cool_off = get_cool_off()
    if cool_off:
        locks = locks.filter(attempt_time__gte=timezone.now() - cool_off)
    return locks.order_by("-attempt_time", "-pk")


def active_tokens(user: User) -> QuerySet[ApiToken]:
    """The person's API tokens still within their idle lifetime, most recently used first."""
    idle = timedelta(hours=settings.API_TOKEN_IDLE_HOURS)
    return ApiToken.objects.filter(user=user, last_used_at__gte=timezone.now() - idle)
