"""The weekly timetable of class groups and the dated lessons it generates. Region schema.

Lessons keep their date and wall-clock times in the region's local time: a
lesson at 08:30 is at 08:30 on that date for the school whatever the offset,
and the API adds the region's offset when it shows it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from schools.models import ClassGroup, Subject


class TimetableEntry(models.Model):
    """One weekly slot: on `weekday` (1 = Monday), lesson `number` of a class group."""

    class_group = models.ForeignKey(ClassGroup, on_delete=models.CASCADE, related_name="timetable")
    weekday = models.PositiveSmallIntegerField(_("weekday"))
    number = models.PositiveSmallIntegerField(_("lesson number"))
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="+")
    teacher = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    room = models.CharField(_("room"), max_length=30, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("timetable entry")
        ordering = ["class_group", "weekday", "number"]
        constraints = [
            models.CheckConstraint(condition=Q(weekday__gte=1, weekday__lte=7), name="timetable_weekday_1_7"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="timetable_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="timetable_valid_until_after_from",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.class_group} {self.weekday}/{self.number}"


class LessonStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class Lesson(models.Model):
    """A dated lesson. Generated from a timetable entry (once per date) or added by hand."""

    class_group = models.ForeignKey(ClassGroup, on_delete=models.CASCADE, related_name="lessons")
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="+")
    teacher = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    room = models.CharField(_("room"), max_length=30, blank=True)
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    topic = models.CharField(_("topic"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=LessonStatus.choices, default=LessonStatus.SCHEDULED
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    timetable_entry = models.ForeignKey(
        TimetableEntry, on_delete=models.SET_NULL, null=True, blank=True, related_name="lessons"
    )
    # The date the timetable gave it, kept when the lesson is moved, so that
    # generating the timetable again never re-creates a moved lesson.
    scheduled_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("lesson")
        ordering = ["date", "starts_at"]
        indexes = [
            models.Index(fields=["class_group", "date"], name="lesson_group_date_idx"),
            models.Index(fields=["teacher", "date"], name="lesson_teacher_date_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["timetable_entry", "scheduled_on"], name="lesson_once_per_entry_date"
            ),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="lesson_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.starts_at:%H:%M} {self.class_group}"
