"""Changing a region's academic settings. Region schema; the caller has entered the region.

None of these rewrite marks already given: marks keep the points and weight
they were given with.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from academics.models import AcademicYear, GradingScale, Holiday, MarkKind, Period, PeriodScheme
from accounts.models import User
from myschool.errors import ApplicationError, Conflict
from tenants.context import require_region
from tenants.models import Region

PERIOD_COUNTS = {PeriodScheme.QUARTERS: 4, PeriodScheme.TRIMESTERS: 3, PeriodScheme.HALVES: 2}


@dataclass(frozen=True)
class DateRange:
    name: str
    starts_on: date
    ends_on: date


def create_academic_year(
    *,
    region: Region,
    name: str,
    starts_on: date,
    ends_on: date,
    periods: dict[str, list[DateRange]],
    holidays: Sequence[DateRange] = (),
    senior_period_scheme: str = "",
    senior_from_grade: int = 10,
) -> AcademicYear:
    """Create a school year with its periods per scheme and its holidays, in one transaction.

    `periods` maps each scheme in use (quarters, trimesters, halves) to its
    periods in order; they must lie inside the year, not overlap, and their
    number must fit the scheme. The first key is the scheme of most grades.
    """
    require_region(region)
    if not periods:
        raise ApplicationError.for_field("periods", _("Give the periods of the year."))
    if ends_on <= starts_on:
        raise ApplicationError.for_field("ends_on", _("The year must end after it starts."))
    schemes = list(periods)
    for scheme, ranges in periods.items():
        _check_periods(scheme, ranges, starts_on, ends_on)
    if senior_period_scheme and senior_period_scheme not in periods:
        raise ApplicationError.for_field(
            "senior_period_scheme", _("Give the periods of the senior grades' scheme too.")
        )
    for holiday in holidays:
        if holiday.ends_on < holiday.starts_on or not (starts_on <= holiday.starts_on <= ends_on):
            raise ApplicationError.for_field(
                "holidays", _("Holidays “%(name)s” are not inside the year.") % {"name": holiday.name}
            )
    with transaction.atomic():
        if AcademicYear.objects.filter(name=name).exists():
            raise Conflict.for_field("name", _("The academic year %(name)s exists already.") % {"name": name})
        year = AcademicYear.objects.create(
            name=name,
            starts_on=starts_on,
            ends_on=ends_on,
            period_scheme=schemes[0],
            senior_period_scheme=senior_period_scheme,
            senior_from_grade=senior_from_grade,
        )
        Period.objects.bulk_create(
            Period(
                academic_year=year,
                scheme=scheme,
                number=number,
                name=r.name,
                starts_on=r.starts_on,
                ends_on=r.ends_on,
            )
            for scheme, ranges in periods.items()
            for number, r in enumerate(ranges, start=1)
        )
        Holiday.objects.bulk_create(
            Holiday(academic_year=year, name=h.name, starts_on=h.starts_on, ends_on=h.ends_on)
            for h in holidays
        )
    return year


def _check_periods(scheme: str, ranges: list[DateRange], starts_on: date, ends_on: date) -> None:
    if scheme not in PeriodScheme.values:
        raise ApplicationError.for_field(
            "periods", _("Unknown period scheme “%(scheme)s”.") % {"scheme": scheme}
        )
    if len(ranges) != PERIOD_COUNTS[scheme]:
        raise ApplicationError.for_field(
            "periods",
            _("%(scheme)s need %(count)d periods.")
            % {"scheme": PeriodScheme(scheme).label, "count": PERIOD_COUNTS[scheme]},
        )
    previous_end = None
    for r in ranges:
        if r.ends_on < r.starts_on or r.starts_on < starts_on or r.ends_on > ends_on:
            raise ApplicationError.for_field(
                "periods", _("Period “%(name)s” is not inside the year.") % {"name": r.name}
            )
        if previous_end is not None and r.starts_on <= previous_end:
            raise ApplicationError.for_field(
                "periods", _("Period “%(name)s” overlaps the one before it.") % {"name": r.name}
            )
        previous_end = r.ends_on


def save_mark_kind(*, region: Region, code: str, name: str, weight: Decimal | str, actor: User) -> MarkKind:
    """Create a mark kind or change its name and weight. Marks already given keep their weight."""
    require_region(region)
    try:
        weight = Decimal(str(weight))
    except InvalidOperation:
        raise ApplicationError.for_field("weight", _("Enter a number.")) from None
    if not (Decimal(0) < weight <= Decimal(10)):
        raise ApplicationError.for_field("weight", _("The weight must be above 0 and at most 10."))
    kind, _created = MarkKind.objects.update_or_create(code=code, defaults={"name": name, "weight": weight})
    return kind


def set_grading_scale_enabled(*, region: Region, code: str, enabled: bool, actor: User) -> GradingScale:
    """Turn a grading scale on or off for new subjects. Marks already given are kept."""
    require_region(region)
    updated = GradingScale.objects.filter(code=code).update(is_enabled=enabled)
    if not updated:
        raise ApplicationError.for_field("code", _("No grading scale “%(code)s”.") % {"code": code})
    return GradingScale.objects.get(code=code)
