"""Region API (region host) for the region's admin: pending releases, and deferring them."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.rights import require_region_admin
from federation import selectors
from federation.api.serializers import DeferralInput, RegionReleaseOutput, RegionSyncOutput
from federation.api.views import get_release
from federation.services.deferral import cancel_deferral, defer_release
from myschool.region_api import RegionApiView
from tenants.models import Region


def region_sync(region: Region) -> dict:
    [row] = selectors.region_sync_rows(Region.objects.filter(pk=region.pk))
    return RegionSyncOutput(row).data


class PendingReleaseListApi(RegionApiView):
    """Releases this region has not applied yet (at most 20), each with what it would change here."""

    pagination_class = None  # one list, not pages

    @extend_schema(responses=RegionReleaseOutput(many=True))
    def get(self, request: Request) -> Response:
        require_region_admin(request.user)
        rows = [
            {"release": release, "diff": selectors.release_diff(release=release, region=self.region)}
            for release in selectors.pending_releases(self.region)[:20]
        ]
        return Response(RegionReleaseOutput(rows, many=True).data)


class ReleaseDeferApi(RegionApiView):
    @extend_schema(request=DeferralInput, responses=RegionSyncOutput)
    def post(self, request: Request, sequence: int) -> Response:
        data = DeferralInput(data=request.data)
        data.is_valid(raise_exception=True)
        get_release(sequence)
        defer_release(region=self.region, actor=request.user, sequence=sequence,
                      until=data.validated_data["until"])
        return Response(region_sync(self.region))


class DeferralCancelApi(RegionApiView):
    @extend_schema(request=None, responses=RegionSyncOutput)
    def delete(self, request: Request) -> Response:
        cancel_deferral(region=self.region, actor=request.user)
        return Response(region_sync(self.region))
