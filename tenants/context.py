"""Entering a region's schema: the one helper every region-scoped code path uses."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django_tenants.utils import get_public_schema_name, schema_context

from tenants.models import Region


@contextmanager
def in_region(region: Region | str) -> Iterator[None]:
    """Run the block with `region`'s schema (a Region or its schema name) active.

    The previous schema is active again afterwards, even on error.
    """
    schema = region if isinstance(region, str) else region.schema_name
    if schema == get_public_schema_name():
        raise ValueError("in_region() needs a region, not the public schema")
    with schema_context(schema):
        yield


@contextmanager
def in_federation() -> Iterator[None]:
    """Run the block with the public (federation) schema active."""
    with schema_context(get_public_schema_name()):
        yield


def require_region(region: Region) -> None:
    """Fail loudly when region-scoped code runs outside `region`'s schema."""
    from django.db import connection

    if connection.schema_name != region.schema_name:
        raise RuntimeError(f"{region.code} code ran in schema {connection.schema_name!r}")
