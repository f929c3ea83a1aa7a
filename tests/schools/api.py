"""Calling the region API as a test world's people, and the world these tests share.

api = Api(client, world); api("director", "post", "/api/v1/people/", {...})
"""

from __future__ import annotations

from typing import Any

from django.test import Client
from rest_framework.authtoken.models import Token

from accounts.models import Role
from schools.services import create_school
from tenants.context import in_region
from tests import factories
from tests.world import World, classroom

ROLES = ["regionadmin", "director", "director2", "ivanova", "sidorov", "sidorova"]


def token_of(world: World, who: str) -> str:
    with in_region(world.region):
        token, _created = Token.objects.get_or_create(user=world.people[who])
    return token.key


class Api:
    """api(who, method, url, body) -> the response, on the world's region host with who's token."""

    def __init__(self, client: Client, world: World) -> None:
        self.client, self.world = client, world

    def __call__(self, who: str, method: str, url: str, body: dict | None = None) -> Any:
        return self.call(
            method, url, body, token=token_of(self.world, who), host=factories.host(self.world.region)
        )

    def call(self, method: str, url: str, body: dict | None, *, token: str, host: str) -> Any:
        kwargs = {"content_type": "application/json"} if method in ("post", "patch") else {}
        return getattr(self.client, method)(
            url, body or {}, HTTP_HOST=host, HTTP_AUTHORIZATION=f"Token {token}", **kwargs
        )

    def id(self, name: str) -> int:
        return self.world.people[name].pk


def region_world(code: str = "RU-MOS") -> tuple[World, World]:
    """classroom() with a region admin, plus another school of the region with its own admin,
    6А and the pupil orlov: (the first school's world, the second's). They share people."""
    world = classroom(factories.region(code))
    world.person("regionadmin", Role.REGION_ADMIN)
    with in_region(world.region):
        school = create_school(region=world.region, name="Школа № 2")
    # Not tests.world.school_world: its admin would be "director" again, admin of both schools.
    other = World(region=world.region, year=world.year, school=school, people=world.people)
    other.person("director2", Role.SCHOOL_ADMIN)
    other.person("orlova", Role.TEACHER)
    other.pupil("orlov", "6А")
    return world, other


def error_fields(response: Any) -> dict:
    return response.json()["error"]["fields"]
