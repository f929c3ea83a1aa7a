"""Region API: a region admin's contributions to the federal library (on the region's host).

Only the region administrator submits and follows them, and only their own
region's: another region's item is "not found". The items live in the public
schema; these views read and write there through tenants.context.in_federation.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.rights import require_region_admin
from myschool.region_api import RegionApiView
from shared_library import selectors
from shared_library.api.serializers import (
    ContentInput,
    ContributionOutput,
    ItemInput,
    LibrarySubjectOutput,
    subjects_output,
)
from shared_library.services.contributions import revise_contribution, submit_regional_item
from tenants.context import in_federation
from tenants.models import Region


def render(region: Region, item_id: object, code: int = status.HTTP_200_OK) -> Response:
    with in_federation():
        item = selectors.get_contribution(region, item_id)
        body = ContributionOutput(item, context={"region": region}).data
    return Response(body, status=code)


class RegionSubjectListApi(RegionApiView):
    """The federal subject codes library items are tagged with, and their names."""

    pagination_class = None  # all of them, one list

    @extend_schema(responses=LibrarySubjectOutput(many=True))
    def get(self, request: Request) -> Response:
        return Response(LibrarySubjectOutput(subjects_output(), many=True).data)


class ContributionListApi(RegionApiView):
    """The region's contributions, newest first, with their moderation state (GET);
    submit an item for federal moderation (POST). Region administrator only."""

    @extend_schema(responses=ContributionOutput(many=True))
    def get(self, request: Request) -> Response:
        require_region_admin(request.user)
        with in_federation():
            return self.paginated(selectors.contributions_of(self.region), ContributionOutput)

    @extend_schema(request=ItemInput, responses={201: ContributionOutput})
    def post(self, request: Request) -> Response:
        data = ItemInput(data=request.data)
        data.is_valid(raise_exception=True)
        item = submit_regional_item(region=self.region, actor=request.user, **data.validated_data)
        return render(self.region, item.pk, status.HTTP_201_CREATED)


class ContributionDetailApi(RegionApiView):
    """One contribution (GET); change one returned for changes and send it back to review (PATCH)."""

    @extend_schema(responses=ContributionOutput)
    def get(self, request: Request, pk: str) -> Response:
        require_region_admin(request.user)
        return render(self.region, pk)

    @extend_schema(request=ContentInput(partial=True), responses=ContributionOutput)
    def patch(self, request: Request, pk: str) -> Response:
        data = ContentInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        item = selectors.get_contribution(self.region, pk)
        revise_contribution(region=self.region, actor=request.user, item=item, **data.validated_data)
        return render(self.region, item.pk)
