"""Weighted averages of marks: Σ(points × weight) / Σ(weight), over marks that have points.

Pass/fail marks have no points and do not count. The average is rounded to
two places, half up, as schools print it (4.545 -> 4.55).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import DecimalField, ExpressionWrapper, F, QuerySet, Sum

from journal.models import Mark

CENT = Decimal("0.01")


def weighted_average(marks: Iterable[tuple[Decimal | None, Decimal]]) -> Decimal | None:
    """The weighted average of (points, weight) pairs; None when no mark has points."""
    total = weights = Decimal(0)
    for points, weight in marks:
        if points is not None:
            total += points * weight
            weights += weight
    return (total / weights).quantize(CENT, ROUND_HALF_UP) if weights else None


def averages(
    *,
    starts_on: date,
    ends_on: date,
    pupil_ids: Iterable[int] | QuerySet | None = None,
    subject_ids: Iterable[int] | None = None,
    class_group_id: int | None = None,
) -> dict[tuple[int, int], Decimal]:
    """{(pupil id, subject id): weighted average} of marks given in [starts_on, ends_on], in one query."""
    marks = Mark.objects.filter(
        deleted_at__isnull=True, points__isnull=False, lesson__date__gte=starts_on, lesson__date__lte=ends_on
    )
    if pupil_ids is not None:
        marks = marks.filter(pupil_id__in=pupil_ids)
    if subject_ids is not None:
        marks = marks.filter(lesson__subject_id__in=subject_ids)
    if class_group_id is not None:
        marks = marks.filter(lesson__class_group_id=class_group_id)
    weighted = ExpressionWrapper(
        F("points") * F("weight"), output_field=DecimalField(max_digits=12, decimal_places=4)
    )
    rows = (
        marks.values("pupil_id", "lesson__subject_id")
        .annotate(total=Sum(weighted), weights=Sum("weight"))
        .values_list("pupil_id", "lesson__subject_id", "total", "weights")
    )
    return {
        (pupil, subject): (total / weights).quantize(CENT, ROUND_HALF_UP)
        for pupil, subject, total, weights in rows
        if weights
    }
