"""Input and output shapes of the schedule API. Validation of meaning lives in the services.

A lesson's times are shown as ISO datetimes with the region's offset; the
timetable's times are wall-clock times of a weekly slot, without a date.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Role, User
from myschool.fields import DateField, WallClockTimeField
from myschool.serializers import PersonRefOutput, RefOutput
from schedule.models import Lesson
from schedule.times import region_datetime
from schools.models import Subject


class TimetableFilter(serializers.Serializer):
    on = DateField(required=False, help_text="Only the entries valid on this date")


# The services' own words (schedule.services.timetable), so that the schema can say 1..7.
WEEKDAY_ERRORS = dict.fromkeys(
    ("min_value", "max_value"), gettext_lazy("The weekday must be from 1 (Monday) to 7 (Sunday).")
)
NUMBER_ERRORS = {"min_value": gettext_lazy("The lesson number must be 1 or more.")}


class TimetableEntryInput(serializers.Serializer):
    weekday = serializers.IntegerField(
        min_value=1, max_value=7, help_text="1 = Monday … 7 = Sunday", error_messages=WEEKDAY_ERRORS
    )
    number = serializers.IntegerField(
        min_value=1, help_text="Lesson number in the day, from 1", error_messages=NUMBER_ERRORS
    )
    starts_at = WallClockTimeField(help_text="Local wall-clock time, e.g. 08:30")
    ends_at = WallClockTimeField()
    subject = serializers.PrimaryKeyRelatedField(queryset=Subject.objects.all())
    teacher = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(role=Role.TEACHER))
    room = serializers.CharField(required=False, allow_blank=True, max_length=30)
    valid_from = DateField(required=False, help_text="Default: the start of the school year")
    valid_until = DateField(required=False, allow_null=True, help_text="Default: open-ended")


class TimetableEffectiveFromInput(serializers.Serializer):
    effective_from = DateField(
        required=False,
        help_text="Lessons from this date on follow the change; default: today in the region",
    )


class TimetableEntryChangeInput(TimetableEntryInput, TimetableEffectiveFromInput):
    """The fields to change (the API reads it with partial=True), and from when."""


class TimetableEntryOutput(serializers.Serializer):
    id = serializers.IntegerField()
    class_group = RefOutput()
    weekday = serializers.IntegerField()
    number = serializers.IntegerField()
    starts_at = WallClockTimeField()
    ends_at = WallClockTimeField()
    subject = RefOutput()
    teacher = PersonRefOutput()
    room = serializers.CharField()
    valid_from = serializers.DateField()
    valid_until = serializers.DateField(allow_null=True)


class TimetableGenerateInput(serializers.Serializer):
    starts_on = DateField()
    ends_on = DateField()


class TimetableGenerateOutput(TimetableGenerateInput):
    created = serializers.IntegerField(help_text="Lessons new in this run (0 when all existed)")


class LessonFilter(serializers.Serializer):
    class_group = serializers.IntegerField(required=False)
    subject = serializers.IntegerField(required=False)
    teacher = serializers.IntegerField(required=False)
    date_from = DateField(required=False, help_text="Local date in the region, inclusive")
    date_to = DateField(required=False, help_text="Local date in the region, inclusive")

    def validate(self, data: dict) -> dict:
        if "date_from" in data and "date_to" in data and data["date_to"] < data["date_from"]:
            raise serializers.ValidationError({"date_to": _("The range must not end before it starts.")})
        return data


class LessonChangeInput(serializers.Serializer):
    topic = serializers.CharField(required=False, allow_blank=True, max_length=300)
    room = serializers.CharField(required=False, allow_blank=True, max_length=30)
    date = DateField(required=False, help_text="Local date in the region")
    starts_at = WallClockTimeField(required=False, help_text="Local wall-clock time")
    ends_at = WallClockTimeField(required=False)


class LessonCancelInput(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


@extend_schema_field(OpenApiTypes.DATETIME)
class LessonTimeField(serializers.Field):
    """The lesson's date at one of its times, ISO 8601 with the region's offset."""

    def __init__(self, time_attribute: str, **kwargs) -> None:
        self.time_attribute = time_attribute
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, lesson: Lesson) -> str:
        at = getattr(lesson, self.time_attribute)
        return region_datetime(self.context["region"], lesson.date, at).isoformat()


class ScheduleLessonOutput(serializers.Serializer):
    id = serializers.IntegerField()
    class_group = RefOutput()
    subject = RefOutput()
    teacher = PersonRefOutput()
    room = serializers.CharField()
    date = serializers.DateField(help_text="Local date in the region")
    starts_at = LessonTimeField("starts_at")
    ends_at = LessonTimeField("ends_at")
    topic = serializers.CharField()
    status = serializers.CharField(help_text="scheduled | cancelled")
    cancel_reason = serializers.CharField()
