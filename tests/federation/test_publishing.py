"""Publishing end to end: the federation API, the outbox, a real worker on the real broker."""

from __future__ import annotations

import time
from io import StringIO

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from accounts.models import ApiToken
from federation import apply
from federation.models import OutboxMessage
from federation.outbox import dispatch_outbox
from myschool.celery import app
from tests import factories
from tests.federation import library

FEDERATION = "myschool.localhost"
DEAD_BROKER = "amqp://guest:guest@127.0.0.1:1//"


@pytest.fixture
def releases_api(release_manager) -> APIClient:
    api = APIClient(HTTP_HOST=FEDERATION)
    api.credentials(HTTP_AUTHORIZATION=f"Token {ApiToken.objects.create(user=release_manager).key}")
    return api


def wait_until_published(api: APIClient, sequence: int, timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = api.get(f"/api/v1/releases/{sequence}/").json()
        if body["progress"]["total"] and body["progress"]["done"] == body["progress"]["total"]:
            return body
        time.sleep(0.2)
    raise AssertionError(f"release {sequence} did not reach every region in {timeout}s: {body}")


@pytest.mark.usefixtures("celery_worker")
def test_a_release_reaches_every_region_through_the_worker(releases_api: APIClient) -> None:
    regions = [factories.region(code) for code in ("RU-MOS", "RU-TA", "RU-KGD")]
    for n in range(20):
        library.published_item(f"Лабораторная работа {n}")

    response = releases_api.post("/api/v1/releases/", {"notes": "Физика 7–8"}, format="json")
    assert response.status_code == 201, response.json()
    body = wait_until_published(releases_api, 1)

    assert body["release"]["added"] == 20
    done = sorted(r["region"] for r in body["regions"] if r["state"] == "done")
    assert done == ["RU-KGD", "RU-MOS", "RU-TA"]
    checksums = {apply.catalogue_checksum(region.schema_name) for region in regions}
    assert checksums == {apply.expected_checksum(1)}
    sync = releases_api.get("/api/v1/sync/regions/").json()
    assert {(row["region"], row["applied_sequence"], row["lag"]) for row in sync} == {
        ("RU-KGD", 1, 0), ("RU-MOS", 1, 0), ("RU-TA", 1, 0),
    }
    out = StringIO()
    call_command("federation_status", stdout=out)
    assert "RU-MOS          1    0  up_to_date" in out.getvalue()


@pytest.mark.usefixtures("celery_worker")
def test_a_release_cut_while_the_broker_is_down_is_delivered_later(
    releases_api: APIClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    mos = factories.region("RU-MOS")
    library.published_item("Закон Ома")
    with monkeypatch.context() as broker_down:
        broker_down.setattr(app.conf, "broker_url", DEAD_BROKER)
        # Celery reads CELERY_BROKER_URL from the environment before its settings.
        broker_down.setenv("CELERY_BROKER_URL", DEAD_BROKER)
        response = releases_api.post("/api/v1/releases/", {}, format="json")

    assert response.status_code == 201
    message = OutboxMessage.objects.get()
    assert message.dispatched_at is None and "refused" in message.last_error.lower()
    time.sleep(1)
    assert apply.catalogue_checksum(mos.schema_name) == "0:0"

    sent = dispatch_outbox()  # what the beat schedule does every few seconds
    assert sent == 1, OutboxMessage.objects.get().last_error
    wait_until_published(releases_api, 1)
    assert apply.catalogue_checksum(mos.schema_name) == apply.expected_checksum(1)


@pytest.mark.django_db
def test_release_api_refuses_region_users_and_names_bad_fields(releases_api: APIClient) -> None:
    mos = factories.region("RU-MOS")
    teacher = factories.region_user(mos, "teacher@mos.example")
    library.published_item("Закон Ома")
    from tenants.context import in_region

    with in_region(mos):
        token = ApiToken.objects.create(user=teacher).key
    as_teacher = APIClient(HTTP_HOST=factories.host(mos))
    as_teacher.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    assert as_teacher.post("/api/v1/releases/", {}, format="json").status_code == 404
    bad = releases_api.post("/api/v1/releases/", {"canary_regions": ["RU-ZZ"]}, format="json")
    assert bad.status_code == 400
    assert bad.json()["error"]["fields"] == {
        "canary_regions": ["RU-ZZ is not a region of the Russian Federation."]
    }
    assert releases_api.get("/api/v1/releases/7/").status_code == 404
    assert not OutboxMessage.objects.exists()
