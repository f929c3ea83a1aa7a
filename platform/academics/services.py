"""Changing a region's academic settings. Region schema; the caller has entered the region.

Only the region admin changes them: every service checks its `actor` (Forbidden
otherwise; None is the system: setup code on the server) and writes the
region's audit row in the change's transaction.
None of these rewrite marks already given: marks keep the points and weight
they were given with.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from academics.models import AcademicYear, GradingScale, Holiday, MarkKind, Period, PeriodScheme
from accounts.models import User
from accounts.rights import require_region_admin
from audit.services import record_region_change, snapshot
from myschool.errors import ApplicationError, Conflict, NotFound
from tenants.context import require_region
from tenants.models import Region

logger = logging.getLogger(__name__)

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
    period_scheme: str = "",
    actor: User | None,
) -> AcademicYear:
    """Create a school year with its periods per scheme and its holidays, in one transaction.

    `periods` maps each scheme in use (quarters, trimesters, halves) to its
    periods in order; they must lie inside the year, not overlap, and their
    number must fit the scheme. `period_scheme` is the scheme of most grades
    (default: the first key). A name already taken is a Conflict; nothing is
    written when any check fails.
    """
    require_region(region)
    require_region_admin(actor)
    name = " ".join((name or "").split())
    if not name:
        raise ApplicationError.for_field("name", _("Give the year's name, e.g. 2026/2027."))
    if len(name) > 20:
        raise ApplicationError.for_field("name", _("The name is longer than 20 characters."))
    if not periods:
        raise ApplicationError.for_field("periods", _("Give the periods of the year."))
    if ends_on <= starts_on:
        raise ApplicationError.for_field("ends_on", _("The year must end after it starts."))
    for scheme, ranges in periods.items():
        _check_periods(scheme, ranges, starts_on, ends_on)
    period_scheme = period_scheme or next(iter(periods))
    if period_scheme not in periods:
        raise ApplicationError.for_field("period_scheme", _("Give the periods of this scheme too."))
    if senior_period_scheme and senior_period_scheme not in periods:
        raise ApplicationError.for_field(
            "senior_period_scheme", _("Give the periods of the senior grades' scheme too.")
        )
    if not 1 <= senior_from_grade <= 11:
        raise ApplicationError.for_field("senior_from_grade", _("The grade must be from 1 to 11."))
    for holiday in holidays:
        if not holiday.name.strip():
            raise ApplicationError.for_field("holidays", _("Give each holiday a name."))
        if holiday.ends_on < holiday.starts_on or holiday.starts_on < starts_on or holiday.ends_on > ends_on:
            raise ApplicationError.for_field(
                "holidays", _("Holidays “%(name)s” are not inside the year.") % {"name": holiday.name}
            )
    with transaction.atomic():
        if AcademicYear.objects.filter(name=name).exists():
            raise Conflict.for_field("name", _("The academic year %(name)s exists already.") % {"name": name})
        overlapping = AcademicYear.objects.filter(starts_on__lte=ends_on, ends_on__gte=starts_on).first()
        if overlapping is not None:
            raise Conflict.for_field(
                "starts_on", _("The year overlaps %(year)s.") % {"year": overlapping.name}
            )
        year = AcademicYear.objects.create(
            name=name,
            starts_on=starts_on,
            ends_on=ends_on,
            period_scheme=period_scheme,
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
        record_region_change(
            region=region, actor=actor, action="academic_year.created", target=year,
            after={
                **snapshot(year, ["name", "starts_on", "ends_on", "period_scheme", "senior_period_scheme",
                                  "senior_from_grade"]),
                "periods": {scheme: [r.name for r in ranges] for scheme, ranges in periods.items()},
                "holidays": [h.name for h in holidays],
            },
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
        if not r.name.strip():
            raise ApplicationError.for_field("periods", _("Give each period a name."))
        if r.ends_on < r.starts_on or r.starts_on < starts_on or r.ends_on > ends_on:
            raise ApplicationError.for_field(
                "periods", _("Period “%(name)s” is not inside the year.") % {"name": r.name}
            )
        if previous_end is not None and r.starts_on <= previous_end:
            raise ApplicationError.for_field(
                "periods", _("Period “%(name)s” overlaps the one before it.") % {"name": r.name}
            )
        previous_end = r.ends_on


def create_mark_kind(
    *, region: Region, code: str, name: str, weight: Decimal | str, actor: User | None
) -> MarkKind:
    """Add a mark kind (e.g. test ×2). A code already taken is a Conflict; nothing is written on error."""
    require_region(region)
    require_region_admin(actor)
    code = _valid_code(code)
    name = _valid_name(name)
    weight = _valid_weight(weight)
    with transaction.atomic():
        if MarkKind.objects.filter(code=code).exists():
            raise Conflict.for_field("code", _("The mark kind “%(code)s” exists already.") % {"code": code})
        kind = MarkKind.objects.create(code=code, name=name, weight=weight)
        record_region_change(
            region=region, actor=actor, action="mark_kind.created", target=kind,
            after=snapshot(kind, ["code", "name", "weight", "is_active"]),
        )
    logger.info("Mark kind %s added with weight %s (by %s)", code, weight, actor)
    return kind


def change_mark_kind(
    *,
    region: Region,
    kind: MarkKind,
    actor: User | None,
    name: str | None = None,
    weight: Decimal | str | None = None,
    is_active: bool | None = None,
) -> MarkKind:
    """Rename a mark kind, change its weight, or take it out of (or back into) use.

    Saves only what changed. Marks already given keep the weight they were
    given with; a kind out of use stays on them but is not offered for new marks.
    """
    require_region(region)
    require_region_admin(actor)
    changes = {}
    if name is not None:
        changes["name"] = _valid_name(name)
    if weight is not None:
        changes["weight"] = _valid_weight(weight)
    if is_active is not None:
        changes["is_active"] = is_active
    changed = {field: value for field, value in changes.items() if getattr(kind, field) != value}
    if changed:
        with transaction.atomic():
            old = {field: getattr(kind, field) for field in changed}
            for field, value in changed.items():
                setattr(kind, field, value)
            kind.save(update_fields=list(changed))
            record_region_change(
                region=region, actor=actor, action="mark_kind.changed", target=kind, before=old, after=changed
            )
        logger.info("Mark kind %s changed from %s to %s (by %s)", kind.code, old, changed, actor)
    return kind


def _valid_code(code: str) -> str:
    code = (code or "").strip().lower()
    if not re.fullmatch(r"[a-z0-9_-]{1,32}", code):
        raise ApplicationError.for_field(
            "code", _("Use 1 to 32 Latin letters, digits, hyphens or underscores, e.g. test.")
        )
    return code


def _valid_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ApplicationError.for_field("name", _("Give the name."))
    if len(name) > 100:
        raise ApplicationError.for_field("name", _("The name is longer than 100 characters."))
    return name


def _valid_weight(weight: Decimal | str) -> Decimal:
    try:
        weight = Decimal(str(weight))
    except InvalidOperation:
        raise ApplicationError.for_field("weight", _("Enter a number.")) from None
    if not weight.is_finite() or not (Decimal(0) < weight <= Decimal(10)):
        raise ApplicationError.for_field("weight", _("The weight must be above 0 and at most 10."))
    if weight != weight.quantize(Decimal("0.01")):
        raise ApplicationError.for_field("weight", _("Give the weight with at most two decimals."))
    return weight.quantize(Decimal("0.01"))


def set_grading_scale_enabled(
    *, region: Region, code: str, enabled: bool, actor: User | None
) -> GradingScale:
    """Turn a grading scale on or off for new subjects. Idempotent.

    Subjects already on the scale keep it, and marks already given are kept.
    An unknown code is NotFound.
    """
    require_region(region)
    require_region_admin(actor)
    with transaction.atomic():
        scale = GradingScale.objects.select_for_update().filter(code=code).first()
        if scale is None:
            raise NotFound(_("No grading scale “%(code)s”.") % {"code": code})
        if scale.is_enabled != enabled:
            scale.is_enabled = enabled
            scale.save(update_fields=["is_enabled"])
            action = "grading_scale.enabled" if enabled else "grading_scale.disabled"
            record_region_change(
                region=region, actor=actor, action=action, target=scale,
                before={"is_enabled": not enabled}, after={"is_enabled": enabled},
            )
            logger.info("Grading scale %s %s (by %s)", code, "enabled" if enabled else "disabled", actor)
    return scale
