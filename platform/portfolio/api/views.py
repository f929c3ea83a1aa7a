"""Region API: pupils' portfolios, and the school admin's review of achievements.

Reading a portfolio follows access.scope.achievements_for (a parent reads their
children's, a former school what is dated within its days); who may add,
change and review is decided in portfolio.services.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from access.fetch import get_pupil_for_user
from myschool.region_api import RegionApiView
from portfolio import selectors, services
from portfolio.api.serializers import (
    AchievementFilter,
    AchievementInput,
    AchievementOutput,
    AchievementReviewInput,
)
from portfolio.models import Achievement, AchievementStatus
from tenants.models import Region

STATUS = OpenApiParameter("status", str, enum=AchievementStatus.values)


def render(achievement: Achievement, region: Region, code: int = status.HTTP_200_OK) -> Response:
    return Response(AchievementOutput(achievement, context={"region": region}).data, status=code)


class PupilAchievementsApi(RegionApiView):
    """A pupil's portfolio: list it, or add an achievement (it awaits confirmation)."""

    @extend_schema(parameters=[STATUS], responses=AchievementOutput(many=True))
    def get(self, request: Request, pupil_id: str) -> Response:
        pupil = get_pupil_for_user(request.user, pupil_id)
        filters = AchievementFilter(data=request.query_params)
        filters.is_valid(raise_exception=True)
        achievements = selectors.achievements_of(pupil, reader=request.user, **filters.validated_data)
        return self.paginated(achievements, AchievementOutput)

    @extend_schema(request=AchievementInput, responses={201: AchievementOutput})
    def post(self, request: Request, pupil_id: str) -> Response:
        pupil = get_pupil_for_user(request.user, pupil_id)
        data = AchievementInput(data=request.data)
        data.is_valid(raise_exception=True)
        achievement = services.add_achievement(
            region=self.region, pupil=pupil, actor=request.user, **data.validated_data
        )
        return render(achievement, self.region, status.HTTP_201_CREATED)


class AchievementDetailApi(RegionApiView):
    """One achievement: read it, change it (PATCH, any subset of the fields) or delete it."""

    @extend_schema(responses=AchievementOutput)
    def get(self, request: Request, pk: str) -> Response:
        return render(selectors.get_achievement_for_user(request.user, pk), self.region)

    @extend_schema(request=AchievementInput(partial=True), responses=AchievementOutput)
    def patch(self, request: Request, pk: str) -> Response:
        achievement = selectors.get_achievement_for_user(request.user, pk)
        data = AchievementInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        achievement = services.edit_achievement(
            region=self.region, achievement=achievement, actor=request.user, **data.validated_data
        )
        return render(achievement, self.region)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: str) -> Response:
        achievement = selectors.get_achievement_for_user(request.user, pk)
        services.delete_achievement(region=self.region, achievement=achievement, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AchievementConfirmApi(RegionApiView):
    """Confirm an achievement (school admin of the pupil's school, region admin)."""

    review = staticmethod(services.confirm_achievement)

    @extend_schema(request=AchievementReviewInput, responses=AchievementOutput)
    def post(self, request: Request, pk: str) -> Response:
        achievement = selectors.get_achievement_for_user(request.user, pk)
        data = AchievementReviewInput(data=request.data)
        data.is_valid(raise_exception=True)
        achievement = self.review(
            region=self.region, achievement=achievement, actor=request.user, **data.validated_data
        )
        return render(achievement, self.region)


class AchievementRejectApi(AchievementConfirmApi):
    """Reject an achievement, with a note saying why (same reviewers)."""

    review = staticmethod(services.reject_achievement)


class AchievementReviewListApi(RegionApiView):
    """The review queue: achievements of the pupils of the caller's schools (region admin: all).

    Oldest first; filter by status (e.g. ?status=pending). Empty for those who review nothing.
    """

    @extend_schema(parameters=[STATUS], responses=AchievementOutput(many=True))
    def get(self, request: Request) -> Response:
        filters = AchievementFilter(data=request.query_params)
        filters.is_valid(raise_exception=True)
        queue = selectors.achievements_to_review(request.user, **filters.validated_data)
        return self.paginated(queue, AchievementOutput)
