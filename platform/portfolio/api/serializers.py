"""Input and output shapes of the portfolio API. Validation of values lives in the services."""

from __future__ import annotations

from rest_framework import serializers

from myschool.fields import DateField
from myschool.serializers import RegionDateTimeField
from portfolio.models import Achievement, AchievementStatus


class AchievementPersonOutput(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()


class AchievementInput(serializers.Serializer):
    """Kind, level and result take the codes listed in the schema's descriptions."""

    kind = serializers.CharField(allow_blank=True, help_text="olympiad | competition | extra_education")
    title = serializers.CharField(allow_blank=True)
    level = serializers.CharField(
        allow_blank=True, help_text="school | municipal | regional | federal | international"
    )
    result = serializers.CharField(
        allow_blank=True, help_text="winner | prize_winner | participant | completed (extra education)"
    )
    achieved_on = DateField()
    subject = serializers.CharField(required=False, allow_blank=True)
    organiser = serializers.CharField(required=False, allow_blank=True)
    certificate_url = serializers.CharField(required=False, allow_blank=True)


class AchievementReviewInput(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class AchievementFilter(serializers.Serializer):
    status = serializers.ChoiceField(choices=AchievementStatus.choices, required=False)


class AchievementOutput(serializers.ModelSerializer):
    pupil = AchievementPersonOutput()
    added_by = AchievementPersonOutput()
    reviewed_by = AchievementPersonOutput(allow_null=True)
    reviewed_at = RegionDateTimeField(allow_null=True)
    created_at = RegionDateTimeField()

    class Meta:
        model = Achievement
        fields = [
            "id",
            "pupil",
            "kind",
            "title",
            "subject",
            "level",
            "result",
            "organiser",
            "achieved_on",
            "certificate_url",
            "status",
            "added_by",
            "reviewed_by",
            "reviewed_at",
            "review_note",
            "created_at",
        ]
