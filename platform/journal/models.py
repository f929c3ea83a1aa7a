"""What teachers record: marks, attendance, homework, period and year marks, and their history.

Region schema. A mark copies its points and weight when given, so later changes
to scales or weights never change it. Every change to a mark, attendance or a
final mark writes a row of the region's audit (platform/audit) with who, when,
the old and new values: the journal's history.
"""

from __future__ import annotations

from uuid import uuid4

from django.conf import settings
from django.db import connection, models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from academics.models import AcademicYear, MarkKind, Period
from schedule.models import Lesson
from schools.models import ClassGroup, Subject


class Mark(models.Model):
    lesson = models.ForeignKey(Lesson, on_delete=models.PROTECT, related_name="marks")
    pupil = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="marks")
    value = models.CharField(_("mark"), max_length=16)
    points = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    kind = models.ForeignKey(MarkKind, on_delete=models.PROTECT, related_name="+")
    weight = models.DecimalField(_("weight"), max_digits=4, decimal_places=2)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("mark")
        indexes = [
            models.Index(fields=["lesson"], name="mark_lesson_idx", condition=Q(deleted_at__isnull=True)),
            models.Index(
                fields=["pupil", "lesson"], name="mark_pupil_idx", condition=Q(deleted_at__isnull=True)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.value} ({self.kind_id})"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent")
    LATE = "late", _("Late")
    EXCUSED = "excused", _("Excused")


class Attendance(models.Model):
    """A pupil's attendance at a lesson; no row means present."""

    lesson = models.ForeignKey(Lesson, on_delete=models.PROTECT, related_name="attendance")
    pupil = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="attendance")
    status = models.CharField(_("status"), max_length=16, choices=AttendanceStatus.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        constraints = [models.UniqueConstraint(fields=["lesson", "pupil"], name="attendance_once_per_lesson")]
        indexes = [models.Index(fields=["pupil"], name="attendance_pupil_idx")]

    def __str__(self) -> str:
        return f"{self.status} {self.pupil_id}@{self.lesson_id}"


class Homework(models.Model):
    """Homework set at a lesson, due on a date or at a later lesson."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="homework")
    # The lesson's class group, kept here so "what is due this week in 5А?" is one index range.
    class_group = models.ForeignKey(ClassGroup, on_delete=models.CASCADE, related_name="homework")
    text = models.TextField(_("text"))
    due_on = models.DateField(_("due on"))
    due_lesson = models.ForeignKey(Lesson, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("homework")
        ordering = ["due_on", "id"]
        # The diary asks "what is due this week in my class group?".
        indexes = [models.Index(fields=["class_group", "due_on"], name="homework_group_due_idx")]

    def __str__(self) -> str:
        return self.text[:50]


def homework_file_path(attachment: HomeworkAttachment, filename: str) -> str:
    """<region schema>/homework/<yyyy>/<mm>/<random>/<name>: each region's files apart, paths unguessable."""
    return f"{connection.schema_name}/homework/{timezone.now():%Y/%m}/{uuid4().hex}/{filename}"


class HomeworkAttachment(models.Model):
    """A file or a link attached to homework."""

    homework = models.ForeignKey(Homework, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to=homework_file_path, blank=True)
    url = models.URLField(_("link"), max_length=1000, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(file="") | ~Q(url=""), name="attachment_file_or_url"),
        ]

    def __str__(self) -> str:
        return self.title


class FinalMark(models.Model):
    """A period mark (period set) or a year mark (period empty), set by the teacher."""

    pupil = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="final_marks")
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="+")
    academic_year = models.ForeignKey(AcademicYear, on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    value = models.CharField(_("mark"), max_length=16)
    points = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("final mark")
        constraints = [
            models.UniqueConstraint(
                fields=["pupil", "subject", "period"],
                name="final_mark_once_per_period",
                condition=Q(period__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["pupil", "subject", "academic_year"],
                name="final_mark_once_per_year",
                condition=Q(period__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.value


class ChangeKind(models.TextChoices):
    MARK = "mark", _("Mark")
    ATTENDANCE = "attendance", _("Attendance")
    FINAL_MARK = "final_mark", _("Final mark")
