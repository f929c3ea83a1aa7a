"""Guessing passwords: every way in is locked after a few failures, by account and by address."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import Role
from accounts.services import set_password_path
from tenants.context import in_region
from tests import factories
from tests.api import Api
from tests.myschool.logcapture import json_lines
from tests.world import World, classroom, email

pytestmark = pytest.mark.django_db

LIMIT = 5


@pytest.fixture
def world(settings) -> World:
    settings.AXES_FAILURE_LIMIT = LIMIT
    world = classroom(factories.region("RU-MOS"))
    world.person("regionadmin", Role.REGION_ADMIN)
    return world


def token(client: Client, world: World, who: str, password: str, address: str = "10.0.0.1"):
    return client.post("/api/v1/auth/token/", {"email": email(who), "password": password},
                       content_type="application/json", HTTP_HOST=factories.host(world.region),
                       REMOTE_ADDR=address)


def form(client: Client, world: World, who: str, password: str, address: str = "10.0.0.1"):
    return client.post("/login/", {"username": email(who), "password": password},
                       HTTP_HOST=factories.host(world.region), REMOTE_ADDR=address)


def test_the_right_password_after_too_many_wrong_ones_is_refused_on_the_api(client, world) -> None:
    for _attempt in range(LIMIT - 1):
        assert token(client, world, "ivanova", "guess").status_code == 401
    assert token(client, world, "ivanova", "guess").status_code == 429  # the LIMIT-th failure locks

    locked = token(client, world, "ivanova", factories.PASSWORD)
    assert locked.status_code == 429
    assert locked.json()["error"]["code"] == "locked_out"
    assert "Try again in 15 minutes" in locked.json()["error"]["message"]
    # The account is locked from any address, and the address for any account.
    assert token(client, world, "ivanova", factories.PASSWORD, address="10.0.0.2").status_code == 429
    assert token(client, world, "petrova", factories.PASSWORD).status_code == 429
    assert token(client, world, "petrova", factories.PASSWORD, address="10.0.0.2").status_code == 200


def test_the_log_in_form_is_locked_too_with_a_russian_message(client, world, settings) -> None:
    settings.LANGUAGE_CODE = "ru"  # the platform's own language (tests read English otherwise)
    for _attempt in range(LIMIT - 1):
        assert form(client, world, "ivanova", "guess").status_code == 200  # the form again
    assert form(client, world, "ivanova", "guess").status_code == 429

    locked = client.post("/login/", {"username": email("ivanova"), "password": factories.PASSWORD},
                         HTTP_HOST=factories.host(world.region), REMOTE_ADDR="10.0.0.3")
    assert locked.status_code == 429
    assert "Попробуйте снова через 15 минут" in locked.content.decode()
    assert int(locked["Retry-After"]) == 15 * 60
    assert "_auth_user_id" not in client.session


def test_guessing_password_set_links_is_locked(client, world) -> None:
    with in_region(world.region):
        good = set_password_path(world.people["sidorov"])
    host = factories.host(world.region)
    bad = good.rstrip("/").rsplit("/", 1)[0] + "/wrong-token/"
    for _attempt in range(LIMIT - 1):
        assert client.get(bad, HTTP_HOST=host).status_code == 200  # «the link is not valid»
    client.get(bad, HTTP_HOST=host)

    assert client.get(good, HTTP_HOST=host).status_code == 429


def test_the_region_admin_lifts_a_lock_and_it_is_audited(client, world) -> None:
    for _attempt in range(LIMIT):
        token(client, world, "ivanova", "guess")
    api = Api(client, world)

    assert api("ivanova", "get", "/api/v1/auth/locks/").status_code == 403
    locks = api("regionadmin", "get", "/api/v1/auth/locks/").json()["results"]
    assert [(lock["account"], lock["address"], lock["failures"]) for lock in locks] == [
        (email("ivanova"), "10.0.0.1", LIMIT)
    ]
    with json_lines() as lines:
        for lock in locks:
            assert api("regionadmin", "delete", f"/api/v1/auth/locks/{lock['id']}/").status_code == 204
    assert api("regionadmin", "get", "/api/v1/auth/locks/").json()["results"] == []
    assert token(client, world, "ivanova", factories.PASSWORD).status_code == 200
    audit = [line["message"] for line in lines.of("myschool.audit")]
    assert audit and all("lifted" in line and email("regionadmin") in line for line in audit)


def test_behind_the_ingress_the_clients_own_address_is_locked(client, world, settings) -> None:
    settings.LOGIN_PROXY_COUNT = 1

    def attempt(forwarded: str, who: str = "ivanova", password: str = "guess"):
        return client.post("/api/v1/auth/token/", {"email": email(who), "password": password},
                           content_type="application/json", HTTP_HOST=factories.host(world.region),
                           REMOTE_ADDR="10.1.0.1", HTTP_X_FORWARDED_FOR=forwarded)

    for n in range(LIMIT):  # a different account each time: only the address adds up
        attempt("1.2.3.4, 198.51.100.7", who=f"nobody{n}")
    assert attempt("198.51.100.7", who="petrova", password=factories.PASSWORD).status_code == 429
    # The forged left part counted for nothing; another client behind the same ingress is not locked.
    assert attempt("203.0.113.9", who="petrova", password=factories.PASSWORD).status_code == 200


def test_a_lock_in_one_region_means_nothing_in_another(client, world) -> None:
    other = classroom(factories.region("RU-MOW"))
    for _attempt in range(LIMIT):
        token(client, world, "ivanova", "guess")

    response = client.post("/api/v1/auth/token/", {"email": email("ivanova"), "password": factories.PASSWORD},
                           content_type="application/json", HTTP_HOST=factories.host(other.region),
                           REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 200
