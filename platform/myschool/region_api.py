"""What every region API view shares: who may call it, the region, paging.

Region API views subclass RegionApiView. Authentication happens against the
region's own schema (the routing middleware has switched to it), so an
authenticated user here is always a person of this region; federal operators
have no account here at all. Object-level rules live in platform/access.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework.pagination import BasePagination
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer
from rest_framework.views import APIView

from myschool.pagination import LimitOffsetPagination
from tenants.models import Region


class IsRegionUser(BasePermission):
    """Signed in, on a region host."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        return bool(request.user and request.user.is_authenticated and getattr(request, "region", None))


class RegionApiView(APIView):
    permission_classes = [IsRegionUser]
    # How `paginated` pages, and what the schema says a GET list answers (myschool.openapi).
    pagination_class: type[BasePagination] | None = LimitOffsetPagination

    @property
    def region(self) -> Region:
        return self.request.region

    def paginated(self, queryset: QuerySet | list, serializer: type[Serializer], **context: Any) -> Response:
        """One page of `queryset` (limit/offset), serialized, with count and links."""
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(queryset, self.request, view=self)
        data = serializer(
            page, many=True, context={"request": self.request, "region": self.region, **context}
        ).data
        return paginator.get_paginated_response(data)
