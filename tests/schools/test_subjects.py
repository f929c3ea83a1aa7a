"""Subjects: everyone in the region reads them; the region admin adds them on a scale in use."""

from __future__ import annotations

import pytest

from schools.models import Subject
from tenants.context import in_region
from tests.api import Api
from tests.schools.api import error_fields
from tests.world import World

pytestmark = pytest.mark.django_db

SUBJECTS = "/api/v1/subjects/"


def count(world: World) -> int:
    with in_region(world.region):
        return Subject.objects.count()


def test_everyone_reads_the_subjects(api: Api) -> None:
    for who in ("regionadmin", "director", "ivanova", "sidorov", "sidorova"):
        body = api(who, "get", SUBJECTS).json()
        assert [(s["name"], s["grading_scale"]) for s in body["results"]] == [
            ("Математика", "five_point"),
            ("Физическая культура", "pass_fail"),
        ], who


def test_the_region_admin_adds_a_subject(api: Api) -> None:
    response = api(
        "regionadmin",
        "post",
        SUBJECTS,
        {"name": "История", "short_name": "Ист.", "grading_scale": "five_point"},
    )

    assert response.status_code == 201, response.json()
    assert response.json() == {
        "id": response.json()["id"],
        "name": "История",
        "short_name": "Ист.",
        "grading_scale": "five_point",
    }
    duplicate = api("regionadmin", "post", SUBJECTS, {"name": "математика"})
    assert duplicate.status_code == 409 and list(error_fields(duplicate)) == ["name"]


def test_bad_subjects_are_named_and_nothing_is_written(api: Api, world: World) -> None:
    for body, field in [
        ({"name": ""}, "name"),
        ({"name": "История", "grading_scale": "hundred"}, "grading_scale"),
        ({"name": "История", "short_name": "И" * 31}, "short_name"),
    ]:
        response = api("regionadmin", "post", SUBJECTS, body)
        assert response.status_code == 400, (body, response.json())
        assert list(error_fields(response)) == [field], body
    assert count(world) == 2


def test_only_the_region_admin_adds_subjects(api: Api, world: World) -> None:
    for who in ("director", "ivanova", "sidorov"):
        assert api(who, "post", SUBJECTS, {"name": "История"}).status_code == 403, who
    assert count(world) == 2
