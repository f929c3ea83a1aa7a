"""Pages of catalogue lists: limit/offset like every region list, with a count that stops at a cap."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from catalogue.selectors import COUNT_CAP, capped_count
from myschool.pagination import LimitOffsetPagination


class CappedCountPagination(LimitOffsetPagination):
    """`count` is exact up to COUNT_CAP; beyond it `count` is the cap and `count_capped` is true.

    Counting every served row of a library-sized catalogue costs more than the
    page itself (bench/bench_catalogue.py); narrowing the search is the way further.
    """

    capped = False

    def get_count(self, queryset: QuerySet | list) -> int:
        if isinstance(queryset, list):
            return len(queryset)
        # Whoever pages past the cap gets counted as far as their page.
        cap = max(COUNT_CAP, self.get_offset(self.request) + self.limit)
        count, self.capped = capped_count(queryset, cap)
        return count

    def get_next_link(self) -> str | None:
        if not self.capped:
            return super().get_next_link()
        url = replace_query_param(self.request.build_absolute_uri(), self.limit_query_param, self.limit)
        return replace_query_param(url, self.offset_query_param, self.offset + self.limit)

    def get_paginated_response(self, data: list[Any]) -> Response:
        response = super().get_paginated_response(data)
        response.data["count_capped"] = self.capped
        return response

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"]["count_capped"] = {"type": "boolean"}
        return paginated


def page(request: Request, view: Any, queryset: QuerySet, data: Any) -> Response:
    """One page of `queryset` rendered by `data(rows)`, with count, count_capped and links."""
    paginator = CappedCountPagination()
    rows = paginator.paginate_queryset(queryset, request, view=view)
    return paginator.get_paginated_response(data(rows))


__all__ = ["COUNT_CAP", "CappedCountPagination", "page"]
