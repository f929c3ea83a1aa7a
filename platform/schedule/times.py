"""Lesson times: stored as the region's wall-clock date and time, shown with the region's offset."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from tenants.models import Region


def region_datetime(region: Region, day: date, at: time) -> datetime:
    """`day` at `at` in the region's time zone, as an aware datetime (ISO output carries the offset)."""
    return datetime.combine(day, at, tzinfo=ZoneInfo(region.time_zone))


def region_today(region: Region) -> date:
    """Today's date where the region is (in Kamchatka it is often already tomorrow)."""
    return datetime.now(ZoneInfo(region.time_zone)).date()
