"""A region's academic settings: grading scales, mark kinds, school years and their periods.

Region schema. Marks copy what they need from these settings when given (the
value's points, the kind's weight), so changing a setting never rewrites a
mark already given.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class GradingScale(models.Model):
    """A set of allowed mark values, e.g. the five-point scale or pass/fail.

    `values` lists {"value": "5", "label": "5", "points": 5} in display order;
    points are null on scales that are not averaged (pass/fail).
    """

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    values = models.JSONField(_("values"))
    is_enabled = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("grading scale")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    def find(self, value: str) -> dict | None:
        """The scale entry for `value`, or None when the scale has no such value."""
        return next((entry for entry in self.values if entry["value"] == value), None)


class MarkKind(models.Model):
    """What a mark was given for (answer, test, exam), with its weight in averages."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    weight = models.DecimalField(_("weight"), max_digits=4, decimal_places=2, default=Decimal(1))
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("mark kind")
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=Q(weight__gt=0), name="mark_kind_weight_positive")]

    def __str__(self) -> str:
        return self.name


class PeriodScheme(models.TextChoices):
    QUARTERS = "quarters", _("Quarters")
    TRIMESTERS = "trimesters", _("Trimesters")
    HALVES = "halves", _("Halves")


class AcademicYear(models.Model):
    """A school year, e.g. 2026/2027, and how it is divided into periods.

    Grades from `senior_from_grade` up (usually 10–11) may use another scheme,
    typically halves.
    """

    name = models.CharField(_("name"), max_length=20, unique=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    period_scheme = models.CharField(
        _("periods"), max_length=16, choices=PeriodScheme.choices, default=PeriodScheme.QUARTERS
    )
    senior_period_scheme = models.CharField(
        _("periods of senior grades"), max_length=16, choices=PeriodScheme.choices, blank=True
    )
    senior_from_grade = models.PositiveSmallIntegerField(_("senior grades from"), default=10)

    class Meta:
        verbose_name = _("academic year")
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="year_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def scheme_for_grade(self, grade: int) -> str:
        if self.senior_period_scheme and grade >= self.senior_from_grade:
            return self.senior_period_scheme
        return self.period_scheme

    def contains(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


class Period(models.Model):
    """A quarter, trimester or half of an academic year; it gets a period mark."""

    academic_year = models.ForeignKey(AcademicYear, on_delete=models.CASCADE, related_name="periods")
    scheme = models.CharField(_("scheme"), max_length=16, choices=PeriodScheme.choices)
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=50)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        verbose_name = _("period")
        ordering = ["academic_year", "scheme", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["academic_year", "scheme", "number"], name="period_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="period_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.academic_year}"


class Holiday(models.Model):
    """School holidays (каникулы): no lessons are generated on these days."""

    academic_year = models.ForeignKey(AcademicYear, on_delete=models.CASCADE, related_name="holidays")
    name = models.CharField(_("name"), max_length=100)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        verbose_name = _("holidays")
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="holiday_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name
