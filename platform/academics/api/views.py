"""Region API: the region's settings (time zone, grading scales, mark kinds, school years).

Staff read them (access.fetch refuses others with 403: these are region-wide
pages, there is nothing to hide by id); only the region admin changes them,
which the services check.
Changing a setting never rewrites marks already given: a mark keeps the points
and weight it was given with, and lessons keep their wall-clock times.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from academics import selectors, services
from academics.api.serializers import (
    AcademicYearInput,
    AcademicYearOutput,
    GradingScaleOutput,
    MarkKindChangeInput,
    MarkKindFilter,
    MarkKindInput,
    MarkKindOutput,
    RegionSettingsInput,
    RegionSettingsOutput,
)
from access.fetch import require_settings_reader
from myschool.region_api import RegionApiView
from tenants.services.region_settings import update_region_time_zone


class RegionSettingsApi(RegionApiView):
    """The region's code, name and time zone; the region admin changes the time zone.

    Lessons keep their wall-clock times: a new zone changes only the offset shown with them.
    """

    @extend_schema(responses=RegionSettingsOutput)
    def get(self, request: Request) -> Response:
        require_settings_reader(request.user)
        return Response(RegionSettingsOutput(self.region).data)

    @extend_schema(request=RegionSettingsInput, responses=RegionSettingsOutput)
    def patch(self, request: Request) -> Response:
        data = RegionSettingsInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        region = self.region
        if "time_zone" in data.validated_data:
            region = update_region_time_zone(
                region=region, time_zone=data.validated_data["time_zone"], actor=request.user
            )
        return Response(RegionSettingsOutput(region).data)


class GradingScaleListApi(RegionApiView):
    """The grading scales of the region, in use or not."""

    @extend_schema(responses=GradingScaleOutput(many=True))
    def get(self, request: Request) -> Response:
        require_settings_reader(request.user)
        return self.paginated(selectors.grading_scales(), GradingScaleOutput)


class GradingScaleSwitchApi(RegionApiView):
    """Put a grading scale in use for new subjects, or out of use. Marks already given are kept."""

    enabled: bool = True

    @extend_schema(request=None, responses=GradingScaleOutput)
    def post(self, request: Request, code: str) -> Response:
        scale = services.set_grading_scale_enabled(
            region=self.region, code=code, enabled=self.enabled, actor=request.user
        )
        return Response(GradingScaleOutput(scale).data)


class MarkKindListApi(RegionApiView):
    """Mark kinds with their weights (filter `is_active`); the region admin adds one."""

    @extend_schema(parameters=[MarkKindFilter], responses=MarkKindOutput(many=True))
    def get(self, request: Request) -> Response:
        require_settings_reader(request.user)
        filters = MarkKindFilter(data=request.query_params)
        filters.is_valid(raise_exception=True)
        return self.paginated(
            selectors.mark_kinds(active=filters.validated_data["is_active"]), MarkKindOutput
        )

    @extend_schema(request=MarkKindInput, responses={201: MarkKindOutput})
    def post(self, request: Request) -> Response:
        data = MarkKindInput(data=request.data)
        data.is_valid(raise_exception=True)
        kind = services.create_mark_kind(region=self.region, actor=request.user, **data.validated_data)
        return Response(MarkKindOutput(kind).data, status=status.HTTP_201_CREATED)


class MarkKindDetailApi(RegionApiView):
    """One mark kind; the region admin renames it, changes its weight or takes it out of use.

    Marks already given keep the weight they were given with.
    """

    @extend_schema(responses=MarkKindOutput)
    def get(self, request: Request, code: str) -> Response:
        require_settings_reader(request.user)
        return Response(MarkKindOutput(selectors.get_mark_kind(code)).data)

    @extend_schema(request=MarkKindChangeInput, responses=MarkKindOutput)
    def patch(self, request: Request, code: str) -> Response:
        kind = selectors.get_mark_kind(code)
        data = MarkKindChangeInput(data=request.data)
        data.is_valid(raise_exception=True)
        kind = services.change_mark_kind(
            region=self.region, kind=kind, actor=request.user, **data.validated_data
        )
        return Response(MarkKindOutput(kind).data)


class AcademicYearListApi(RegionApiView):
    """School years with their periods and holidays, latest first; the region admin adds one."""

    @extend_schema(responses=AcademicYearOutput(many=True))
    def get(self, request: Request) -> Response:
        require_settings_reader(request.user)
        return self.paginated(selectors.academic_years(), AcademicYearOutput)

    @extend_schema(request=AcademicYearInput, responses={201: AcademicYearOutput})
    def post(self, request: Request) -> Response:
        data = AcademicYearInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        year = services.create_academic_year(
            region=self.region,
            name=fields["name"],
            starts_on=fields["starts_on"],
            ends_on=fields["ends_on"],
            period_scheme=fields["period_scheme"],
            periods={
                scheme: [services.DateRange(**r) for r in ranges]
                for scheme, ranges in fields["periods"].items()
            },
            holidays=[services.DateRange(**h) for h in fields["holidays"]],
            senior_period_scheme=fields["senior_period_scheme"],
            senior_from_grade=fields["senior_from_grade"],
            actor=request.user,
        )
        return Response(
            AcademicYearOutput(selectors.get_academic_year(year.pk)).data, status=status.HTTP_201_CREATED
        )


class AcademicYearDetailApi(RegionApiView):
    """One school year with its periods (per scheme) and holidays."""

    @extend_schema(responses=AcademicYearOutput)
    def get(self, request: Request, pk: str) -> Response:
        require_settings_reader(request.user)
        return Response(AcademicYearOutput(selectors.get_academic_year(pk)).data)
