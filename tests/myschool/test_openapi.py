"""The region's OpenAPI schema says what the API does: pages, wall-clock times, the error shape."""

from __future__ import annotations

from datetime import date

import pytest

from accounts.models import Role
from tests import factories
from tests.api import Api
from tests.schema import assert_matches_schema, region_schema, strict
from tests.world import World, classroom

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    world = classroom(factories.region("RU-MOS"))
    world.person("director", Role.SCHOOL_ADMIN)
    world.lesson("ivanova", "Математика", "5А", date(2026, 11, 23), topic="Дроби")
    return world


@pytest.fixture
def api(client, world: World) -> Api:
    return Api(client, world)


def test_a_list_is_documented_as_the_page_it_answers(api: Api) -> None:
    response = api("director", "get", "/api/v1/schools/?limit=1")

    assert set(response.json()) == {"count", "next", "previous", "results"}
    assert_matches_schema(response.json(), "/api/v1/schools/")


def test_a_timetable_time_is_documented_as_the_hh_mm_it_is(api: Api, world: World) -> None:
    url = f"/api/v1/class-groups/{world.group('5А').pk}/timetable/"
    body = {
        "weekday": 1, "number": 1, "starts_at": "08:30", "ends_at": "09:15",
        "subject": world.subject("Математика").pk, "teacher": world.teacher("ivanova").pk, "room": "12",
    }

    created = api("director", "post", url, body)

    assert created.status_code == 201, created.json()
    assert (created.json()["starts_at"], created.json()["ends_at"]) == ("08:30", "09:15")
    assert_matches_schema(created.json(), "/api/v1/class-groups/{id}/timetable/", "post", "201")
    refused = api("director", "post", url, {**body, "starts_at": "08:30:00"})
    assert refused.status_code == 400 and list(refused.json()["error"]["fields"]) == ["starts_at"]


def test_every_operation_documents_its_errors_in_the_one_error_shape() -> None:
    document = region_schema()
    error = {"$ref": "#/components/schemas/Error"}

    undocumented = [
        f"{method.upper()} {path} {status}"
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        for status in ("400", "401", "403", "404", "409")
        if operation["responses"].get(status, {}).get("content", {}).get("application/json", {}).get("schema")
        != error
    ]

    assert not undocumented
    assert strict(document["components"]["schemas"]["Error"])["properties"]["error"]["required"] == [
        "code", "message", "fields"
    ]


def test_a_refused_nested_field_is_named_in_plain_words(api: Api, world: World) -> None:
    with_links = {"text": "Задачи 1–5", "links": [{"url": "https://example.org"}, {"title": "без адреса"}]}
    lesson = world.lesson("ivanova", "Математика", "5А", date(2026, 11, 24))

    response = api("ivanova", "post", f"/api/v1/lessons/{lesson.pk}/homework/", with_links)

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["fields"] == {"links": ["1.url: This field is required."]}
    assert error["message"] == "links: 1.url: This field is required."
    assert_matches_schema(response.json(), "/api/v1/lessons/{id}/homework/", "post", "400")
