"""What a region user may reach, as querysets that compose into the caller's query.

Rules (issue: "who may do what"):
- region admin: everything in the region;
- school admin: their schools (staff membership);
- teacher: reads the class groups they teach or lead; writes the journal only
  for their own teaching assignments (or a lesson they are the teacher of);
- pupil: their own diary and portfolio; parent: their children's;
- staff read a pupil's records (diary, marks, averages) only for the days the
  pupil was in a class group they see (enrolments_seen_by): a former school
  keeps the journal of the time it taught the pupil and nothing after the
  move; the new school reads from its enrolment on. Only staff of the pupil's
  current class group add to their portfolio; a former school reads of it the
  achievements dated within its days (achievements_for);
- staff list in their directory, with contacts and parents, only the pupils
  now in their class groups (current_pupils_for); a former pupil stays a name
  in the journal of the days they taught them.
Federal operators have no account in any region schema, so they reach nothing.

A rule reads of the user only their role, their standing (is_active,
is_authenticated) and their id (`user.pk`, never the instance), so that
access.fetch can prepare a rule once for every user of a role.
"""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from django.db.models import Exists, Model, OuterRef, Q, QuerySet

from accounts.models import REGION_ROLES, Role, User
from accounts.rights import is_region_admin
from journal.models import Homework, Mark
from portfolio.models import Achievement
from schedule.models import Lesson
from schools.models import (
    ClassGroup,
    Enrolment,
    Guardianship,
    School,
    StaffMembership,
    TeachingAssignment,
    enrolled_during,
)

M = TypeVar("M", bound=Model)


def staff_schools(user: User) -> QuerySet[int]:
    """Ids of the schools `user` works at."""
    return StaffMembership.objects.filter(user_id=user.pk).values("school_id")


def administered_part(user: User, everything: QuerySet[M], school: str) -> QuerySet[M] | None:
    """What an administrator reaches of `everything`: all of it for the region admin, for a school
    admin what lies in their schools (`school`: the lookup to the school's id). None for anyone else."""
    if is_region_admin(user):
        return everything
    if user.role == Role.SCHOOL_ADMIN:
        return everything.filter(**{f"{school}__in": staff_schools(user)})
    return None


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
    if (administered := administered_part(user, groups, "school_id")) is not None:
        return administered
    if user.role == Role.TEACHER:
        taught = TeachingAssignment.objects.filter(teacher_id=user.pk, class_group=OuterRef("pk"))
        return groups.filter(Q(Exists(taught)) | Q(class_teacher_id=user.pk))
    if user.role == Role.PUPIL:
        return groups.filter(enrolments__pupil_id=user.pk).distinct()
    if user.role == Role.PARENT:
        return groups.filter(enrolments__pupil__in=children_of(user)).distinct()
    return groups.none()


def managed_class_groups(user: User) -> QuerySet[ClassGroup]:
    """Class groups whose enrolments, assignments and timetable `user` may change."""
    return ClassGroup.objects.filter(school__in=schools_for(user, manage=True))


def children_of(user: User) -> QuerySet[int]:
    """Ids of the pupils `user` is the parent of."""
    return Guardianship.objects.filter(parent_id=user.pk).values("child_id")


def enrolments_seen_by(user: User) -> QuerySet[Enrolment]:
    """Enrolments during which `user` sees the pupil's diary, marks and averages.

    Those in the class groups `user` sees (class_groups_for): for the pupil,
    their parents and the region admin every enrolment of the pupil; for staff
    the days the pupil spent in their class groups or school.
    """
    return Enrolment.objects.filter(class_group__in=class_groups_for(user))


def pupils_for(user: User) -> QuerySet[User]:
    """Pupils whose diary, marks and portfolio `user` may read (staff: for enrolments_seen_by's days)."""
    pupils = User.objects.filter(role=Role.PUPIL)
    if is_region_admin(user):
        return pupils
    if user.role == Role.PUPIL:
        return pupils.filter(pk=user.pk)
    if user.role == Role.PARENT:
        return pupils.filter(pk__in=children_of(user))
    if user.role in (Role.SCHOOL_ADMIN, Role.TEACHER):
        return pupils.filter(Exists(enrolments_seen_by(user).filter(pupil=OuterRef("pk"))))
    return pupils.none()


def current_pupils_for(user: User) -> QuerySet[User]:
    """Pupils `user` sees as they are now: their contacts, parents and place.

    Staff: those whose current enrolment (their latest one) is in a class group
    they see, so a former school no longer lists a pupil who moved (it reads
    the days it taught them through pupils_for); others: pupils_for.
    """
    if user.role in (Role.SCHOOL_ADMIN, Role.TEACHER):
        return User.objects.filter(role=Role.PUPIL).filter(currently_in(class_groups_for(user)))
    return pupils_for(user)


