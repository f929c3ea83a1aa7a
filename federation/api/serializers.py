from __future__ import annotations

from rest_framework import serializers

from federation.models import Delivery, Release


class ReleaseInput(serializers.Serializer):
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    canary_regions = serializers.ListField(child=serializers.CharField(), required=False, default=list)


class ProgressOutput(serializers.Serializer):
    done = serializers.IntegerField()
    total = serializers.IntegerField()
    by_state = serializers.DictField(child=serializers.IntegerField())


class ReleaseOutput(serializers.ModelSerializer):
    canary_regions = serializers.ListField(source="canary_region_codes", child=serializers.CharField())
    regions_done = serializers.IntegerField(read_only=True, required=False)
    regions_total = serializers.IntegerField(read_only=True, required=False)

    class Meta:
        model = Release
        fields = ["sequence", "notes", "canary_regions", "promoted_at", "added", "changed", "withdrawn",
                  "cut_at", "regions_done", "regions_total"]


class DeliveryOutput(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code")

    class Meta:
        model = Delivery
        fields = ["region", "state", "attempts", "last_error", "added", "changed", "withdrawn",
                  "queued_at", "started_at", "finished_at"]


class ReleaseDetailOutput(serializers.Serializer):
    release = ReleaseOutput()
    progress = ProgressOutput()
    regions = DeliveryOutput(many=True)


class MaterialChangeOutput(serializers.Serializer):
    homework_id = serializers.IntegerField(allow_null=True)
    lesson_id = serializers.IntegerField(allow_null=True)
    item_id = serializers.UUIDField()
    title = serializers.CharField()
    given_version = serializers.IntegerField()
    new_version = serializers.IntegerField(allow_null=True)
    withdrawn = serializers.BooleanField()


class ReleaseDiffOutput(serializers.Serializer):
    sequence = serializers.IntegerField()
    region = serializers.CharField(source="region_code")
    added = serializers.IntegerField()
    changed = serializers.IntegerField()
    withdrawn = serializers.IntegerField()
    affected_homework = serializers.IntegerField()
    affected_lessons = serializers.IntegerField()


class RegionReleaseOutput(serializers.Serializer):
    """A pending release as its region sees it: notes, its diff and the materials it touches."""

    release = ReleaseOutput()
    diff = ReleaseDiffOutput()
    materials = MaterialChangeOutput(many=True, source="diff.affected_materials")


class RegionSyncOutput(serializers.Serializer):
    region = serializers.CharField(source="code")
    name = serializers.CharField()
    applied_sequence = serializers.IntegerField()
    lag = serializers.IntegerField()
    status = serializers.CharField(
        help_text="up_to_date when the lag is 0; else suspended, failed, applying, deferred, "
                  "queued (its sync request is on the broker) or pending"
    )
    since = serializers.DateTimeField(allow_null=True, help_text="queued or applying since; last applied")
    worker = serializers.CharField(help_text="host:pid applying it, while applying")
    attempts = serializers.IntegerField()
    last_error = serializers.CharField()
    deferred_sequence = serializers.IntegerField(allow_null=True)
    deferred_until = serializers.DateTimeField(allow_null=True)


class DeferralInput(serializers.Serializer):
    until = serializers.DateTimeField()
