"""Calling a region's API as one of a test world's people, with their token."""

from __future__ import annotations

from typing import Any

from django.test import Client
from rest_framework.authtoken.models import Token

from tenants.context import in_region
from tests import factories
from tests.world import World


class Api:
    """api("sidorov", "get", "/api/v1/diary/") -> the response, on the world's region host."""

    def __init__(self, client: Client, world: World) -> None:
        self.client, self.world = client, world
        self.host = factories.host(world.region)
        self.tokens: dict[str, str] = {}

    def token(self, who: str) -> str:
        if who not in self.tokens:
            with in_region(self.world.region):
                self.tokens[who] = Token.objects.get_or_create(user=self.world.people[who])[0].key
        return self.tokens[who]

    def __call__(self, who: str, method: str, url: str, body: dict | None = None) -> Any:
        kwargs = {"content_type": "application/json"} if method in ("post", "patch") else {}
        return getattr(self.client, method)(
            url,
            body or {},
            HTTP_HOST=self.host,
            HTTP_AUTHORIZATION=f"Token {self.token(who)}",
            **kwargs,
        )
