"""The federation API: only federal operators onboard; a real worker does the work."""

from __future__ import annotations

import time

import pytest
from rest_framework.test import APIClient

from accounts.models import ApiToken, Role
from tenants.models import OnboardingRun, Region, RegionStatus
from tests import factories

FEDERATION = "myschool.localhost"
MOS = {"code": "RU-MOS", "name": "Московская область", "time_zone": "Europe/Moscow",
       "admin_email": "admin@mos.example"}


@pytest.fixture
def operator_api() -> APIClient:
    token = ApiToken.objects.create(user=factories.operator())
    api = APIClient(HTTP_HOST=FEDERATION)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api


def wait_for_run(api: APIClient, url: str, timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = api.get(url).json()
        if body["state"] in {"done", "failed"}:
            return body
        time.sleep(0.2)
    raise AssertionError(f"onboarding did not finish in {timeout}s: {body}")


@pytest.mark.usefixtures("celery_worker")
def test_operator_onboards_a_region_through_the_worker(operator_api: APIClient) -> None:
    response = operator_api.post("/api/v1/onboardings/", MOS, format="json")

    assert response.status_code == 202
    assert response["Location"] == response.json()["url"]
    body = wait_for_run(operator_api, response["Location"])
    assert body["state"] == "done", body
    assert [(s["name"], s["state"]) for s in body["steps"]] == [
        ("create_region", "done"), ("create_admin", "done"), ("backfill_catalogue", "done"),
        ("activate", "done"),
    ]
    assert body["region_url"] == "http://mos.myschool.localhost:8000/"
    assert Region.objects.get(code="RU-MOS").status == RegionStatus.ACTIVE
    assert APIClient().get("/login/", HTTP_HOST="mos.myschool.localhost").status_code == 200

    again = operator_api.post("/api/v1/onboardings/", MOS, format="json")
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    assert Region.objects.count() == 1


@pytest.mark.django_db
def test_anonymous_gets_401(client) -> None:
    response = client.post("/api/v1/onboardings/", MOS, HTTP_HOST=FEDERATION,
                           content_type="application/json")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    assert not OnboardingRun.objects.exists()


@pytest.mark.django_db
def test_region_admin_cannot_onboard(client) -> None:
    mos = factories.region("RU-MOS")
    factories.region_user(mos, "boss@mos.example", Role.REGION_ADMIN)
    client.post("/login/", {"username": "boss@mos.example", "password": factories.PASSWORD},
                HTTP_HOST=factories.host(mos))

    # Neither from its own host (no federation API there) nor from the federation host.
    own = client.post("/api/v1/onboardings/", MOS, HTTP_HOST=factories.host(mos),
                      content_type="application/json")
    federation = client.post("/api/v1/onboardings/", MOS, HTTP_HOST=FEDERATION,
                             content_type="application/json")
    assert own.status_code == 404
    assert federation.status_code == 401
    assert OnboardingRun.objects.filter(region_code="RU-MOS").count() == 1  # the factory's own


@pytest.mark.django_db
def test_operator_without_operator_role_is_forbidden(client) -> None:
    from accounts.services import create_federal_operator
    from tenants.context import in_federation

    with in_federation():
        user = create_federal_operator(email="ex@federation.example", password=factories.PASSWORD)
        user.role = Role.REGION_ADMIN  # a public-schema account that is not an operator
        user.save()
    token = ApiToken.objects.create(user=user)
    response = client.get("/api/v1/regions/", HTTP_HOST=FEDERATION,
                          HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"code": "Moscow"}, "code"),
        ({"code": "RU-ZZZ"}, "code"),
        ({"time_zone": "Europe/Gotham"}, "time_zone"),
        ({"admin_email": "nobody"}, "admin_email"),
        ({"domain": "-bad-.example"}, "domain"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_input_is_400_naming_the_field(operator_api: APIClient, change, field) -> None:
    response = operator_api.post("/api/v1/onboardings/", {**MOS, **change}, format="json")

    assert response.status_code == 400, response.json()
    error = response.json()["error"]
    assert list(error["fields"]) == [field] and error["message"]
    assert not OnboardingRun.objects.exists()


@pytest.mark.django_db
def test_duplicate_code_and_domain_are_409(operator_api: APIClient) -> None:
    factories.region("RU-MOW")
    code = operator_api.post("/api/v1/onboardings/", {**MOS, "code": "RU-MOW"}, format="json")
    domain = operator_api.post("/api/v1/onboardings/",
                               {**MOS, "domain": "mow.myschool.localhost"}, format="json")

    assert code.status_code == 409 and list(code.json()["error"]["fields"]) == ["code"]
    assert domain.status_code == 409 and list(domain.json()["error"]["fields"]) == ["domain"]
    assert not Region.objects.filter(code="RU-MOS").exists()


@pytest.mark.django_db
def test_unknown_run_and_region_are_404(operator_api: APIClient) -> None:
    assert operator_api.get("/api/v1/onboardings/not-a-run/").status_code == 404
    missing = operator_api.post("/api/v1/regions/RU-TA/suspend/")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


@pytest.mark.django_db
def test_operator_suspends_and_resumes_a_region(operator_api: APIClient) -> None:
    factories.region("RU-MOS")
    suspended = operator_api.post("/api/v1/regions/RU-MOS/suspend/")
    assert suspended.status_code == 200 and suspended.json()["status"] == "suspended"
    assert APIClient().get("/", HTTP_HOST="mos.myschool.localhost").status_code == 503

    resumed = operator_api.post("/api/v1/regions/ru-mos/resume/")
    assert resumed.json()["status"] == "active"
    listed = operator_api.get("/api/v1/regions/").json()
    assert [(r["code"], r["url"]) for r in listed] == [("RU-MOS", "http://mos.myschool.localhost:8000/")]


@pytest.mark.django_db
def test_openapi_schema_lists_the_federation_api(client) -> None:
    response = client.get("/api/schema/", HTTP_HOST=FEDERATION)
    assert response.status_code == 200
    assert b"/api/v1/onboardings/" in response.content


@pytest.mark.django_db
def test_onboarding_still_reads_the_old_field_name_timezone_for_one_release(operator_api: APIClient) -> None:
    old_style = {**{k: v for k, v in MOS.items() if k != "time_zone"}, "timezone": "Asia/Kamchatka"}
    missing = {k: v for k, v in MOS.items() if k != "time_zone"}

    accepted = operator_api.post("/api/v1/onboardings/", old_style, format="json")
    refused = operator_api.post("/api/v1/onboardings/", missing, format="json")

    assert accepted.status_code == 202, accepted.json()
    assert accepted.json()["time_zone"] == "Asia/Kamchatka" and "timezone" not in accepted.json()
    assert OnboardingRun.objects.get().time_zone == "Asia/Kamchatka"
    assert refused.status_code == 400 and list(refused.json()["error"]["fields"]) == ["time_zone"]
