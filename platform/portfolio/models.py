"""A pupil's achievements: olympiads, competitions, extra education. Region schema."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AchievementKind(models.TextChoices):
    OLYMPIAD = "olympiad", _("Olympiad")
    COMPETITION = "competition", _("Competition")
    EXTRA_EDUCATION = "extra_education", _("Extra education certificate")


class AchievementLevel(models.TextChoices):
    SCHOOL = "school", _("School")
    MUNICIPAL = "municipal", _("Municipal")
    REGIONAL = "regional", _("Regional")
    FEDERAL = "federal", _("Federal")
    INTERNATIONAL = "international", _("International")


class AchievementResult(models.TextChoices):
    WINNER = "winner", _("Winner")
    PRIZE_WINNER = "prize_winner", _("Prize winner")
    PARTICIPANT = "participant", _("Participant")
    COMPLETED = "completed", _("Completed")


class AchievementStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")


class Achievement(models.Model):
    pupil = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="achievements")
    kind = models.CharField(_("kind"), max_length=20, choices=AchievementKind.choices)
    title = models.CharField(_("title"), max_length=300)
    subject = models.CharField(_("subject"), max_length=100, blank=True)
    level = models.CharField(_("level"), max_length=20, choices=AchievementLevel.choices)
    result = models.CharField(_("result"), max_length=20, choices=AchievementResult.choices)
    organiser = models.CharField(_("organiser"), max_length=300, blank=True)
    achieved_on = models.DateField(_("date"))
    certificate_url = models.URLField(_("certificate"), max_length=1000, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=AchievementStatus.choices, default=AchievementStatus.PENDING
    )
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("achievement")
        ordering = ["-achieved_on", "-id"]

    def __str__(self) -> str:
        return self.title
