"""/healthz and /readyz answer on every host, closed regions' and bare IPs' included."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection

from myschool import health
from tenants.services.lifecycle import suspend_region
from tests import factories

pytestmark = pytest.mark.django_db

FEDERATION = "myschool.localhost"
PROBES = ("/healthz", "/readyz")


@pytest.fixture(autouse=True)
def _fresh_readiness() -> Iterator[None]:
    health.forget_region_migrations()
    yield
    health.forget_region_migrations()


def test_probes_answer_on_the_federation_host(client) -> None:
    alive = client.get("/healthz", HTTP_HOST=FEDERATION)
    ready = client.get("/readyz", HTTP_HOST=FEDERATION)

    assert (alive.status_code, alive.json()) == (200, {"status": "ok"})
    assert ready.status_code == 200
    assert ready.json() == {
        "status": "ok",
        "checks": {"database": {"ok": True}, "broker": {"ok": True}, "migrations": {"ok": True}},
        "failing": [],
    }
    assert ready["Cache-Control"] == "no-store"


def test_probes_answer_on_an_open_and_a_suspended_region_host(client) -> None:
    mos, mow = factories.region("RU-MOS"), factories.region("RU-MOW")
    suspend_region(region=mow)
    assert client.get("/login/", HTTP_HOST=factories.host(mow)).status_code == 503

    for reg in (mos, mow):
        for path in PROBES:
            response = client.get(path, HTTP_HOST=factories.host(reg))
            assert response.status_code == 200, (reg.code, path, response.content)
            assert response.json()["status"] == "ok"


@pytest.mark.parametrize("host", ["10.42.0.17:8000", "10.42.0.17", "[fd00::17]:8000", "probe.internal"])
def test_probes_answer_by_ip_or_a_host_that_allowed_hosts_refuses(client, host: str) -> None:
    # The site itself refuses the host: kubelet probes by pod IP must not depend on it.
    assert client.get("/login/", HTTP_HOST=host).status_code == 400

    for path in PROBES:
        assert client.get(path, HTTP_HOST=host).status_code == 200, path


def test_liveness_never_touches_the_database(client, django_assert_num_queries) -> None:
    with django_assert_num_queries(0):
        assert client.get("/healthz", HTTP_HOST=FEDERATION).status_code == 200


def test_readiness_is_two_queries_once_regions_were_found_current(
    client, django_assert_num_queries
) -> None:
    for code in ("RU-MOS", "RU-MOW", "RU-TA"):
        factories.region(code)
    assert client.get("/readyz", HTTP_HOST=FEDERATION).status_code == 200

    # SELECT 1 and the public schema's migrations, however many regions there are.
    with django_assert_num_queries(2):
        assert client.get("/readyz", HTTP_HOST=FEDERATION).status_code == 200


def test_probes_refuse_other_methods(client) -> None:
    assert client.post("/readyz", HTTP_HOST=FEDERATION).status_code == 405


def test_unreachable_broker_makes_the_pod_unready(client, settings) -> None:
    settings.CELERY_BROKER_URL = "amqp://guest:guest@127.0.0.1:1//"

    ready = client.get("/readyz", HTTP_HOST=FEDERATION)

    assert ready.status_code == 503
    body = ready.json()
    assert body["status"] == "unavailable" and body["failing"] == ["broker"]
    assert body["checks"]["broker"]["ok"] is False
    assert body["checks"]["database"] == {"ok": True}
    # Still alive: a broker outage must not get the pod restarted.
    assert client.get("/healthz", HTTP_HOST=FEDERATION).status_code == 200


def _forget_migration(schema: str, app: str, name: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f'DELETE FROM "{schema}".django_migrations WHERE app = %s AND name = %s',
                       [app, name])
        assert cursor.rowcount == 1


def test_public_schema_behind_the_code_makes_the_pod_unready(client) -> None:
    _forget_migration("public", "tenants", "0001_initial")

    ready = client.get("/readyz", HTTP_HOST=FEDERATION)

    assert ready.status_code == 503
    assert ready.json()["failing"] == ["migrations"]
    assert ready.json()["checks"]["migrations"]["detail"] == "public schema: 1 unapplied"


def test_a_region_schema_behind_the_code_makes_the_pod_unready(client) -> None:
    mos = factories.region("RU-MOS")
    factories.region("RU-MOW")
    _forget_migration(mos.schema_name, "journal", "0003_homework_class_group")

    ready = client.get("/readyz", HTTP_HOST=FEDERATION)

    assert ready.status_code == 503
    assert ready.json()["failing"] == ["migrations"]
    assert ready.json()["checks"]["migrations"]["detail"] == "1 region schema(s) behind"


def test_migrations_from_newer_code_keep_the_old_pods_ready(client) -> None:
    # During a roll-out the migration job runs first; pods with the old code stay in service.
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO public.django_migrations (app, name, applied)"
                       " VALUES ('journal', '9999_from_the_next_release', now())")

    assert client.get("/readyz", HTTP_HOST=FEDERATION).status_code == 200
