"""The region admin rosters the region through the API: upload, dry-run report, apply, progress."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from accounts.models import ApiToken, Role, User
from rostering.selectors import get_import
from rostering.services import run_import
from schools.models import School
from tenants.context import in_region
from tenants.models import Region
from tests import factories
from tests.rostering.bundles import BULK, write_bundle

URL = "/api/v1/roster/imports/"


class Admin:
    """Calls the region's API with a person's token."""

    def __init__(self, client: Client, region: Region, role: str = Role.REGION_ADMIN) -> None:
        user = factories.region_user(region, f"{role}@ta.example", role=role)
        with in_region(region):
            self.token = ApiToken.objects.create(user=user).key
        self.client, self.host = client, factories.host(region)

    def get(self, url: str) -> Any:
        return self.client.get(url, HTTP_HOST=self.host, HTTP_AUTHORIZATION=f"Token {self.token}")

    def post(self, url: str, data: dict | None = None) -> Any:
        return self.client.post(
            url, data or {}, HTTP_HOST=self.host, HTTP_AUTHORIZATION=f"Token {self.token}"
        )

    def upload(self, path: Path, **fields: object) -> Any:
        with path.open("rb") as bundle:
            return self.post(URL, {"file": bundle, **fields})

    def wait(self, url: str, *states: str, timeout: float = 60) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            body = self.get(url).json()
            if body["state"] in states:
                return body
            time.sleep(0.2)
        raise AssertionError(f"import did not reach {states} in {timeout}s: {body}")


@pytest.mark.usefixtures("celery_worker")
def test_upload_preview_apply_and_progress_through_the_worker(client: Client, tmp_path: Path) -> None:
    region = factories.region("RU-TA")
    admin = Admin(client, region)

    uploaded = admin.upload(write_bundle(tmp_path, BULK))

    assert uploaded.status_code == 202, uploaded.json()
    url = f"{URL}{uploaded.json()['id']}/"
    checked = admin.wait(url, "checked", "failed")
    assert checked["state"] == "checked", checked
    assert checked["report"]["files"]["users"] == {"create": 4}
    assert checked["progress"]["percent"] == 100.0
    assert checked["progress"]["rows"]["users"] == 4
    with in_region(region):
        assert not School.objects.exists()

    applying = admin.post(f"{url}apply/")

    assert applying.status_code == 202
    applied = admin.wait(url, "applied", "failed")
    assert applied["state"] == "applied", applied
    with in_region(region):
        assert School.objects.count() == 2
        assert User.objects.filter(email="ivanova@school.example", role=Role.TEACHER).exists()
    assert admin.post(f"{url}apply/").status_code == 409


@pytest.mark.django_db
def test_only_the_region_admin_rosters(client: Client, tmp_path: Path) -> None:
    region = factories.region("RU-TA")
    teacher = Admin(client, region, role=Role.TEACHER)

    assert teacher.upload(write_bundle(tmp_path, BULK)).status_code == 403
    assert teacher.get(URL).status_code == 403


@pytest.mark.django_db
def test_the_size_and_type_are_checked_first(client: Client, tmp_path: Path, settings) -> None:
    admin = Admin(client, factories.region("RU-TA"))
    text = tmp_path / "users.zip"
    text.write_text("sourcedId,name\n")

    not_zip = admin.upload(text)
    settings.ROSTER_MAX_UPLOAD_BYTES = 100
    too_big = admin.upload(write_bundle(tmp_path, BULK))

    assert not_zip.status_code == 400
    assert not_zip.json()["error"]["fields"]["file"] == ["Upload a zip archive of OneRoster 1.2 CSV files."]
    assert too_big.status_code == 400
    assert too_big.json()["error"]["fields"]["file"] == ["The file is larger than 0 MB."]


@pytest.mark.django_db
def test_applying_a_bundle_with_errors_is_refused_unless_skipping(client: Client, tmp_path: Path) -> None:

    region = factories.region("RU-TA")
    admin = Admin(client, region)
    broken = {**BULK, "roles": BULK["roles"] + "r-x,,,p1,secondary,student,,,s9,\n"}
    uploaded = admin.upload(write_bundle(tmp_path, broken)).json()
    with in_region(region):
        run_import(region=region, roster_import=get_import(uploaded["id"]), apply=False)

    refused = admin.post(f"{URL}{uploaded['id']}/apply/")

    assert refused.status_code == 409
    report = admin.get(f"{URL}{uploaded['id']}/").json()["report"]
    assert report["errors"] == [
        {"file": "roles.csv", "line": 7, "column": "orgSourcedId", "message": "Unknown organisation “s9”."}
    ]


@pytest.mark.django_db
def test_the_openapi_schema_describes_the_rostering_api(client: Client) -> None:
    region = factories.region("RU-TA")
    schema = client.get("/api/schema/", {"format": "json"}, HTTP_HOST=factories.host(region)).json()
    assert {"/api/v1/roster/imports/", "/api/v1/roster/imports/{id}/apply/"} <= set(schema["paths"])
