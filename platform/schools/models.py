"""Schools, subjects, class groups and who belongs where. Region schema.

People themselves are accounts.User rows of the region; these models say which
school they work at, which class group a pupil is enrolled in and when, who
teaches what to whom, and which parents represent which pupils.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from academics.models import AcademicYear, GradingScale


class School(models.Model):
    name = models.CharField(_("name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("school")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name


class StaffMembership(models.Model):
    """A school admin or teacher working at a school (a teacher may work at several)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="staff")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_memberships"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["school", "user"], name="staff_unique")]

    def __str__(self) -> str:
        return f"{self.user_id}@{self.school_id}"


class Subject(models.Model):
    """A subject taught in the region, with the scale its marks use."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    grading_scale = models.ForeignKey(GradingScale, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("subject")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ClassGroup(models.Model):
    """A class such as 5А: grade 1–11 and a letter, in one school and one school year."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="class_groups")
    academic_year = models.ForeignKey(AcademicYear, on_delete=models.PROTECT, related_name="class_groups")
    grade = models.PositiveSmallIntegerField(_("grade"))
    letter = models.CharField(_("letter"), max_length=4)
    class_teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("class group")
        ordering = ["school", "grade", "letter"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "academic_year", "grade", "letter"], name="class_group_unique"
            ),
            models.CheckConstraint(condition=Q(grade__gte=1, grade__lte=11), name="class_group_grade_1_11"),
        ]

    def __str__(self) -> str:
        return f"{self.grade}{self.letter}"

    @property
    def name(self) -> str:
        return str(self)


class Enrolment(models.Model):
    """A pupil in a class group from one date to another (open-ended while current).

    A pupil moving class mid-year gets a new enrolment; the old one keeps its
    dates, so marks given before the move still belong to the old class group.
    """

    pupil = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments")
    class_group = models.ForeignKey(ClassGroup, on_delete=models.CASCADE, related_name="enrolments")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["starts_on"]
        indexes = [models.Index(fields=["class_group", "starts_on"], name="enrolment_group_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="enrolment_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pupil_id} in {self.class_group_id} from {self.starts_on}"


def enrolled_during(starts_on: Any, ends_on: Any = None) -> Q:
    """An Enrolment filter: in force on some day from `starts_on` to `ends_on` (on `starts_on`
    alone without `ends_on`). The bounds are dates or expressions (OuterRef, a prepared Param)."""
    ends_on = starts_on if ends_on is None else ends_on
    return Q(starts_on__lte=ends_on) & (Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on))


class TeachingAssignment(models.Model):
    """A teacher teaching a subject to a class group: it opens that journal to them."""

    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments"
    )
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="+")
    class_group = models.ForeignKey(ClassGroup, on_delete=models.CASCADE, related_name="assignments")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["teacher", "subject", "class_group"], name="assignment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.teacher_id}: {self.subject_id} {self.class_group_id}"


class Guardianship(models.Model):
    """A parent or legal representative of a pupil."""

    parent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="children_links"
    )
    child = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="parent_links")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["parent", "child"], name="guardianship_unique")]

    def __str__(self) -> str:
        return f"{self.parent_id} -> {self.child_id}"
