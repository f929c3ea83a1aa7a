"""Class groups, the pupils enrolled in them and the teachers assigned to them. Region schema.

The region admin and the school's administrators make these changes: each
service checks its `actor` (None: the system, setup code on the server) and
writes the region's audit row in the change's transaction.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from academics.models import AcademicYear
from access.fetch import require_may_enrol, require_school_manager
from accounts.models import Role, User
from audit.services import record_region_change, snapshot
from myschool.errors import ApplicationError, Conflict
from schedule.models import Lesson, TimetableEntry
from schools.models import ClassGroup, Enrolment, School, StaffMembership, Subject, TeachingAssignment
from tenants.context import require_region
from tenants.models import Region

logger = logging.getLogger(__name__)


def create_class_group(
    *,
    region: Region,
    school: School,
    academic_year: AcademicYear,
    grade: int,
    letter: str,
    class_teacher: User | None = None,
    actor: User | None = None,
) -> ClassGroup:
    """Open a class group such as 5А in a school for a school year.

    The same grade and letter twice in one school and year is a Conflict; a
    class teacher must teach at the school.
    """
    require_region(region)
    require_school_manager(actor, school)
    if not 1 <= grade <= 11:
        raise ApplicationError.for_field("grade", _("The grade must be from 1 to 11."))
    letter = (letter or "").strip().upper()
    if not letter:
        raise ApplicationError.for_field("letter", _("Give the class letter, e.g. А."))
    if len(letter) > 4 or not letter.isalnum():
        raise ApplicationError.for_field("letter", _("Use one to four letters or digits, e.g. А."))
    if class_teacher is not None:
        _require_teacher(school, class_teacher, "class_teacher")
    with transaction.atomic():
        taken = ClassGroup.objects.filter(
            school=school, academic_year=academic_year, grade=grade, letter=letter
        )
        if taken.exists():
            raise Conflict.for_field(
                "letter",
                _("%(group)s exists already in %(school)s for %(year)s.")
                % {"group": f"{grade}{letter}", "school": school, "year": academic_year},
            )
        group = ClassGroup.objects.create(
            school=school,
            academic_year=academic_year,
            grade=grade,
            letter=letter,
            class_teacher=class_teacher,
        )
        record_region_change(
            region=region, actor=actor, action="class_group.created", target=group,
            after=snapshot(group, ["school", "academic_year", "grade", "letter", "class_teacher"]),
        )
    logger.info("Class group %s %s opened in school %s (by %s)", group.pk, group, school.pk, actor)
    return group


def enrol_pupil(
    *, region: Region, pupil: User, class_group: ClassGroup, starts_on: date, actor: User | None = None
) -> Enrolment:
    """Put `pupil` in `class_group` from `starts_on`; return the enrolment.

    A pupil still enrolled elsewhere moves: that enrolment ends the day before,
    and keeps its history (marks given before the move stay with the old class
    group). Enrolling again in the same group is a no-op. An enrolment starting
    on or after `starts_on` is a Conflict. One move at a time per pupil.
    """
    require_region(region)
    require_school_manager(actor, class_group.school_id)
    if pupil.role != Role.PUPIL:
        raise ApplicationError.for_field(
            "pupil", _("%(name)s is not a pupil.") % {"name": pupil.full_name or pupil.email}
        )
    require_may_enrol(actor, pupil)
    year = class_group.academic_year
    if not year.contains(starts_on):
        raise ApplicationError.for_field(
            "starts_on",
            _("%(group)s is a class of %(year)s: give a date from %(start)s to %(end)s.")
            % {"group": class_group, "year": year, "start": year.starts_on, "end": year.ends_on},
        )
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=pupil.pk).first()  # one move at a time per pupil
        current = list(
            Enrolment.objects.filter(pupil=pupil)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on))
            .select_related("class_group")
        )
        same = next(
            (e for e in current if e.class_group_id == class_group.pk and e.starts_on <= starts_on), None
        )
        if same is not None:
            return same
        for enrolment in current:
            if enrolment.starts_on >= starts_on:
                raise Conflict.for_field(
                    "starts_on",
                    _("The pupil is enrolled in %(group)s from %(date)s; enrol them from a later date.")
                    % {"group": enrolment.class_group, "date": enrolment.starts_on},
                )
            enrolment.ends_on = starts_on - timedelta(days=1)
            enrolment.save(update_fields=["ends_on"])
        created = Enrolment.objects.create(pupil=pupil, class_group=class_group, starts_on=starts_on)
        record_region_change(
            region=region, actor=actor, action="enrolment.created", target=created,
            before={"enrolments_ended": [e.pk for e in current]} if current else None,
            after=snapshot(created, ["pupil", "class_group", "starts_on"]),
        )
    logger.info(
        "Pupil %s enrolled in %s from %s, leaving %s (by %s)",
        pupil.pk,
        class_group.pk,
        starts_on,
        [e.class_group_id for e in current],
        actor,
    )
    return created


def assign_teacher(
    *, region: Region, teacher: User, subject: Subject, class_group: ClassGroup, actor: User | None = None
) -> TeachingAssignment:
    """Let `teacher` teach `subject` to `class_group` (opens that journal to them). Idempotent.

    The teacher must teach at the class group's school.
    """
    require_region(region)
    require_school_manager(actor, class_group.school_id)
    _require_teacher(class_group.school, teacher, "teacher")
    with transaction.atomic():
        assignment, created = TeachingAssignment.objects.get_or_create(
            teacher=teacher, subject=subject, class_group=class_group
        )
        if created:
            record_region_change(
                region=region, actor=actor, action="assignment.created", target=assignment,
                after=snapshot(assignment, ["teacher", "subject", "class_group"]),
            )
    if created:
        logger.info("Assignment %s added (by %s)", assignment, actor)
    return assignment


def remove_assignment(*, region: Region, assignment: TeachingAssignment, actor: User | None) -> None:
    """Take a subject of a class group away from a teacher.

    Refused (Conflict) while lessons or timetable entries of that teacher,
    subject and class group exist: their journal depends on the assignment.
    """
    require_region(region)
    require_school_manager(actor, assignment.class_group.school_id)
    same = {
        "teacher_id": assignment.teacher_id,
        "subject_id": assignment.subject_id,
        "class_group_id": assignment.class_group_id,
    }
    with transaction.atomic():
        lessons = Lesson.objects.filter(**same).count()
        if lessons:
            raise Conflict(
                ngettext(
                    "%(teacher)s has %(count)d lesson of %(subject)s in %(group)s; "
                    "give it to another teacher or remove it first.",
                    "%(teacher)s has %(count)d lessons of %(subject)s in %(group)s; "
                    "give them to another teacher or remove them first.",
                    lessons,
                )
                % _describe(assignment, lessons)
            )
        if TimetableEntry.objects.filter(**same).exists():
            raise Conflict(
                _(
                    "%(teacher)s teaches %(subject)s in %(group)s in the timetable; "
                    "change the timetable first."
                )
                % _describe(assignment, 0)
            )
        record_region_change(
            region=region, actor=actor, action="assignment.removed", target=assignment, before=same
        )
        assignment.delete()
    logger.info("Assignment %s removed (by %s)", same, actor)


def _describe(assignment: TeachingAssignment, count: int) -> dict[str, object]:
    return {
        "teacher": assignment.teacher.full_name or assignment.teacher.email,
        "subject": assignment.subject,
        "group": assignment.class_group,
        "count": count,
    }


def _require_teacher(school: School, user: User, field: str) -> None:
    if user.role != Role.TEACHER or not StaffMembership.objects.filter(school=school, user=user).exists():
        raise ApplicationError.for_field(
            field,
            _("%(name)s is not a teacher of %(school)s.")
            % {"name": user.full_name or user.email, "school": school},
        )
