"""Parents and children: admins link them, a parent sees their own children, nobody else's."""

from __future__ import annotations

import pytest

from schools.models import Guardianship
from tenants.context import in_region
from tests.api import Api
from tests.schools.api import error_fields
from tests.world import World

pytestmark = pytest.mark.django_db

LINKS = "/api/v1/guardianships/"


def links(api: Api, who: str, query: str = "") -> list[tuple[str, str]]:
    response = api(who, "get", LINKS + query)
    assert response.status_code == 200, response.json()
    return [(link["parent"]["full_name"], link["child"]["full_name"]) for link in response.json()["results"]]


def count(world: World) -> int:
    with in_region(world.region):
        return Guardianship.objects.count()


def test_a_school_admin_links_a_parent_to_a_child_of_their_school(api: Api, world: World) -> None:
    response = api("director", "post", LINKS, {"parent": api.id("sidorova"), "child": api.id("popov")})

    assert response.status_code == 201, response.json()
    assert response.json()["child"] == {"id": api.id("popov"), "full_name": "Popov"}
    assert links(api, "sidorova") == [("Sidorova", "Popov"), ("Sidorova", "Sidorov")]
    assert links(api, "director", f"?child={api.id('popov')}") == [("Sidorova", "Popov")]
    again = api("director", "post", LINKS, {"parent": api.id("sidorova"), "child": api.id("popov")})
    assert again.status_code == 201 and again.json()["id"] == response.json()["id"]
    assert count(world) == 2


def test_each_role_reads_the_links_it_may(api: Api, other: World) -> None:
    assert links(api, "regionadmin") == [("Sidorova", "Sidorov")]
    assert links(api, "director") == [("Sidorova", "Sidorov")]
    assert links(api, "director2") == []
    assert links(api, "sidorov") == [("Sidorova", "Sidorov")]
    assert links(api, "kuznetsova") == []
    assert links(api, "ivanova") == []


def test_bad_links_are_refused_with_the_field_named(api: Api, world: World) -> None:
    cases = [
        ({"parent": api.id("ivanova"), "child": api.id("popov")}, "parent"),  # not a parent
        ({"parent": api.id("sidorova"), "child": api.id("ivanova")}, "child"),  # not a pupil
        ({"parent": api.id("sidorova"), "child": api.id("orlov")}, "child"),  # of the other school
        ({"parent": 999999, "child": api.id("popov")}, "parent"),
        ({"parent": api.id("sidorova")}, "child"),
    ]
    for body, field in cases:
        response = api("director", "post", LINKS, body)
        assert response.status_code == 400, (body, response.json())
        assert list(error_fields(response)) == [field], body
    other_admin = api("director2", "post", LINKS, {"parent": api.id("sidorova"), "child": api.id("orlov")})
    assert list(error_fields(other_admin)) == ["parent"]  # sidorova is a parent of the first school
    assert count(world) == 1


def test_teachers_pupils_and_parents_link_nobody(api: Api, world: World) -> None:
    for who in ("ivanova", "sidorov", "sidorova"):
        response = api(who, "post", LINKS, {"parent": api.id("sidorova"), "child": api.id("popov")})
        assert response.status_code == 403, who
    assert count(world) == 1
