"""The region API's OpenAPI schema (drf-spectacular's), to check real responses against it.

`assert_matches_schema(response, path)` validates a response body with
jsonschema against what the schema says the operation answers, made strict:
every property an object declares must be present and no other may appear,
and a null only where the schema says `nullable`. So a hand-built document and
the serializers that describe it cannot drift apart unnoticed.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from drf_spectacular.generators import SchemaGenerator
from jsonschema import Draft202012Validator


@cache
def region_schema() -> dict[str, Any]:
    """The OpenAPI document the region's /api/schema/ serves."""
    return SchemaGenerator(urlconf="myschool.urls_region").get_schema(request=None, public=True)


@cache
def federation_schema() -> dict[str, Any]:
    """The OpenAPI document the federation host's /api/schema/ serves."""
    return SchemaGenerator(urlconf="myschool.urls_federation").get_schema(request=None, public=True)


def strict(node: Any) -> Any:
    """An OpenAPI 3.0 schema as a strict JSON Schema: `nullable` as a null type, objects closed."""
    if isinstance(node, list):
        return [strict(item) for item in node]
    if not isinstance(node, dict):
        return node
    schema = {key: strict(value) for key, value in node.items() if key != "nullable"}
    if "$ref" in schema:
        schema["$ref"] = schema["$ref"].replace("#/components/schemas/", "#/$defs/")
    if "properties" in schema:
        schema["required"] = list(schema["properties"])
        schema["additionalProperties"] = False
    if node.get("nullable"):
        return {"anyOf": [schema, {"type": "null"}]}
    return schema


def response_validator(path: str, method: str = "get", status: str = "200") -> Draft202012Validator:
    """A validator of what `method` on `path` answers with `status`, by the region's schema."""
    document = region_schema()
    content = document["paths"][path][method]["responses"][status]["content"]
    schema = strict(content["application/json"]["schema"])
    schema["$defs"] = strict(document["components"]["schemas"])
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def assert_matches_schema(body: Any, path: str, method: str = "get", status: str = "200") -> None:
    """Fail, listing every difference, unless `body` is exactly what the schema describes."""
    errors = sorted(response_validator(path, method, status).iter_errors(body), key=str)
    assert not errors, "\n".join(f"{list(error.absolute_path)}: {error.message}" for error in errors)
