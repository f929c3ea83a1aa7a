"""API tokens: a person's token opens the API as them, until they are deactivated."""

from __future__ import annotations

import pytest

from tenants.context import in_region
from tests import factories
from tests.api import Api
from tests.world import classroom

pytestmark = pytest.mark.django_db


def test_a_token_opens_the_api_as_its_person_and_a_deactivated_persons_no_more(client) -> None:
    world = classroom(factories.region("RU-MOS"))
    api = Api(client, world)
    diary = "/api/v1/diary/?week_of=2026-11-23"

    response = api("sidorov", "get", diary)
    assert response.status_code == 200
    assert response.json()["pupil"]["id"] == world.people["sidorov"].pk

    with in_region(world.region):
        world.people["sidorov"].is_active = False
        world.people["sidorov"].save(update_fields=["is_active"])
    refused = api("sidorov", "get", diary)
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "authentication_failed"


def test_an_unknown_token_is_refused(client) -> None:
    world = classroom(factories.region("RU-MOS"))

    refused = Api(client, world).call(
        "get", "/api/v1/diary/", None, token="0" * 40, host=factories.host(world.region)
    )

    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "authentication_failed"


def test_a_token_that_postgresql_cannot_read_is_refused_too(client) -> None:
    """A NUL in the header's token: refused like any unknown token (it was a 500)."""
    world = classroom(factories.region("RU-MOS"))

    refused = Api(client, world).call(
        "get", "/api/v1/diary/", None, token="abc\x00def", host=factories.host(world.region)
    )

    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "authentication_failed"