def people_for(user: User) -> QuerySet[User]:
    """Region users whose names and roles `user` may list: current pupils and staff of their schools."""
    if is_region_admin(user):
        return User.objects.all()
    pupils = Q(pk__in=current_pupils_for(user).values("pk"))
    if user.role in (Role.SCHOOL_ADMIN, Role.TEACHER):
        staff = StaffMembership.objects.filter(user=OuterRef("pk"), school_id__in=staff_schools(user))
        return User.objects.filter(pupils | Q(Exists(staff)) | Q(pk=user.pk))
    return User.objects.filter(Q(pk=user.pk) | pupils)


def lessons_for(user: User) -> QuerySet[Lesson]:
    """Lessons `user` may read: those of the class groups they see (a pupil: their own class's)."""
    return Lesson.objects.filter(class_group__in=class_groups_for(user))


def journal_lessons_for(user: User) -> QuerySet[Lesson]:
    """Lessons whose marks, attendance and homework `user` may write."""
    lessons = Lesson.objects.all()
    if (administered := administered_part(user, lessons, "class_group__school_id")) is not None:
        return administered
    if user.role == Role.TEACHER:
        assigned = TeachingAssignment.objects.filter(
            teacher_id=user.pk, class_group=OuterRef("class_group"), subject=OuterRef("subject")
        )
        return lessons.filter(Q(Exists(assigned)) | Q(teacher_id=user.pk))
    return lessons.none()


def enrolled_on(class_group_id: int, day: date) -> QuerySet[Enrolment]:
    """Enrolments of a class group in force on `day`."""
    return Enrolment.objects.filter(enrolled_during(day), class_group_id=class_group_id)


def achievement_pupils_for(user: User) -> QuerySet[User]:
    """Pupils to whose portfolio `user` may add achievements.

    A pupil adds to their own; the region admin to anyone's; staff (school
    admin, teachers) to those whose current enrolment (their latest one) is in
    a class group they see, so a former school no longer writes after a move.
    Parents only read their children's portfolio: the issue has achievements
    added by the pupil or by staff.
    """
    if user.role == Role.PARENT:
        return User.objects.none()
    return current_pupils_for(user)


def achievements_for(user: User) -> QuerySet[Achievement]:
    """Achievements `user` may read.

    The pupil, their parents and the region admin: all of the pupil's. Staff:
    all of their current pupils' (current_pupils_for: they add to and review
    that portfolio), and of a former pupil those dated within the days the
    pupil was in their class groups (enrolments_seen_by), nothing after the move.
    """
    achievements = Achievement.objects.filter(pupil__in=pupils_for(user))
    if user.role not in (Role.SCHOOL_ADMIN, Role.TEACHER):
        return achievements
    then = enrolments_seen_by(user).filter(enrolled_during(OuterRef("achieved_on")), pupil=OuterRef("pupil"))
    return achievements.filter(Q(Exists(then)) | Q(pupil__in=current_pupils_for(user)))


def achievement_reviewed_pupils(user: User) -> QuerySet[User]:
    """Pupils whose achievements `user` confirms or rejects.

    The region admin: every pupil; a school admin: pupils whose current enrolment
    (their latest one) is in a school they administer. Nobody else reviews.
    """
    pupils = User.objects.filter(role=Role.PUPIL)
    if is_region_admin(user):
        return pupils
    if user.role != Role.SCHOOL_ADMIN:
        return pupils.none()
    return pupils.filter(currently_in_schools_of(user))


def currently_in_schools_of(user: User) -> Exists:
    """Whether the outer pupil's current (latest) enrolment is in a school `user` works at."""
    return currently_in(ClassGroup.objects.filter(school_id__in=staff_schools(user)))


def currently_in(groups: QuerySet[ClassGroup]) -> Exists:
    """Whether the outer pupil's current (latest) enrolment is in one of `groups`."""
    later = Enrolment.objects.filter(pupil=OuterRef("pupil"), starts_on__gt=OuterRef("starts_on"))
    current = Enrolment.objects.filter(pupil=OuterRef("pk"), class_group__in=groups).filter(~Exists(later))
    return Exists(current)


def timetable_lessons_for(user: User) -> QuerySet[Lesson]:
    """Lessons `user` may move or cancel: those of the class groups whose timetable they manage.

    The timetable is the administration's (region admin, the school's admins);
    teachers set topics and fill in the journal but do not reschedule.
    """
    return Lesson.objects.filter(class_group__in=managed_class_groups(user))


REGION_STAFF = (Role.REGION_ADMIN, Role.SCHOOL_ADMIN, Role.TEACHER)


def may_read_catalogue(user: User) -> bool:
    """Every active person of the region reads its library catalogue (what it serves)."""
    return user.is_authenticated and user.is_active


def may_curate_catalogue(user: User) -> bool:
    """Only the region admin chooses the collections the region receives and hides items.

    The choice is region-wide; schools and teachers use what the region serves.
    """
    return is_region_admin(user)


