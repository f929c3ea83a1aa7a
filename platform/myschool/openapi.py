"""The OpenAPI schema as the API behaves: paged lists as pages, every error in its one shape.

drf-spectacular is told two things it cannot see for itself:

- which list answers are pages (`{count, next, previous, results}`): a view
  that pages says so with `pagination_class` (RegionApiView does), and only
  its GET answers are pages, never a list a POST returns;
- that any operation may answer 400, 401, 403, 404 or 409 with the body
  myschool.api_errors builds, `{"error": {"code", "message", "fields"}}`
  (`postprocess_errors`, a SPECTACULAR_SETTINGS postprocessing hook);
- that an input date (myschool.fields.DateField) lies in DATE_INPUT_WINDOW,
  as a pattern of its years.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular import openapi
from rest_framework.pagination import BasePagination

from myschool import fields

ERROR_COMPONENT = "Error"
ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "Every error the API answers with (myschool.api_errors).",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "code": {"type": "string", "description": "Machine-readable, e.g. invalid, not_found"},
                "message": {"type": "string", "description": "For people, in the request's language"},
                "fields": {
                    "type": "object",
                    "description": "The refused input fields and their messages (empty when none)",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                },
            },
            "required": ["code", "message", "fields"],
        }
    },
    "required": ["error"],
}
ERROR_STATUSES = {
    "400": "The request is malformed or its input is refused (`fields` names the input)",
    "401": "No valid token or session",
    "403": "Signed in, but not allowed to do this",
    "404": "No such object, or out of the caller's reach",
    "409": "In conflict with the current state",
}


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's, with pages only where the view pages and only for GET; input dates in the window."""

    def _map_serializer_field(
        self, field: Any, direction: str, bypass_extensions: bool = False
    ) -> dict[str, Any]:
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if isinstance(field, fields.DateField) and direction == "request":
            schema["pattern"] = year_pattern()
        return schema

    def _get_paginator(self) -> BasePagination | None:
        if self.method != "GET":
            return None
        return super()._get_paginator()


def year_pattern() -> str:
    """A pattern of the dates inside DATE_INPUT_WINDOW: the years it spans, then the rest."""
    first, last = fields.date_window()
    years = "|".join(str(year) for year in range(first.year, last.year + 1))
    return rf"^({years})-\d{{2}}-\d{{2}}$"


def postprocess_errors(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Document the error statuses, with the one error body, on every operation."""
    result.setdefault("components", {}).setdefault("schemas", {})[ERROR_COMPONENT] = ERROR_SCHEMA
    reference = {"$ref": f"#/components/schemas/{ERROR_COMPONENT}"}
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for status, description in ERROR_STATUSES.items():
                content = {"application/json": {"schema": reference}}
                responses.setdefault(status, {"description": description, "content": content})
    return result
