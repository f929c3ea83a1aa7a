"""The catalogue's test world: the usual classroom, its region admin, and an API caller."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from accounts.models import Role
from catalogue.models import CatalogueSettings, ChosenCollection, HiddenItem, Material
from tenants.context import in_region
from tests import factories
from tests.api import Api
from tests.world import World, classroom

MONDAY = date(2026, 11, 23)  # in the 2nd quarter


@pytest.fixture
def world() -> Iterator[World]:
    """The classroom (tests.world.classroom) with a region admin, «boss»; the region's schema active."""
    built = classroom(factories.region("RU-MOS"))
    with in_region(built.region):
        built.people["boss"] = factories.region_user(built.region, "boss@mos.example", Role.REGION_ADMIN)
        yield built


@pytest.fixture
def api(client, world: World) -> Api:
    return Api(client, world)


def region_rows() -> dict[str, int]:
    """How many rows of the region's own catalogue choices exist: to show nothing was written."""
    return {
        model.__name__: model.objects.count()
        for model in (CatalogueSettings, ChosenCollection, HiddenItem, Material)
    }
