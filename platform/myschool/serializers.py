"""Output shapes every region API shares: references to named things and people, periods, local moments.

One class per shape, so the OpenAPI schema has one component for each.
"""

from __future__ import annotations

from datetime import tzinfo
from zoneinfo import ZoneInfo

from rest_framework import serializers


class RefOutput(serializers.Serializer):
    """Something named: a school, class group, subject, school year."""

    id = serializers.IntegerField()
    name = serializers.CharField()


class PersonRefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()


class PeriodRefOutput(RefOutput):
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()


class RegionDateTimeField(serializers.DateTimeField):
    """A moment shown in the region's time zone, with its offset (context["region"])."""

    def default_timezone(self) -> tzinfo:
        return ZoneInfo(self.context["region"].time_zone)
