"""What a region user may reach, as querysets that compose into the caller's query.

Rules (issue: "who may do what"):
- region admin: everything in the region;
- school admin: their schools (staff membership);
- teacher: reads the class groups they teach or lead; writes the journal only
  for their own teaching assignments (or a lesson they are the teacher of);
- pupil: their own diary and portfolio; parent: their children's.
Federal operators have no account in any region schema, so they reach nothing.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.models import Role, User
from schedule.models import Lesson
from schools.models import ClassGroup, Enrolment, Guardianship, School, StaffMembership, TeachingAssignment


def is_region_admin(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.role == Role.REGION_ADMIN


def staff_schools(user: User) -> QuerySet[int]:
    """Ids of the schools `user` works at."""
    return StaffMembership.objects.filter(user=user).values("school_id")


def schools_for(user: User, *, manage: bool = False) -> QuerySet[School]:
    """Schools `user` sees; with `manage`, those they administer."""
    if is_region_admin(user):
        return School.objects.all()
    if user.role == Role.SCHOOL_ADMIN or (user.role == Role.TEACHER and not manage):
        return School.objects.filter(id__in=staff_schools(user))
    if manage:
        return School.objects.none()
    return School.objects.filter(class_groups__in=class_groups_for(user)).distinct()


def class_groups_for(user: User) -> QuerySet[ClassGroup]:
    """Class groups whose pupils and journal `user` may read."""
    groups = ClassGroup.objects.all()
    if is_region_admin(user):
        return groups
    if user.role == Role.SCHOOL_ADMIN:
        return groups.filter(school_id__in=staff_schools(user))
    if user.role == Role.TEACHER:
        taught = TeachingAssignment.objects.filter(teacher=user, class_group=OuterRef("pk"))
        return groups.filter(Q(Exists(taught)) | Q(class_teacher=user))
    if user.role == Role.PUPIL:
        return groups.filter(enrolments__pupil=user).distinct()
    if user.role == Role.PARENT:
        return groups.filter(enrolments__pupil__in=children_of(user)).distinct()
    return groups.none()


def managed_class_groups(user: User) -> QuerySet[ClassGroup]:
    """Class groups whose enrolments, assignments and timetable `user` may change."""
    return ClassGroup.objects.filter(school__in=schools_for(user, manage=True))


def children_of(user: User) -> QuerySet[int]:
    """Ids of the pupils `user` is the parent of."""
    return Guardianship.objects.filter(parent=user).values("child_id")


def pupils_for(user: User) -> QuerySet[User]:
    """Pupils whose diary, marks and portfolio `user` may read."""
    pupils = User.objects.filter(role=Role.PUPIL)
    if is_region_admin(user):
        return pupils
    if user.role == Role.PUPIL:
        return pupils.filter(pk=user.pk)
    if user.role == Role.PARENT:
        return pupils.filter(pk__in=children_of(user))
    if user.role in (Role.SCHOOL_ADMIN, Role.TEACHER):
        enrolled = Enrolment.objects.filter(pupil=OuterRef("pk"), class_group__in=class_groups_for(user))
        return pupils.filter(Exists(enrolled))
    return pupils.none()


def people_for(user: User) -> QuerySet[User]:
    """Region users whose names and roles `user` may list: pupils they see, plus staff of their schools."""
    if is_region_admin(user):
        return User.objects.all()
    if user.role in (Role.SCHOOL_ADMIN, Role.TEACHER):
        staff = StaffMembership.objects.filter(user=OuterRef("pk"), school_id__in=staff_schools(user))
        return User.objects.filter(Q(pk__in=pupils_for(user).values("pk")) | Q(Exists(staff)) | Q(pk=user.pk))
    return User.objects.filter(Q(pk=user.pk) | Q(pk__in=pupils_for(user).values("pk")))


def lessons_for(user: User) -> QuerySet[Lesson]:
    """Lessons `user` may read: those of the class groups they see (a pupil: their own class's)."""
    return Lesson.objects.filter(class_group__in=class_groups_for(user))


def journal_lessons_for(user: User) -> QuerySet[Lesson]:
    """Lessons whose marks, attendance and homework `user` may write."""
    lessons = Lesson.objects.all()
    if is_region_admin(user):
        return lessons
    if user.role == Role.SCHOOL_ADMIN:
        return lessons.filter(class_group__school_id__in=staff_schools(user))
    if user.role == Role.TEACHER:
        assigned = TeachingAssignment.objects.filter(
            teacher=user, class_group=OuterRef("class_group"), subject=OuterRef("subject")
        )
        return lessons.filter(Q(Exists(assigned)) | Q(teacher=user))
    return lessons.none()


def enrolled_on(class_group_id: int, day: date) -> QuerySet[Enrolment]:
    """Enrolments of a class group in force on `day`."""
    return Enrolment.objects.filter(class_group_id=class_group_id, starts_on__lte=day).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=day)
    )
