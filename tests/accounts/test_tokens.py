"""API tokens: one per sign-in, alive while used, ended by signing out, a new password or deactivation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import ApiToken
from accounts.services import set_password
from tenants.context import in_region
from tests import factories
from tests.api import Api
from tests.world import classroom, email

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


def sign_in(client, world, who: str = "sidorov", agent: str = "test") -> str:
    response = client.post("/api/v1/auth/token/", {"email": email(who), "password": factories.PASSWORD},
                           content_type="application/json", HTTP_HOST=factories.host(world.region),
                           HTTP_USER_AGENT=agent)
    assert response.status_code == 200, response.content
    return response.json()["token"]


def call(client, world, method: str, url: str, key: str):
    return getattr(client, method)(url, HTTP_HOST=factories.host(world.region),
                                   HTTP_AUTHORIZATION=f"Token {key}")


DIARY = "/api/v1/diary/?week_of=2026-11-23"


def test_each_sign_in_has_its_own_token_and_signing_out_ends_only_that_one(client) -> None:
    world = classroom(factories.region("RU-MOS"))
    phone, laptop = sign_in(client, world, agent="phone"), sign_in(client, world, agent="laptop")
    assert phone != laptop

    assert call(client, world, "delete", "/api/v1/auth/token/", phone).status_code == 204
    assert call(client, world, "get", DIARY, phone).status_code == 401
    assert call(client, world, "get", DIARY, laptop).status_code == 200


def test_a_token_lives_while_used_and_expires_when_idle(client, settings) -> None:
    settings.API_TOKEN_IDLE_HOURS, settings.API_TOKEN_TOUCH_SECONDS = 24, 0
    world = classroom(factories.region("RU-MOS"))
    key = sign_in(client, world)

    def idle_for(hours: float) -> None:
        with in_region(world.region):
            ApiToken.objects.filter(key=key).update(last_used_at=timezone.now() - timedelta(hours=hours))

    idle_for(23)
    assert call(client, world, "get", DIARY, key).status_code == 200  # used: a fresh 24 hours
    idle_for(0)
    with in_region(world.region):
        assert ApiToken.objects.get(key=key).last_used_at > timezone.now() - timedelta(minutes=1)
    idle_for(25)
    expired = call(client, world, "get", DIARY, key)
    assert expired.status_code == 401 and "expired" in expired.json()["error"]["message"]


def test_a_person_lists_their_sign_ins_and_signs_out_everywhere(client) -> None:
    world = classroom(factories.region("RU-MOS"))
    phone, laptop = sign_in(client, world, agent="phone"), sign_in(client, world, agent="laptop")
    other = sign_in(client, world, who="ivanova")
    browser = Client()
    browser.post("/login/", {"username": email("sidorov"), "password": factories.PASSWORD},
                 HTTP_HOST=factories.host(world.region))
    assert browser.get("/diary/", HTTP_HOST=factories.host(world.region)).status_code == 200

    listed = call(client, world, "get", "/api/v1/auth/sign-ins/", laptop).json()
    assert sorted((s["client"], s["current"]) for s in listed) == [("laptop", True), ("phone", False)]
    ivanovas = call(client, world, "get", "/api/v1/auth/sign-ins/", other).json()[0]["id"]
    assert call(client, world, "delete", f"/api/v1/auth/sign-ins/{ivanovas}/", laptop).status_code == 404

    assert call(client, world, "post", "/api/v1/auth/sign-out-everywhere/", laptop).status_code == 204
    assert call(client, world, "get", DIARY, phone).status_code == 401
    assert call(client, world, "get", DIARY, laptop).status_code == 401
    assert browser.get("/diary/", HTTP_HOST=factories.host(world.region)).status_code == 302
    assert call(client, world, "get", "/api/v1/auth/sign-ins/", other).status_code == 200


def test_a_new_password_or_a_deactivated_account_ends_every_token(client) -> None:
    world = classroom(factories.region("RU-MOS"))
    pupil, teacher = sign_in(client, world), sign_in(client, world, who="ivanova")

    with in_region(world.region):
        set_password(user=world.people["sidorov"], password="another-long-password-2026")
        world.people["ivanova"].is_active = False
        world.people["ivanova"].save(update_fields=["is_active"])
        assert not ApiToken.objects.exists()
    assert call(client, world, "get", DIARY, pupil).status_code == 401
    assert call(client, world, "get", "/api/v1/auth/sign-ins/", teacher).status_code == 401
