"""Template filters for the journal's and the diary's pages, which render plain rows."""

from __future__ import annotations

from django import template

from journal.models import AttendanceStatus

register = template.Library()


@register.filter
def attendance_label(status: str) -> str:
    """The attendance status's name in the user's language (a row's `status` is its code)."""
    return AttendanceStatus(status).label
