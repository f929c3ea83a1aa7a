"""Federal operators run the federation; they cannot read any region's personal data."""

from __future__ import annotations

import pytest

from accounts.models import ApiToken
from tenants.context import in_federation
from tests import factories
from tests.world import classroom

pytestmark = pytest.mark.django_db

PERSONAL = [
    "/api/v1/people/",
    "/api/v1/diary/?pupil={pupil}",
    "/api/v1/pupils/{pupil}/achievements/",
    "/api/v1/class-groups/",
    "/api/v1/lessons/",
]


def test_an_operators_token_opens_nothing_on_a_region_host(client) -> None:
    world = classroom(factories.region("RU-MOS"))
    with in_federation():
        token = ApiToken.objects.create(user=factories.operator())
    pupil = world.people["sidorov"].pk
    for url in PERSONAL:
        response = client.get(
            url.format(pupil=pupil),
            HTTP_HOST=factories.host(world.region),
            HTTP_AUTHORIZATION=f"Token {token.key}",
        )
        assert response.status_code == 401, url
        assert "sidorov" not in response.content.decode()
    # nor does their password: the operator has no account in the region
    login = client.post(
        "/login/",
        {"username": "operator@federation.example", "password": factories.PASSWORD},
        HTTP_HOST=factories.host(world.region),
    )
    assert login.status_code == 200
