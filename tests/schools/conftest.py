from __future__ import annotations

import pytest

from tests.api import Api
from tests.schools.api import region_world
from tests.world import World


@pytest.fixture
def worlds() -> tuple[World, World]:
    return region_world()


@pytest.fixture
def world(worlds: tuple[World, World]) -> World:
    return worlds[0]


@pytest.fixture
def other(worlds: tuple[World, World]) -> World:
    return worlds[1]


@pytest.fixture
def api(client, world: World) -> Api:
    return Api(client, world)
