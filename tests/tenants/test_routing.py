"""Each host reaches its own schema, cheaply; unknown and closed regions are refused."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from tenants import routing
from tenants.services.lifecycle import resume_region, suspend_region
from tests import factories
from tests.myschool.logcapture import json_lines

pytestmark = pytest.mark.django_db


def test_each_host_serves_its_own_region(client) -> None:
    mos, mow = factories.region("RU-MOS"), factories.region("RU-MOW")
    factories.region_user(mos, "ivanova@mos.example", Role.TEACHER)

    response = client.post("/login/", {"username": "ivanova@mos.example",
                                       "password": factories.PASSWORD},
                           HTTP_HOST=factories.host(mos))
    assert response.status_code == 302

    home = client.get("/", HTTP_HOST=factories.host(mos))
    assert home.status_code == 200 and "Московская область" in home.content.decode()
    # The same session cookie means nothing in another region's schema.
    assert client.get("/", HTTP_HOST=factories.host(mow)).status_code == 302


def test_routing_costs_no_query_and_no_repeated_search_path(client) -> None:
    mos = factories.region("RU-MOS")
    factories.region_user(mos, "ivanova@mos.example")
    client.post("/login/", {"username": "ivanova@mos.example", "password": factories.PASSWORD},
                HTTP_HOST=factories.host(mos))
    mos_host = factories.host(mos)
    client.get("/login/", HTTP_HOST=mos_host)  # warms the host cache

    # The login page of a signed-in person reads only the session and the user.
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/login/", HTTP_HOST=mos_host).status_code == 200
    statements = [q["sql"] for q in queries.captured_queries]

    assert not any("tenants_domain" in s for s in statements), statements
    assert not any(s.startswith("SET search_path") for s in statements), statements
    assert len(statements) == 2, statements  # the session and the user, nothing else


def test_switching_regions_sets_the_search_path_once_per_request(client) -> None:
    mos, mow = factories.region("RU-MOS"), factories.region("RU-MOW")
    mos_host, mow_host = factories.host(mos), factories.host(mow)
    client.get("/login/", HTTP_HOST=mos_host)
    client.get("/login/", HTTP_HOST=mow_host)

    with CaptureQueriesContext(connection) as queries:
        client.post("/login/", {"username": "x@y.example", "password": "wrong-password"},
                    HTTP_HOST=mos_host)
    sets = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SET search_path")]
    assert sets == ['SET search_path = "region_ru_mos","public"']


def test_a_host_that_is_no_region_gets_404(client) -> None:
    page = client.get("/", HTTP_HOST="atlantis.myschool.localhost")
    api = client.get("/api/v1/regions/", HTTP_HOST="atlantis.myschool.localhost")

    assert page.status_code == 404 and "atlantis.myschool.localhost" in page.content.decode()
    assert api.status_code == 404 and api.json()["error"]["code"] == "no_region"


def test_suspended_region_answers_503_until_resumed(client) -> None:
    mos = factories.region("RU-MOS")
    suspend_region(region=mos)

    with json_lines() as lines:
        page = client.get("/login/", HTTP_HOST=factories.host(mos))
        api = client.get("/api/v1/diary/", HTTP_HOST=factories.host(mos))
    assert page.status_code == 503
    assert "Московская область" in page.content.decode()
    assert page["Retry-After"] and api["Retry-After"]
    assert api.json()["error"]["code"] == "region_unavailable"
    # Each request is a line of the access log; an expected state, not an error line per request.
    assert [(line["status"], line["region"]) for line in lines.of("myschool.request")] == [
        (503, "RU-MOS"),
        (503, "RU-MOS"),
    ]
    assert not [line for line in lines.all() if line["level"] == "ERROR"]

    resume_region(region=mos)
    assert client.get("/login/", HTTP_HOST=factories.host(mos)).status_code == 200


def test_region_still_onboarding_answers_503(client, monkeypatch) -> None:
    from tenants.services import onboarding

    monkeypatch.setitem(onboarding.STEPS, "activate", lambda run: 1 / 0)
    onboarding.onboard_region(code="RU-MOS", name="Московская область",
                              time_zone="Europe/Moscow", admin_email="a@mos.example")

    assert client.get("/login/", HTTP_HOST="mos.myschool.localhost").status_code == 503


def test_a_flood_of_made_up_hosts_costs_no_query_and_no_memory(client, settings) -> None:
    settings.REGION_ROUTING_CACHE_SECONDS = 600  # the flood outlasts the default 5 s
    mos = factories.region("RU-MOS")
    assert client.get("/login/", HTTP_HOST=factories.host(mos)).status_code == 200  # snapshot read

    with CaptureQueriesContext(connection) as queries:
        for n in range(10_000):
            host = f"flood-{n}.myschool.localhost"
            assert client.get("/api/v1/regions/", HTTP_HOST=host).status_code == 404
    assert len(queries.captured_queries) == 0, queries.captured_queries[:3]
    # The snapshot holds the federation's hosts, not the names it was asked about.
    assert set(routing.current_routes()) == {factories.host(mos)}
    assert client.get("/login/", HTTP_HOST=factories.host(mos)).status_code == 200


def test_the_snapshot_is_read_again_as_a_whole_after_its_lifetime(client, settings) -> None:
    settings.REGION_ROUTING_CACHE_SECONDS = 0
    mos = factories.region("RU-MOS")

    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/regions/", HTTP_HOST="nowhere.myschool.localhost")
        client.get("/api/v1/regions/", HTTP_HOST=factories.host(mos))
    statements = [q["sql"] for q in queries.captured_queries]
    # Each request after the lifetime reads the whole map; no host is looked up on its own.
    whole_map = [s for s in statements if s.startswith('SELECT "tenants_domain"') and "WHERE" not in s]
    assert len(whole_map) >= 2, statements
    assert not [s for s in statements if '"tenants_domain"."domain" =' in s], statements
