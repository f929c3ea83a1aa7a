"""Input and output shapes of the audit APIs."""

from __future__ import annotations

from rest_framework import serializers

from audit.models import AuditEntry


class AuditActorOutput(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    full_name = serializers.CharField()


class AuditEntryOutput(serializers.ModelSerializer):
    actor = AuditActorOutput(allow_null=True, help_text="null: the system (a command run on the server)")
    before = serializers.JSONField(allow_null=True, help_text="the changed fields' values before")
    after = serializers.JSONField(allow_null=True, help_text="the changed fields' values after")

    class Meta:
        model = AuditEntry
        fields = ["id", "at", "actor", "action", "target_type", "target_id", "target_label", "region_code",
                  "before", "after"]


class AuditFilter(serializers.Serializer):
    actor = serializers.IntegerField(required=False, help_text="id of the person who acted")
    action = serializers.CharField(
        required=False, help_text="an action (mark_kind.changed) or its start (mark_kind)"
    )
    target_type = serializers.CharField(required=False, help_text="e.g. school, mark_kind, region")


class FederalAuditFilter(AuditFilter):
    region = serializers.CharField(required=False, help_text="the region's code, e.g. RU-MOS")
