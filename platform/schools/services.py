"""Schools, class groups, people and who belongs where. Region schema.

Every function takes the region explicitly and checks it is the active schema;
each runs in one transaction and validates before it writes.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from academics.models import AcademicYear, GradingScale
from accounts.models import Role, User
from accounts.services import create_region_user
from myschool.errors import ApplicationError, Conflict
from schools.models import (
    ClassGroup,
    Enrolment,
    Guardianship,
    School,
    StaffMembership,
    Subject,
    TeachingAssignment,
)
from tenants.context import require_region
from tenants.models import Region

STAFF_ROLES = (Role.SCHOOL_ADMIN, Role.TEACHER)


def create_school(*, region: Region, name: str, short_name: str = "", address: str = "") -> School:
    require_region(region)
    name = name.strip()
    if not name:
        raise ApplicationError.for_field("name", _("Give the school's name."))
    return School.objects.create(name=name, short_name=short_name.strip(), address=address.strip())


def create_person(
    *, region: Region, email: str, role: str, full_name: str, school: School | None = None
) -> User:
    """Create a region user; staff (school admin, teacher) join `school`.

    Idempotent by e-mail: an existing person is returned, and joins `school` if given.
    """
    require_region(region)
    if role in STAFF_ROLES and school is None:
        raise ApplicationError.for_field("school", _("Staff must belong to a school."))
    with transaction.atomic():
        user, _created = create_region_user(region=region, email=email, role=role, full_name=full_name)
        if school is not None and user.role in STAFF_ROLES:
            StaffMembership.objects.get_or_create(school=school, user=user)
    return user


def create_subject(
    *, region: Region, name: str, grading_scale: str = "five_point", short_name: str = ""
) -> Subject:
    require_region(region)
    scale = GradingScale.objects.filter(code=grading_scale, is_enabled=True).first()
    if scale is None:
        raise ApplicationError.for_field(
            "grading_scale", _("No grading scale “%(code)s” in use.") % {"code": grading_scale}
        )
    subject, _created = Subject.objects.get_or_create(
        name=name.strip(), defaults={"grading_scale": scale, "short_name": short_name}
    )
    return subject


def create_class_group(
    *,
    region: Region,
    school: School,
    academic_year: AcademicYear,
    grade: int,
    letter: str,
    class_teacher: User | None = None,
) -> ClassGroup:
    require_region(region)
    if not 1 <= grade <= 11:
        raise ApplicationError.for_field("grade", _("The grade must be from 1 to 11."))
    letter = letter.strip().upper()
    if not letter:
        raise ApplicationError.for_field("letter", _("Give the class letter, e.g. А."))
    if class_teacher is not None:
        _require_staff(school, class_teacher, "class_teacher")
    with transaction.atomic():
        taken = ClassGroup.objects.filter(
            school=school, academic_year=academic_year, grade=grade, letter=letter
        )
        if taken.exists():
            raise Conflict.for_field(
                "letter", _("%(group)s exists already in this school year.") % {"group": f"{grade}{letter}"}
            )
        return ClassGroup.objects.create(
            school=school,
            academic_year=academic_year,
            grade=grade,
            letter=letter,
            class_teacher=class_teacher,
        )


def enrol_pupil(*, region: Region, pupil: User, class_group: ClassGroup, starts_on: date) -> Enrolment:
    """Put `pupil` in `class_group` from `starts_on`.

    A pupil still enrolled elsewhere moves: that enrolment ends the day before,
    and keeps its history. Enrolling again in the same group is a no-op.
    """
    require_region(region)
    if pupil.role != Role.PUPIL:
        raise ApplicationError.for_field("pupil", _("%(email)s is not a pupil.") % {"email": pupil.email})
    if not class_group.academic_year.contains(starts_on):
        raise ApplicationError.for_field("starts_on", _("The date is outside the class group's school year."))
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=pupil.pk).first()  # one move at a time per pupil
        current = Enrolment.objects.filter(pupil=pupil).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on)
        )
        if any(e.class_group_id == class_group.pk and e.starts_on <= starts_on for e in current):
            return next(e for e in current if e.class_group_id == class_group.pk)
        for enrolment in current:
            if enrolment.starts_on >= starts_on:
                raise Conflict.for_field("starts_on", _("The pupil has a later enrolment; end it first."))
            enrolment.ends_on = starts_on - timedelta(days=1)
            enrolment.save(update_fields=["ends_on"])
        return Enrolment.objects.create(pupil=pupil, class_group=class_group, starts_on=starts_on)


def assign_teacher(
    *, region: Region, teacher: User, subject: Subject, class_group: ClassGroup
) -> TeachingAssignment:
    """Let `teacher` teach `subject` to `class_group` (opens that journal to them). Idempotent."""
    require_region(region)
    _require_staff(class_group.school, teacher, "teacher")
    assignment, _created = TeachingAssignment.objects.get_or_create(
        teacher=teacher, subject=subject, class_group=class_group
    )
    return assignment


def link_parent(*, region: Region, parent: User, child: User) -> Guardianship:
    """Record `parent` as a legal representative of `child`. Idempotent."""
    require_region(region)
    if parent.role != Role.PARENT:
        raise ApplicationError.for_field("parent", _("%(email)s is not a parent.") % {"email": parent.email})
    if child.role != Role.PUPIL:
        raise ApplicationError.for_field("child", _("%(email)s is not a pupil.") % {"email": child.email})
    link, _created = Guardianship.objects.get_or_create(parent=parent, child=child)
    return link


def _require_staff(school: School, user: User, field: str) -> None:
    if user.role != Role.TEACHER or not StaffMembership.objects.filter(school=school, user=user).exists():
        raise ApplicationError.for_field(
            field, _("%(email)s is not a teacher of %(school)s.") % {"email": user.email, "school": school}
        )
