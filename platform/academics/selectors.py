"""Reads of a region's academic settings. Region schema."""

from __future__ import annotations

from datetime import date

from academics.models import AcademicYear, Period


def academic_year_on(day: date) -> AcademicYear | None:
    """The school year `day` falls in, if any."""
    return AcademicYear.objects.filter(starts_on__lte=day, ends_on__gte=day).first()


def periods_of(year: AcademicYear, grade: int) -> list[Period]:
    """The periods a class group of `grade` uses in `year`, in order."""
    return list(year.periods.filter(scheme=year.scheme_for_grade(grade)).order_by("number"))


def period_on(year: AcademicYear, grade: int, day: date) -> Period | None:
    return next((p for p in periods_of(year, grade) if p.starts_on <= day <= p.ends_on), None)
