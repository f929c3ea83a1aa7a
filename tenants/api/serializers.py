"""Input and output shapes of the federation API. Validation lives in the services."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import serializers

from tenants.models import OnboardingRun, OnboardingStep, Region
from tenants.selectors import region_url


class OnboardingInput(serializers.Serializer):
    code = serializers.CharField(help_text="ISO 3166-2 code, e.g. RU-MOS")
    name = serializers.CharField(help_text="Official name in Russian")
    time_zone = serializers.CharField(required=False, help_text="IANA time zone, e.g. Europe/Moscow")
    timezone = serializers.CharField(
        required=False, write_only=True,
        help_text="Deprecated: the old name of `time_zone`, accepted until the next release.",
    )
    admin_email = serializers.CharField(help_text="E-mail of the region's first administrator")
    domain = serializers.CharField(required=False, allow_blank=True,
                                   help_text="Host name; defaults to <code>.<BASE_DOMAIN>")

    def validate(self, attrs: dict) -> dict:
        # `timezone` was this field's name before `time_zone`, the name every other API uses.
        old = attrs.pop("timezone", None)
        if "time_zone" not in attrs:
            if old is None:
                raise serializers.ValidationError({"time_zone": [_("This field is required.")]})
            attrs["time_zone"] = old
        return attrs


class OnboardingStepOutput(serializers.ModelSerializer):
    class Meta:
        model = OnboardingStep
        fields = ["name", "state", "error", "attempts", "started_at", "finished_at"]


class OnboardingRunOutput(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="onboarding-detail", lookup_field="pk")
    region_url = serializers.SerializerMethodField()
    steps = OnboardingStepOutput(many=True, read_only=True)

    class Meta:
        model = OnboardingRun
        fields = ["id", "url", "region_code", "region_name", "time_zone", "admin_email", "domain",
                  "state", "error", "created_at", "finished_at", "region_url", "steps"]

    def get_region_url(self, run: OnboardingRun) -> str | None:
        from tenants.selectors import host_url

        return host_url(run.domain) if run.state == "done" else None


class RegionOutput(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Region
        fields = ["code", "name", "time_zone", "status", "schema_name", "url", "created_at"]

    def get_url(self, region: Region) -> str:
        return region_url(region)


class RegionChangeInput(serializers.Serializer):
    name = serializers.CharField(help_text="The region's new official name (its code and host stay)")
