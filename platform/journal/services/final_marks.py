"""Period and year marks, set by the teacher. Region schema; the caller has entered the region.

The journal shows the weighted average of the period (journal.averages); the
teacher decides the final mark, a value on the subject's scale, and may take it
back. A year mark has no period. Every change writes a row of the region's audit (its history).
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from academics.models import AcademicYear, Period, PeriodScheme
from access import fetch, scope
from accounts.models import User
from audit.services import record_region_changes
from journal.models import ChangeKind, FinalMark
from journal.services.common import history_row
from journal.services.marks import decimal_text, scale_points
from myschool.errors import ApplicationError, Forbidden
from schools.models import ClassGroup, Enrolment, Subject, enrolled_during
from tenants.context import require_region
from tenants.models import Region

logger = logging.getLogger(__name__)


def set_final_mark(
    *,
    region: Region,
    pupil: User,
    subject: Subject,
    academic_year: AcademicYear,
    period: Period | None,
    value: str,
    actor: User,
) -> FinalMark:
    """Set (create or change) a pupil's mark in `subject` for `period`, or the year mark when period is None.

    Who: a teacher of the subject in a class group the pupil was in during the
    period, that school's admin, or the region admin (NotFound when the actor
    does not see the pupil, Forbidden when they see but may not set it).
    Rejected with an error naming the field, nothing written, when the period is
    not of that year or not of the class group's scheme, the pupil was in no
    class group of the year during the period, or the value is not on the
    subject's scale. Transactional; writes history only when the value changes.
    """
    require_region(region)
    target = {"pupil": pupil, "subject": subject, "academic_year": academic_year, "period": period}
    check_final_mark_setter(**target, actor=actor)
    points = scale_points(subject, value)
    with transaction.atomic():
        mark = _locked(**target)
        old = None if mark is None else snapshot(mark)
        mark = mark or FinalMark(pupil=pupil, subject=subject, academic_year=academic_year, period=period)
        mark.value, mark.points = value, points
        new = snapshot(mark)
        if new != old:
            mark.set_by = actor
            mark.save()
            record_region_changes(region=region, rows=[history_row(
                kind=ChangeKind.FINAL_MARK, object_id=mark.pk, pupil_id=pupil.pk, old=old, new=new,
                actor=actor,
            )])
    return mark


def remove_final_mark(
    *,
    region: Region,
    pupil: User,
    subject: Subject,
    academic_year: AcademicYear,
    period: Period | None,
    actor: User,
) -> bool:
    """Take back a pupil's mark in `subject` for `period` (the year mark when period is None).

    Who, and what is refused, as for set_final_mark. The history keeps the
    removed value (a change to nothing). Transactional; True if there was a mark.
    """
    require_region(region)
    target = {"pupil": pupil, "subject": subject, "academic_year": academic_year, "period": period}
    check_final_mark_setter(**target, actor=actor)
    with transaction.atomic():
        mark = _locked(**target)
        if mark is None:
            return False
        removed = mark.pk
        record_region_changes(region=region, rows=[history_row(
            kind=ChangeKind.FINAL_MARK, object_id=removed, pupil_id=pupil.pk, old=snapshot(mark), new=None,
            actor=actor,
        )])
        mark.delete()
    logger.info("Final mark %s of pupil %s taken back (by %s)", removed, pupil.pk, actor.pk)
    return True


def check_final_mark_setter(
    *, pupil: User, subject: Subject, academic_year: AcademicYear, period: Period | None, actor: User
) -> None:
    """That `actor` may set or take back this final mark; else NotFound, Forbidden or an
    error naming the field."""
    if period is not None and period.academic_year_id != academic_year.pk:
        raise ApplicationError.for_field(
            "period", _("%(period)s is not a period of %(year)s.") % {"period": period, "year": academic_year}
        )
    fetch.get_pupil_for_user(actor, pupil.pk)
    starts_on, ends_on = (period or academic_year).starts_on, (period or academic_year).ends_on
    enrolments = list(
        Enrolment.objects.filter(
            enrolled_during(starts_on, ends_on), pupil=pupil, class_group__academic_year=academic_year
        )
        .select_related("class_group")
        .order_by("starts_on")
    )
    if not enrolments:
        raise ApplicationError.for_field(
            "pupil",
            _("%(pupil)s was in no class group during %(period)s.")
            % {"pupil": pupil.full_name or pupil.email, "period": period or academic_year},
        )
    allowed = set(
        scope.final_mark_class_groups_for(actor, subject.pk)
        .filter(pk__in=[e.class_group_id for e in enrolments])
        .values_list("pk", flat=True)
    )
    if not allowed:
        raise Forbidden(
            _("You do not teach %(subject)s to %(pupil)s; their teachers set this mark.")
            % {"subject": subject, "pupil": pupil.full_name or pupil.email}
        )
    groups = [g for g in finishing_groups(enrolments, ends_on) if g.pk in allowed]
    if not groups:
        raise Forbidden(
            _(
                "%(pupil)s left %(group)s before the end of %(period)s; "
                "the class group they finish it in sets this mark."
            )
            % {
                "pupil": pupil.full_name or pupil.email,
                "group": next(e.class_group for e in enrolments if e.class_group_id in allowed),
                "period": period or academic_year,
            }
        )
    if period is not None and all(academic_year.scheme_for_grade(g.grade) != period.scheme for g in groups):
        raise ApplicationError.for_field(
            "period",
            _("%(group)s is graded by %(scheme)s; %(period)s is not one of them.")
            % {
                "group": groups[0],
                "scheme": PeriodScheme(academic_year.scheme_for_grade(groups[0].grade)).label.lower(),
                "period": period.name,
            },
        )


def finishing_groups(enrolments: list[Enrolment], ends_on: date) -> list[ClassGroup]:
    """The class groups where the pupil finishes a period ending on `ends_on` (enrolments oldest first):
    those they stay in until its end, or, having left the schools before then, the last one.

    Only there is the final mark set, as only there the journal shows it (journal.selectors.stays_until).
    """
    staying = [e.class_group for e in enrolments if e.ends_on is None or e.ends_on >= ends_on]
    return staying or [enrolments[-1].class_group]


def _locked(
    *, pupil: User, subject: Subject, academic_year: AcademicYear, period: Period | None
) -> FinalMark | None:
    """The final mark, locked for this transaction, if there is one."""
    same = FinalMark.objects.select_for_update().filter(pupil=pupil, subject=subject)
    same = same.filter(period=period) if period else same.filter(academic_year=academic_year, period=None)
    return same.first()


def snapshot(mark: FinalMark) -> dict[str, Any]:
    """What final-mark history shows of a mark, as JSON."""
    return {"value": mark.value, "points": decimal_text(mark.points)}
