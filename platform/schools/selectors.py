"""Reads of schools, people and class groups for a user, with their joins chosen. Region schema.

Who sees what is decided in access.scope; these narrow and shape its querysets.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from access import scope
from accounts.models import User
from schools.models import (
    ClassGroup,
    Enrolment,
    Guardianship,
    School,
    StaffMembership,
    Subject,
    TeachingAssignment,
    enrolled_during,
)


def schools_of(user: User) -> QuerySet[School]:
    """Schools `user` sees, by name."""
    return scope.schools_for(user).order_by("name", "id")


def with_schools(people: QuerySet[User]) -> QuerySet[User]:
    """People with the schools they work at, fetched in one more query."""
    staff = StaffMembership.objects.select_related("school").order_by("school__name")
    return people.prefetch_related(Prefetch("staff_memberships", queryset=staff))


def people_of(
    user: User,
    *,
    on: date,
    role: str | None = None,
    school: int | None = None,
    class_group: int | None = None,
) -> QuerySet[User]:
    """People in `user`'s directory, by name: optionally of one role, one school (its staff and
    the pupils enrolled there on `on`) or one class group (its pupils on `on`)."""
    people = scope.people_listed_for(user)
    if role:
        people = people.filter(role=role)
    in_force = enrolled_during(on)
    if school is not None:
        staff = StaffMembership.objects.filter(user=OuterRef("pk"), school_id=school)
        pupil = Enrolment.objects.filter(in_force, pupil=OuterRef("pk"), class_group__school_id=school)
        people = people.filter(Exists(staff) | Exists(pupil))
    if class_group is not None:
        people = people.filter(
            Exists(Enrolment.objects.filter(in_force, pupil=OuterRef("pk"), class_group_id=class_group))
        )
    return with_schools(people).order_by("full_name", "id")


def class_groups_of(
    user: User, *, school: int | None = None, grade: int | None = None, academic_year: int | None = None
) -> QuerySet[ClassGroup]:
    """Class groups whose pupils `user` may read (staff), optionally of one school, grade or year."""
    groups = scope.rosters_for(user).select_related("school", "academic_year", "class_teacher")
    if school is not None:
        groups = groups.filter(school_id=school)
    if grade is not None:
        groups = groups.filter(grade=grade)
    if academic_year is not None:
        groups = groups.filter(academic_year_id=academic_year)
    return groups.order_by("school__name", "academic_year__starts_on", "grade", "letter")


def pupils_on(class_group: ClassGroup, day: date) -> QuerySet[Enrolment]:
    """Enrolments of `class_group` in force on `day`, with their pupils, by name."""
    return (
        scope.enrolled_on(class_group.pk, day)
        .select_related("pupil")
        .order_by("pupil__full_name", "pupil_id")
    )


def enrolment_history(class_group: ClassGroup) -> QuerySet[Enrolment]:
    """Every enrolment `class_group` ever had, ended ones included, oldest first."""
    return class_group.enrolments.select_related("pupil").order_by("starts_on", "pupil__full_name", "id")


def assignments_of(class_group: ClassGroup) -> QuerySet[TeachingAssignment]:
    """Who teaches what in `class_group`, by subject."""
    return class_group.assignments.select_related("teacher", "subject").order_by(
        "subject__name", "teacher__full_name"
    )


def guardianships_of(
    user: User, *, parent: int | None = None, child: int | None = None
) -> QuerySet[Guardianship]:
    """Parent–child links `user` may read, optionally of one parent or one child."""
    links = scope.guardianships_for(user).select_related("parent", "child")
    if parent is not None:
        links = links.filter(parent_id=parent)
    if child is not None:
        links = links.filter(child_id=child)
    return links.order_by("child__full_name", "parent__full_name", "id")


def subjects() -> QuerySet[Subject]:
    """The region's subjects with their grading scales, by name."""
    return Subject.objects.select_related("grading_scale").order_by("name")
