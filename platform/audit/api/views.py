"""The audit APIs: a region's audit on its host (its admin), the federal audit on the federation host."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.rights import require_region_admin
from audit import selectors
from audit.api.serializers import AuditEntryOutput, AuditFilter, FederalAuditFilter
from myschool.pagination import LimitOffsetPagination
from myschool.region_api import RegionApiView
from tenants.api.permissions import IsFederalOperator


class RegionAuditApi(RegionApiView):
    """Who changed what in this region, newest first (the region admin only)."""

    @extend_schema(parameters=[AuditFilter], responses=AuditEntryOutput(many=True))
    def get(self, request: Request) -> Response:
        require_region_admin(request.user)
        filters = AuditFilter(data=request.query_params)
        filters.is_valid(raise_exception=True)
        fields = filters.validated_data
        entries = selectors.region_audit(
            self.region, actor_id=fields.get("actor"), action=fields.get("action"),
            target_type=fields.get("target_type"),
        )
        return self.paginated(entries, AuditEntryOutput)


class FederalAuditApi(APIView):
    """Who changed what in the federation (regions, the library, releases), newest first."""

    permission_classes = [IsFederalOperator]
    pagination_class = LimitOffsetPagination

    @extend_schema(parameters=[FederalAuditFilter], responses=AuditEntryOutput(many=True))
    def get(self, request: Request) -> Response:
        filters = FederalAuditFilter(data=request.query_params)
        filters.is_valid(raise_exception=True)
        fields = filters.validated_data
        entries = selectors.federal_audit(
            region_code=fields.get("region"), actor_id=fields.get("actor"), action=fields.get("action"),
            target_type=fields.get("target_type"),
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(entries, request, view=self)
        return paginator.get_paginated_response(AuditEntryOutput(page, many=True).data)
