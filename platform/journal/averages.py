"""Weighted averages of marks: Σ(points × weight) / Σ(weight), over marks that have points.

Pass/fail marks have no points and do not count. The average is rounded to
two places, half up, as schools print it (4.545 -> 4.55).
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import DecimalField, ExpressionWrapper, F, QuerySet, Sum

from journal.models import Mark
from myschool.prepared import Day, Ids, Param, PreparedQuery, any_of
from schools.models import Enrolment, enrolled_during

CENT = Decimal("0.01")


def mark_sums(
    *, starts_on: Day, ends_on: Day, pupil_ids: Ids, class_group_ids: Ids, subject_ids: Ids | None = None
) -> QuerySet:
    """Per pupil and subject (`pupil_id`, `lesson__subject_id`): `total`, Σ(points × weight), and
    `weights`, Σ(weight), of the live marks with points given at lessons in [starts_on, ends_on]
    of class groups `class_group_ids` (marks are given only while the pupil is in the class
    group, so these are the marks of the days they spent there).

    The lessons are looked for in the class groups the pupils were enrolled in during the
    period, the only ones where they can be given marks. That changes no sum, but it is the
    way PostgreSQL should take in any region: from the pupils' class groups to their lessons in
    the period, to the marks. Without it a plan made without the values (prepared, below) goes
    from the pupils' marks of the whole year, or, in a region with few lessons yet, from every
    lesson of the period in the region (100 times slower).
    """
    enrolled_in = Enrolment.objects.filter(any_of("pupil_id", pupil_ids), enrolled_during(starts_on, ends_on))
    marks = Mark.objects.filter(
        any_of("pupil_id", pupil_ids),
        any_of("lesson__class_group_id", class_group_ids),
        deleted_at__isnull=True,
        points__isnull=False,
        lesson__date__gte=starts_on,
        lesson__date__lte=ends_on,
        lesson__class_group_id__in=enrolled_in.values("class_group_id"),
    )
    if subject_ids is not None:
        marks = marks.filter(any_of("lesson__subject_id", subject_ids))
    weighted = ExpressionWrapper(
        F("points") * F("weight"), output_field=DecimalField(max_digits=12, decimal_places=4)
    )
    return marks.values("pupil_id", "lesson__subject_id").annotate(total=Sum(weighted), weights=Sum("weight"))


# The journal and the diary ask for averages on every read: prepared (myschool.prepared).
PERIOD = {"starts_on": Param("starts_on"), "ends_on": Param("ends_on")}
SUMS = PreparedQuery(lambda: mark_sums(pupil_ids=Param("pupils"), class_group_ids=Param("groups"), **PERIOD))
SUMS_IN_SUBJECTS = PreparedQuery(
    lambda: mark_sums(
        pupil_ids=Param("pupils"), class_group_ids=Param("groups"), subject_ids=Param("subjects"), **PERIOD
    )
)


def averages(
    *,
    starts_on: date,
    ends_on: date,
    pupil_ids: list[int],
    class_group_ids: list[int],
    subject_ids: list[int] | None = None,
) -> dict[tuple[int, int], Decimal]:
    """{(pupil id, subject id): weighted average} of marks given in [starts_on, ends_on] at lessons of
    class groups `class_group_ids`, in one query.

    Only pupils with marks that count appear; `subject_ids` limits the subjects.
    """
    period = {"starts_on": starts_on, "ends_on": ends_on, "groups": class_group_ids}
    if subject_ids is None:
        rows = SUMS.rows(pupils=pupil_ids, **period)
    else:
        rows = SUMS_IN_SUBJECTS.rows(pupils=pupil_ids, subjects=subject_ids, **period)
    return {
        (row["pupil_id"], row["lesson__subject_id"]): (row["total"] / row["weights"]).quantize(
            CENT, ROUND_HALF_UP
        )
        for row in rows
        if row["weights"]
    }
