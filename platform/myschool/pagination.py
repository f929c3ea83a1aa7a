"""Pages of every API list: limit/offset, both bounded.

A limit above MAX_LIMIT is served as MAX_LIMIT (DRF's max_limit); an offset
above MAX_OFFSET as MAX_OFFSET, an empty page past any real list. Unbounded,
`?limit=10**23` reached PostgreSQL as a bigint out of range: a 500. The
schema states both bounds.
"""

from __future__ import annotations

from typing import Any

from rest_framework import pagination
from rest_framework.request import Request

MAX_LIMIT = 500
MAX_OFFSET = 10**9


class LimitOffsetPagination(pagination.LimitOffsetPagination):
    max_limit = MAX_LIMIT

    def get_offset(self, request: Request) -> int:
        return min(super().get_offset(request), MAX_OFFSET)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        bounds = {self.limit_query_param: (1, MAX_LIMIT), self.offset_query_param: (0, MAX_OFFSET)}
        for parameter in parameters:
            low, high = bounds[parameter["name"]]
            parameter["schema"].update(minimum=low, maximum=high)
        return parameters
