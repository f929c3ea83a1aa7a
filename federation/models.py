"""The sync layer's bookkeeping: releases, the outbox, and each region's progress. Public schema."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from shared_library.models import ItemVersion, LibraryItem
from tenants.models import Region


class Release(models.Model):
    """The library's changes since the previous release, numbered without gaps."""

    sequence = models.PositiveIntegerField(primary_key=True)
    notes = models.TextField(_("notes"), blank=True)
    # Codes of the regions that get this release first; empty means everyone at once.
    canary_region_codes = ArrayField(models.CharField(max_length=6), default=list, blank=True)
    # When the release opened to every region; null while only the canaries may apply it.
    promoted_at = models.DateTimeField(null=True, blank=True)
    added = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    withdrawn = models.PositiveIntegerField(default=0)
    cut_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    cut_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("release")
        ordering = ["sequence"]

    def __str__(self) -> str:
        return f"release {self.sequence}"


class EntryAction(models.TextChoices):
    PUBLISH = "publish", _("Published or updated")
    WITHDRAW = "withdraw", _("Withdrawn")


class ReleaseEntry(models.Model):
    """One item's state as of a release: the version to hold, or its withdrawal."""

    release = models.ForeignKey(Release, on_delete=models.PROTECT, related_name="entries")
    item = models.ForeignKey(LibraryItem, on_delete=models.PROTECT, related_name="+")
    version = models.ForeignKey(ItemVersion, null=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=16, choices=EntryAction.choices)
    # False when an earlier release already carried the item.
    is_new = models.BooleanField()
    collections = ArrayField(models.UUIDField(), default=list)
    withdrawn_reason = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["release", "item"], name="release_entry_unique_item"),
        ]
        indexes = [models.Index(fields=["item", "release"], name="release_entry_item_idx")]

    def __str__(self) -> str:
        return f"{self.action} {self.item_id} in release {self.release_id}"


class OutboxMessage(models.Model):
    """Work for the broker, written in the same transaction as what caused it.

    A dispatcher sends undelivered messages after commit and again on a
    schedule, so a broker that is down when a release is cut loses nothing.
    """

    topic = models.CharField(max_length=64)
    payload = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["id"], name="outbox_undelivered_idx",
                                condition=models.Q(dispatched_at__isnull=True))]

    def __str__(self) -> str:
        return f"{self.topic} #{self.pk}"


class SyncStatus(models.TextChoices):
    UP_TO_DATE = "up_to_date", _("Up to date")
    PENDING = "pending", _("Pending")
    QUEUED = "queued", _("Queued")
    APPLYING = "applying", _("Applying")
    DEFERRED = "deferred", _("Deferred")
    FAILED = "failed", _("Failed")
    SUSPENDED = "suspended", _("Suspended")


class RegionSync(models.Model):
    """How far a region's catalogue is: the last release applied, in order."""

    region = models.OneToOneField(Region, primary_key=True, on_delete=models.CASCADE,
                                  related_name="sync")
    applied_sequence = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=16, choices=SyncStatus.choices, default=SyncStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    last_applied_at = models.DateTimeField(null=True, blank=True)
    # The region holds back releases from `deferred_sequence` on until `deferred_until`.
    deferred_sequence = models.PositiveIntegerField(null=True, blank=True)
    deferred_until = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("region sync state")

    def __str__(self) -> str:
        return f"{self.region_id} at {self.applied_sequence}"


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("Pending")
    QUEUED = "queued", _("Queued")
    APPLYING = "applying", _("Applying")
    DONE = "done", _("Done")
    DEFERRED = "deferred", _("Deferred")
    FAILED = "failed", _("Failed")


class Delivery(models.Model):
    """One release for one region: the fan-out, tracked row by row.

    (region, release) is unique, so a task is queued for it at most once at a
    time; attempts are counted here, and a release that keeps failing stops in
    the failed state with its error instead of being redelivered forever.
    """

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="deliveries")
    release = models.ForeignKey(Release, on_delete=models.PROTECT, related_name="deliveries")
    state = models.CharField(max_length=16, choices=DeliveryState.choices, default=DeliveryState.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # What applying it did in this region.
    added = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    withdrawn = models.PositiveIntegerField(default=0)
    # When its sync request reached the broker (not when it was asked for).
    queued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    # Host and process applying it (while `applying`, and of the last attempt after).
    worker = models.CharField(max_length=200, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        ordering = ["release", "region"]
        constraints = [
            models.UniqueConstraint(fields=["region", "release"], name="delivery_unique_region_release"),
        ]
        indexes = [models.Index(fields=["release", "state"], name="delivery_release_state_idx")]

    def __str__(self) -> str:
        return f"release {self.release_id} → {self.region_id}: {self.state}"