def may_read_region_settings(user: User) -> bool:
    """Staff read the region's settings (time zone, scales, mark kinds, school years).

    Only the region admin changes them (is_region_admin); pupils and parents
    see what they need of them inside their diary.
    """
    return user.is_authenticated and user.is_active and user.role in REGION_STAFF


def rosters_for(user: User) -> QuerySet[ClassGroup]:
    """Class groups whose pupil lists, enrolment history and teachers `user` may read.

    Staff: the class groups they see (class_groups_for); pupils and parents
    none: they learn about themselves and their children through the diary.
    """
    if user.role not in REGION_STAFF:
        return ClassGroup.objects.none()
    return class_groups_for(user)


def people_listed_for(user: User) -> QuerySet[User]:
    """People in `user`'s directory: people_for, plus for staff the parents of their current pupils."""
    people = people_for(user)
    if user.role in (Role.SCHOOL_ADMIN, Role.TEACHER):
        parents = Guardianship.objects.filter(child__in=current_pupils_for(user)).values("parent_id")
        people = User.objects.filter(Q(pk__in=people.values("pk")) | Q(pk__in=parents))
    return people


def creatable_roles(user: User) -> frozenset[str]:
    """Roles of the people `user` may create.

    The region admin: any region role. A school admin: teachers, pupils and
    parents of their schools; see new_people_need_a_place. Nobody else.
    """
    if is_region_admin(user):
        return frozenset(REGION_ROLES)
    if user.role == Role.SCHOOL_ADMIN:
        return frozenset({Role.TEACHER, Role.PUPIL, Role.PARENT})
    return frozenset()


def new_people_need_a_place(user: User) -> bool:
    """Whether people `user` creates must come with their place in `user`'s schools.

    A school admin's new pupil comes with one of their class groups and a new
    parent with a child they see, so the people they create stay theirs to
    see and manage. The region admin may create people to place later.
    """
    return not is_region_admin(user)


def enrollable_pupils(user: User) -> QuerySet[User]:
    """Pupils `user` may enrol in (or move to) a class group they manage.

    The region admin: any pupil. A school admin: pupils whose current enrolment
    (their latest one) is in a school they administer, and pupils not enrolled
    anywhere yet. A pupil of another school moves through the region admin.
    """
    pupils = User.objects.filter(role=Role.PUPIL)
    if is_region_admin(user):
        return pupils
    if user.role != Role.SCHOOL_ADMIN:
        return pupils.none()
    never_enrolled = ~Exists(Enrolment.objects.filter(pupil=OuterRef("pk")))
    return pupils.filter(currently_in_schools_of(user) | never_enrolled)


def linkable_parents(user: User) -> QuerySet[User]:
    """Parents `user` may link to a child: the region admin any; a school admin
    parents of their current pupils, and parents with no child linked yet."""
    parents = User.objects.filter(role=Role.PARENT)
    if is_region_admin(user):
        return parents
    if user.role != Role.SCHOOL_ADMIN:
        return parents.none()
    ours = Guardianship.objects.filter(parent=OuterRef("pk"), child__in=current_pupils_for(user))
    return parents.filter(Exists(ours) | ~Exists(Guardianship.objects.filter(parent=OuterRef("pk"))))


def guardianships_for(user: User) -> QuerySet[Guardianship]:
    """Parent–child links `user` may read: the region admin all; a school admin those of their
    current pupils; a parent their own; a pupil their own parents. Teachers none."""
    links = Guardianship.objects.all()
    if is_region_admin(user):
        return links
    if user.role == Role.SCHOOL_ADMIN:
        return links.filter(child__in=current_pupils_for(user))
    if user.role == Role.PARENT:
        return links.filter(parent_id=user.pk)
    if user.role == Role.PUPIL:
        return links.filter(child_id=user.pk)
    return links.none()


def final_mark_class_groups_for(user: User, subject_id: int) -> QuerySet[ClassGroup]:
    """Class groups whose period and year marks in a subject `user` may set.

    The region admin: all; a school admin: their schools'; a teacher: those they
    teach the subject in.
    """
    groups = ClassGroup.objects.all()
    if (administered := administered_part(user, groups, "school_id")) is not None:
        return administered
    if user.role == Role.TEACHER:
        taught = TeachingAssignment.objects.filter(
            teacher_id=user.pk, subject_id=subject_id, class_group=OuterRef("pk")
        )
        return groups.filter(Exists(taught))
    return groups.none()


def marks_for(user: User) -> QuerySet[Mark]:
    """Marks `user` may read (deleted ones too, for their history): pupils they see, in lessons they see."""
    return Mark.objects.filter(lesson__in=lessons_for(user), pupil__in=pupils_for(user))


def homework_for(user: User) -> QuerySet[Homework]:
    """Homework `user` may read: that of the lessons they see."""
    return Homework.objects.filter(lesson__in=lessons_for(user))
