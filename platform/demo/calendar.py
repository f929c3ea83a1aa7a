"""The school year around a date, as Russian schools usually divide it, and the length of a lesson."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from academics.models import AcademicYear
from academics.services import DateRange, create_academic_year
from tenants.models import Region

LESSON_MINUTES = 45


def school_year_of(day: date) -> tuple[str, date, date, dict[str, list[DateRange]], list[DateRange]]:
    """(name, starts_on, ends_on, periods by scheme, holidays) of the school year `day` falls in.

    From June to August that is the coming year. Quarters for most grades,
    halves for the senior ones; autumn, winter and spring holidays.
    """
    first = day.year if day.month >= 6 else day.year - 1
    y, n = first, first + 1
    quarters = [
        DateRange("1 четверть", date(y, 9, 1), date(y, 10, 24)),
        DateRange("2 четверть", date(y, 11, 5), date(y, 12, 28)),
        DateRange("3 четверть", date(n, 1, 12), date(n, 3, 21)),
        DateRange("4 четверть", date(n, 3, 30), date(n, 5, 31)),
    ]
    halves = [
        DateRange("1 полугодие", date(y, 9, 1), date(y, 12, 28)),
        DateRange("2 полугодие", date(n, 1, 12), date(n, 5, 31)),
    ]
    holidays = [
        DateRange("Осенние каникулы", date(y, 10, 25), date(y, 11, 4)),
        DateRange("Зимние каникулы", date(y, 12, 29), date(n, 1, 11)),
        DateRange("Весенние каникулы", date(n, 3, 22), date(n, 3, 29)),
    ]
    return f"{y}/{n}", date(y, 9, 1), date(n, 5, 31), {"quarters": quarters, "halves": halves}, holidays


def lesson_end(start: time, minutes: int = LESSON_MINUTES) -> time:
    """When a lesson that starts at `start` ends."""
    return (datetime.combine(date.min, start) + timedelta(minutes=minutes)).time()


def demo_academic_year(region: Region, today: date) -> AcademicYear:
    """The school year `today` falls in (school_year_of), created in `region` unless it exists.

    Region schema, entered by the caller. Idempotent by the year's name.
    """
    name, starts_on, ends_on, periods, holidays = school_year_of(today)
    return AcademicYear.objects.filter(name=name).first() or create_academic_year(
        region=region,
        name=name,
        starts_on=starts_on,
        ends_on=ends_on,
        periods=periods,
        holidays=holidays,
        senior_period_scheme="halves",
        actor=None,
    )
