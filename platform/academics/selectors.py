"""Reads of a region's academic settings. Region schema."""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from academics.models import AcademicYear, GradingScale, Holiday, MarkKind, Period
from access.fetch import get_or_not_found
from myschool.errors import NotFound


def periods_of(year: AcademicYear, grade: int) -> list[Period]:
    """The periods a class group of `grade` uses in `year`, in order."""
    return list(year.periods.filter(scheme=year.scheme_for_grade(grade)).order_by("number"))


def period_on(year: AcademicYear, grade: int, day: date) -> Period | None:
    return next((p for p in periods_of(year, grade) if p.starts_on <= day <= p.ends_on), None)


def grading_scales() -> QuerySet[GradingScale]:
    """Every grading scale of the region, in use or not."""
    return GradingScale.objects.order_by("id")


def mark_kinds(*, active: bool | None = None) -> QuerySet[MarkKind]:
    """The region's mark kinds; with `active`, only those in use (or out of use)."""
    kinds = MarkKind.objects.order_by("id")
    return kinds if active is None else kinds.filter(is_active=active)


def academic_years() -> QuerySet[AcademicYear]:
    """School years, latest first, with their periods and holidays fetched in two more queries."""
    return AcademicYear.objects.order_by("-starts_on").prefetch_related(
        Prefetch("periods", queryset=Period.objects.order_by("scheme", "number")),
        Prefetch("holidays", queryset=Holiday.objects.order_by("starts_on")),
    )


def get_mark_kind(code: str) -> MarkKind:
    """The mark kind with `code`, or NotFound."""
    kind = MarkKind.objects.filter(code=code).first()
    if kind is None:
        raise NotFound(_("No mark kind “%(code)s”.") % {"code": code})
    return kind


def get_academic_year(pk: object) -> AcademicYear:
    """A school year with its periods and holidays, or NotFound."""
    return get_or_not_found(academic_years(), pk, _("academic year"))
