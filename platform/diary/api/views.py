"""Region API: the diary of a pupil (their week, averages per subject) and a parent's children.

Whose diary the caller may read is access.fetch.get_pupil_for_user: a pupil
their own, a parent their children's, staff the pupils they see (only the days
the pupil spent in their class groups: after a move, the former school's week
is empty); any other pupil id is answered 404.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from access.fetch import get_pupil_for_user
from accounts.models import Role, User
from diary import selectors
from diary.api.serializers import (
    AveragesFilter,
    ChildOutput,
    DiaryFilter,
    DiaryWeekOutput,
    SubjectAveragesOutput,
    averages_document,
    week_document,
)
from myschool.api_errors import error_body
from myschool.errors import ApplicationError
from myschool.region_api import RegionApiView
from myschool.renderers import DOCUMENT_RENDERERS
from schedule.times import region_today


class ChoosePupil(Exception):
    """A parent asked for a diary without naming which child's."""


class DiaryApiView(RegionApiView):
    """Shared by diary reads: whose diary (`pupil`, or the caller when a pupil)."""

    renderer_classes = DOCUMENT_RENDERERS

    def pupil(self, pupil_id: int | None) -> User:
        user = self.request.user
        if pupil_id is not None:
            return get_pupil_for_user(user, pupil_id)
        if user.role == Role.PUPIL:
            return user
        if user.role == Role.PARENT:
            raise ChoosePupil
        raise ApplicationError.for_field("pupil", _("Name the pupil whose diary to show."))

    def handle_exception(self, exc: Exception) -> Response:
        if not isinstance(exc, ChoosePupil):
            return super().handle_exception(exc)
        message = _("Name one of your children with ?pupil=<id>; they are listed in `children`.")
        children = selectors.children_for(
            region=self.region, parent=self.request.user, today=region_today(self.region)
        )
        body = error_body("choose_pupil", message, {"pupil": [message]})
        body["children"] = ChildOutput(children, many=True).data
        return Response(body, status=status.HTTP_400_BAD_REQUEST)


class DiaryWeekApi(DiaryApiView):
    """A pupil's week, Monday to Sunday: lessons with marks, attendance and homework; homework due.

    A parent must name one of their children (without `pupil` the 400 answer
    lists them under `children`).
    """

    @extend_schema(parameters=[DiaryFilter], responses=DiaryWeekOutput)
    def get(self, request: Request) -> Response:
        filters = DiaryFilter(data=request.query_params)
        filters.is_valid(raise_exception=True)
        pupil = self.pupil(filters.validated_data.get("pupil"))
        week_of = filters.validated_data.get("week_of") or region_today(self.region)
        week = selectors.diary_week(region=self.region, pupil=pupil, reader=request.user, week_of=week_of)
        return Response(week_document(week, self.region))


class SubjectAveragesApi(DiaryApiView):
    """A pupil's weighted average per subject over a period (default: today's) or a whole year.

    With the period mark (or, for a year, the year mark) once the teacher has set it.
    """

    @extend_schema(parameters=[AveragesFilter], responses=SubjectAveragesOutput)
    def get(self, request: Request) -> Response:
        filters = AveragesFilter(data=request.query_params)
        filters.is_valid(raise_exception=True)
        fields = filters.validated_data
        pupil = self.pupil(fields.get("pupil"))
        if "academic_year" in fields:
            span = {"academic_year": selectors.academic_year_by_id(fields["academic_year"])}
        else:
            period = selectors.averages_period(
                region=self.region, pupil=pupil, period_id=fields.get("period")
            )
            span = {"period": period}
        result = selectors.subject_averages(region=self.region, pupil=pupil, reader=request.user, **span)
        return Response(averages_document(result))


class ChildrenApi(RegionApiView):
    """A parent's children, each with their class group today. Empty for anyone else."""

    @extend_schema(responses=ChildOutput(many=True))
    def get(self, request: Request) -> Response:
        children = selectors.children_for(
            region=self.region, parent=request.user, today=region_today(self.region)
        )
        return self.paginated(children, ChildOutput)
