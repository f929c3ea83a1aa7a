"""Regions of the federation and their host names. Public schema."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin


class RegionStatus(models.TextChoices):
    ONBOARDING = "onboarding", _("Onboarding")
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")


class Region(TenantMixin):
    """A regional segment: one PostgreSQL schema holding that region's data."""

    code = models.CharField(_("ISO 3166-2 code"), max_length=6, unique=True)
    name = models.CharField(_("official name"), max_length=200)
    time_zone = models.CharField(_("time zone"), max_length=64)
    status = models.CharField(
        _("status"), max_length=16, choices=RegionStatus.choices, default=RegionStatus.ONBOARDING
    )
    # Why the region is suspended, shown to its people on the 503 page; empty otherwise.
    suspension_reason = models.TextField(_("reason for suspension"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # The onboarding service creates the schema itself, inside the same
    # transaction as this row, and never drops schemas implicitly.
    auto_create_schema = False
    auto_drop_schema = False

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Domain(DomainMixin):
    """A host name that routes to a region."""


class RunState(models.TextChoices):
    PENDING = "pending", _("Pending")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class OnboardingRun(models.Model):
    """One region's onboarding: what was asked for and how far it got.

    There is at most one run per region code; asking again resumes it.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    region_code = models.CharField(max_length=6, unique=True)
    region_name = models.CharField(max_length=200)
    time_zone = models.CharField(max_length=64)
    admin_email = models.EmailField()
    domain = models.CharField(max_length=253)
    state = models.CharField(max_length=16, choices=RunState.choices, default=RunState.PENDING)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"onboarding {self.region_code} ({self.state})"


class OnboardingStep(models.Model):
    run = models.ForeignKey(OnboardingRun, related_name="steps", on_delete=models.CASCADE)
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=64)
    state = models.CharField(max_length=16, choices=RunState.choices, default=RunState.PENDING)
    error = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["run", "position"]
        constraints = [
            models.UniqueConstraint(fields=["run", "name"], name="onboarding_step_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.state})"
