"""Federation API for federal operators: releases, their progress, each region's sync state."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from federation import selectors
from federation.api.serializers import (
    RegionSyncOutput,
    ReleaseDetailOutput,
    ReleaseDiffOutput,
    ReleaseInput,
    ReleaseOutput,
)
from federation.models import Release
from federation.services.fanout import retry_region
from federation.services.releases import cut_release, promote_release
from myschool.errors import NotFound
from myschool.pagination import LimitOffsetPagination
from tenants.api.permissions import IsFederalOperator
from tenants.selectors import get_region


def get_release(sequence: int) -> Release:
    release = Release.objects.filter(sequence=sequence).first()
    if release is None:
        raise NotFound(_("No release %(n)s.") % {"n": sequence})
    return release


def release_detail(release: Release) -> dict:
    return ReleaseDetailOutput({
        "release": release,
        "progress": selectors.release_progress(release).__dict__,
        "regions": selectors.release_deliveries(release),
    }).data


class ReleaseListApi(APIView):
    permission_classes = [IsFederalOperator]
    pagination_class = LimitOffsetPagination

    @extend_schema(responses=ReleaseOutput(many=True))
    def get(self, request: Request) -> Response:
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(selectors.releases_with_progress(), request, view=self)
        return paginator.get_paginated_response(ReleaseOutput(page, many=True).data)

    @extend_schema(request=ReleaseInput, responses={201: ReleaseDetailOutput})
    def post(self, request: Request) -> Response:
        data = ReleaseInput(data=request.data)
        data.is_valid(raise_exception=True)
        release = cut_release(actor=request.user, notes=data.validated_data["notes"],
                              canary_region_codes=data.validated_data["canary_regions"])
        return Response(release_detail(release), status=status.HTTP_201_CREATED)


class ReleaseDetailApi(APIView):
    permission_classes = [IsFederalOperator]

    @extend_schema(responses=ReleaseDetailOutput)
    def get(self, request: Request, sequence: int) -> Response:
        return Response(release_detail(get_release(sequence)))


class ReleasePromoteApi(APIView):
    permission_classes = [IsFederalOperator]

    @extend_schema(request=None, responses=ReleaseDetailOutput)
    def post(self, request: Request, sequence: int) -> Response:
        return Response(release_detail(promote_release(actor=request.user, sequence=sequence)))


class ReleaseDiffApi(APIView):
    """What a release changes in one region; counts only (materials are the region's data)."""

    permission_classes = [IsFederalOperator]

    @extend_schema(responses=ReleaseDiffOutput)
    def get(self, request: Request, sequence: int, code: str) -> Response:
        diff = selectors.release_diff(release=get_release(sequence), region=get_region(code))
        return Response(ReleaseDiffOutput(diff).data)


class RegionSyncListApi(APIView):
    permission_classes = [IsFederalOperator]

    @extend_schema(responses=RegionSyncOutput(many=True))
    def get(self, request: Request) -> Response:
        return Response(RegionSyncOutput(selectors.region_sync_rows(), many=True).data)


class RegionSyncRetryApi(APIView):
    permission_classes = [IsFederalOperator]

    @extend_schema(request=None, responses={202: None})
    def post(self, request: Request, code: str) -> Response:
        queued = retry_region(region=get_region(code))
        return Response({"queued": queued}, status=status.HTTP_202_ACCEPTED)
