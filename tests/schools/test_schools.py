"""Schools: everyone sees the schools they belong to; the region admin opens them, their admins edit them."""

from __future__ import annotations

import pytest

from schools.models import School
from tenants.context import in_region
from tests.api import Api
from tests.schools.api import error_fields
from tests.world import World

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return [school["name"] for school in response.json()["results"]]


def school_count(world: World) -> int:
    with in_region(world.region):
        return School.objects.count()


def test_each_role_lists_the_schools_it_belongs_to(api: Api) -> None:
    assert names(api("regionadmin", "get", "/api/v1/schools/")) == ["Школа № 1", "Школа № 2"]
    assert names(api("director", "get", "/api/v1/schools/")) == ["Школа № 1"]
    assert names(api("director2", "get", "/api/v1/schools/")) == ["Школа № 2"]
    assert names(api("ivanova", "get", "/api/v1/schools/")) == ["Школа № 1"]
    assert names(api("orlov", "get", "/api/v1/schools/")) == ["Школа № 2"]
    assert names(api("sidorova", "get", "/api/v1/schools/")) == ["Школа № 1"]


def test_the_region_admin_opens_a_school(api: Api) -> None:
    response = api(
        "regionadmin", "post", "/api/v1/schools/", {"name": " Лицей  № 3 ", "address": "ул. Ленина, 1"}
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body == {"id": body["id"], "name": "Лицей № 3", "short_name": "", "address": "ул. Ленина, 1"}
    assert api("regionadmin", "get", f"/api/v1/schools/{body['id']}/").json()["name"] == "Лицей № 3"
    assert api("director", "get", f"/api/v1/schools/{body['id']}/").status_code == 404


def test_nobody_else_opens_a_school(api: Api) -> None:
    for who in ("director", "ivanova", "sidorov", "sidorova"):
        response = api(who, "post", "/api/v1/schools/", {"name": "Лицей № 3"})
        assert response.status_code == 403, who
        assert response.json()["error"]["code"] == "forbidden"
    assert school_count(api.world) == 2


def test_a_bad_school_is_refused_with_the_field_named(api: Api) -> None:
    cases = [
        ({}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "Ш" * 301}, "name"),
        ({"name": "Ш", "address": "a" * 301}, "address"),
    ]
    for body, field in cases:
        response = api("regionadmin", "post", "/api/v1/schools/", body)
        assert response.status_code == 400, body
        assert list(error_fields(response)) == [field], body
    assert school_count(api.world) == 2


def test_its_school_admin_renames_a_school_and_changes_its_address(api: Api) -> None:
    url = f"/api/v1/schools/{api.world.school.pk}/"

    response = api("director", "patch", url, {"name": "Школа № 1 имени Пушкина", "address": "ул. Мира, 5"})

    assert response.status_code == 200, response.json()
    assert api("ivanova", "get", url).json() == {
        "id": api.world.school.pk,
        "name": "Школа № 1 имени Пушкина",
        "short_name": "",
        "address": "ул. Мира, 5",
    }
    assert api("regionadmin", "patch", url, {"address": ""}).json()["address"] == ""


def test_others_cannot_change_a_school(api: Api) -> None:
    url = f"/api/v1/schools/{api.world.school.pk}/"

    for who in ("director2", "ivanova", "sidorov", "sidorova"):
        assert api(who, "patch", url, {"name": "Чужая школа"}).status_code == 404, who
    assert api("regionadmin", "get", url).json()["name"] == "Школа № 1"


def test_a_school_cannot_lose_its_name(api: Api) -> None:
    url = f"/api/v1/schools/{api.world.school.pk}/"

    response = api("director", "patch", url, {"name": "", "address": "ул. Мира, 5"})

    assert response.status_code == 400
    assert list(error_fields(response)) == ["name"]
    assert api("director", "get", url).json()["address"] == ""


def test_a_school_out_of_reach_reads_as_missing(api: Api, other: World) -> None:
    assert api("director", "get", f"/api/v1/schools/{other.school.pk}/").status_code == 404
    assert api("director", "get", "/api/v1/schools/999999/").status_code == 404
