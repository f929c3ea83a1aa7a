"""Input and output shapes of the region settings API. Validation of meaning lives in the services."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import serializers

from academics.models import AcademicYear, GradingScale, Holiday, MarkKind, Period, PeriodScheme
from myschool.fields import DateField
from tenants.models import Region


class RegionSettingsOutput(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["code", "name", "time_zone"]


class RegionSettingsInput(serializers.Serializer):
    """A PATCH: the settings it names change, the others stay; it must name at least one."""

    time_zone = serializers.CharField(help_text="IANA time zone, e.g. Asia/Kamchatka")

    def validate(self, attrs: dict) -> dict:
        fixed = sorted(set(self.initial_data) - set(self.fields))
        if fixed:
            raise serializers.ValidationError(
                {name: [_("This setting cannot be changed here.")] for name in fixed}
            )
        if not attrs:
            raise serializers.ValidationError({"time_zone": [_("Name a setting to change.")]})
        return attrs


class GradingScaleValueOutput(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    points = serializers.IntegerField(allow_null=True, help_text="null on scales that are not averaged")


class GradingScaleOutput(serializers.ModelSerializer):
    values = GradingScaleValueOutput(many=True)

    class Meta:
        model = GradingScale
        fields = ["code", "name", "is_enabled", "values"]


class MarkKindOutput(serializers.ModelSerializer):
    class Meta:
        model = MarkKind
        fields = ["code", "name", "weight", "is_active"]


class MarkKindFilter(serializers.Serializer):
    is_active = serializers.BooleanField(required=False, allow_null=True, default=None)


class MarkKindInput(serializers.Serializer):
    code = serializers.CharField(max_length=32, help_text="Latin letters, digits, - and _, e.g. test")
    name = serializers.CharField(max_length=100)
    weight = serializers.DecimalField(max_digits=4, decimal_places=2, help_text="Above 0, at most 10")


class MarkKindChangeInput(serializers.Serializer):
    name = serializers.CharField(max_length=100, required=False)
    weight = serializers.DecimalField(max_digits=4, decimal_places=2, required=False)
    is_active = serializers.BooleanField(required=False, help_text="false: not offered for new marks")


class DateRangeInput(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    starts_on = DateField()
    ends_on = DateField()


class HolidayInput(DateRangeInput):
    name = serializers.CharField(max_length=100)


class AcademicYearInput(serializers.Serializer):
    name = serializers.CharField(max_length=20, help_text="e.g. 2026/2027")
    starts_on = DateField()
    ends_on = DateField()
    period_scheme = serializers.ChoiceField(PeriodScheme.choices, help_text="The scheme of most grades")
    periods = serializers.DictField(
        child=DateRangeInput(many=True),
        help_text='Periods per scheme in use, in order, e.g. {"quarters": [...4], "halves": [...2]}',
    )
    holidays = HolidayInput(many=True, required=False, default=list)
    senior_period_scheme = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Another scheme for senior grades, e.g. halves",
    )
    senior_from_grade = serializers.IntegerField(required=False, default=10, min_value=1, max_value=11)


class PeriodOutput(serializers.ModelSerializer):
    scheme = serializers.CharField(help_text="quarters | trimesters | halves")

    class Meta:
        model = Period
        fields = ["id", "scheme", "number", "name", "starts_on", "ends_on"]


class HolidayOutput(serializers.ModelSerializer):
    class Meta:
        model = Holiday
        fields = ["name", "starts_on", "ends_on"]


class AcademicYearOutput(serializers.ModelSerializer):
    period_scheme = serializers.CharField(help_text="quarters | trimesters | halves")
    senior_period_scheme = serializers.CharField(help_text="Empty, or the senior grades' own scheme")
    periods = PeriodOutput(many=True)
    holidays = HolidayOutput(many=True)

    class Meta:
        model = AcademicYear
        fields = [
            "id",
            "name",
            "starts_on",
            "ends_on",
            "period_scheme",
            "senior_period_scheme",
            "senior_from_grade",
            "periods",
            "holidays",
        ]
