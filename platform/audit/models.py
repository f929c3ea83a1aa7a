"""One audit row per change an admin or operator makes. Append-only; in every schema.

In a region's schema the rows are that region's audit and `actor` is one of
its people; in public they are the federal audit, `actor` a federal operator,
and `region_code` names the region a change was about (if any).
"""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone


class AuditEntry(models.Model):
    """Who (`actor`, None for the system: a command run on the server), when, what, before → after.

    In a region this is also the journal's history (marks, attendance, final
    marks): `target_type` mark / attendance / final_mark, `person` the pupil.
    """

    at = models.DateTimeField(default=timezone.now, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # e.g. "mark_kind.changed", "region.suspended"
    action = models.CharField(max_length=64)
    target_type = models.CharField(max_length=32)
    target_id = models.CharField(max_length=64)
    target_label = models.CharField(max_length=300, blank=True)
    region_code = models.CharField(max_length=6, blank=True)
    # Whose record it is, when the change is about one person: a pupil's mark, attendance, enrolment.
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The fields that changed: their values before (None when created) and after (None when removed).
    before = models.JSONField(null=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(null=True, encoder=DjangoJSONEncoder)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["-at", "-id"], name="audit_at_idx"),
            models.Index(fields=["action", "-at"], name="audit_action_idx"),
            models.Index(fields=["actor", "-at"], name="audit_actor_idx"),
            models.Index(fields=["region_code", "-at"], name="audit_region_idx"),
            models.Index(fields=["target_type", "target_id", "at"], name="audit_target_idx"),
            models.Index(fields=["person", "-at"], name="audit_person_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.target_type} {self.target_id} at {self.at}"
