"""Template tags of the console pages: sortable headers, links keeping the list's parameters,
times in a region's own time zone with the zone named."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django import template
from django.utils import formats, timezone
from django.utils.html import format_html

from consoles.lists import ListParams, query_with

register = template.Library()


@register.inclusion_tag("consoles/_sort_header.html")
def sort_header(params: ListParams, column: str, label: str, numeric: bool = False) -> dict:
    """A column header that sorts the list by `column`; pressing it again reverses the order."""
    current = params.sort == column
    descending = current and not params.descending
    return {
        "label": label, "current": current, "numeric": numeric,
        "direction": ("descending" if params.descending else "ascending") if current else "",
        "query": query_with(params.query, sort=f"-{column}" if descending else column, page=None),
    }


@register.simple_tag
def with_query(params: ListParams, **changes: object) -> str:
    """`?` and the list's query string with `changes` (e.g. page=2)."""
    return "?" + query_with(params.query, **changes)


@register.filter
def zone_time(value: datetime | None, zone: str) -> str:
    """`value` in time zone `zone` (a region's), labelled: «03.12.2026 12:30 (Europe/Kaliningrad)»."""
    if value is None:
        return ""
    local = timezone.localtime(value, ZoneInfo(zone))
    shown = formats.date_format(local, "SHORT_DATETIME_FORMAT")
    return format_html('<time datetime="{}">{} <span class="muted">({})</span></time>',
                       local.isoformat(), shown, zone)
