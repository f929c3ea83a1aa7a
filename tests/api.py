"""Calling a region's API as one of a test world's people, with their token.

api = Api(client, world); api("director", "post", "/api/v1/people/", {...})
"""

from __future__ import annotations

from typing import Any

from django.test import Client

from accounts.models import ApiToken
from tenants.context import in_region
from tests import factories
from tests.world import World


def token_of(world: World, who: str) -> str:
    with in_region(world.region):
        token, _created = ApiToken.objects.get_or_create(user=world.people[who])
    return token.key


class Api:
    """api(who, method, url, body) -> the response, on the world's region host with who's token."""

    def __init__(self, client: Client, world: World) -> None:
        self.client, self.world = client, world
        self.host = factories.host(world.region)
        self.tokens: dict[str, str] = {}

    def token(self, who: str) -> str:
        if who not in self.tokens:
            self.tokens[who] = token_of(self.world, who)
        return self.tokens[who]

    def __call__(self, who: str, method: str, url: str, body: dict | None = None) -> Any:
        return self.call(method, url, body, token=self.token(who), host=self.host)

    def call(self, method: str, url: str, body: dict | None, *, token: str, host: str) -> Any:
        kwargs = {"content_type": "application/json"} if method in ("post", "patch", "put") else {}
        return getattr(self.client, method)(
            url, body or {}, HTTP_HOST=host, HTTP_AUTHORIZATION=f"Token {token}", **kwargs
        )

    def id(self, name: str) -> int:
        return self.world.people[name].pk
