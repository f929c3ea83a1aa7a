"""Input fields shared by every API: dates inside the window a school can mean.

A date is refused before any service sees it when it falls outside
DATE_INPUT_WINDOW (years, inclusive): `9999-12-31` would otherwise overflow the
week arithmetic, and `0001-01-01` is no achievement or homework date anyone means.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


def date_window() -> tuple[date, date]:
    """The first and last date any input may name."""
    first, last = settings.DATE_INPUT_WINDOW
    return date(first, 1, 1), date(last, 12, 31)


def validate_date_in_window(value: date) -> None:
    """Raise Django's ValidationError when `value` is outside the window."""
    first, last = date_window()
    if not first <= value <= last:
        raise ValidationError(
            _("Enter a date between %(first)s and %(last)s.")
            % {"first": first.isoformat(), "last": last.isoformat()},
            code="date_out_of_range",
        )


class DateField(serializers.DateField):
    """DRF's DateField, refusing dates outside the window with a clear message."""

    def to_internal_value(self, value: Any) -> date:
        parsed = super().to_internal_value(value)
        try:
            validate_date_in_window(parsed)
        except ValidationError as error:
            raise serializers.ValidationError(error.messages, code="date_out_of_range") from error
        return parsed


class FormDateField(forms.DateField):
    """Django's form DateField with the same window, for the HTML pages."""

    default_validators = [validate_date_in_window]


WALL_CLOCK_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d$"


@extend_schema_field({"type": "string", "pattern": WALL_CLOCK_PATTERN, "example": "08:30"})
class WallClockTimeField(serializers.TimeField):
    """A local wall-clock time as the API writes and reads it: `HH:MM`, e.g. `08:30`.

    The schema declares that pattern rather than OpenAPI's `time` format
    (RFC 3339 `08:30:00Z`, which is neither what a timetable means nor what
    the API emits).
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", input_formats=["%H:%M"], **kwargs)
