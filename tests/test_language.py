"""People see Russian by default: pages, API errors and command-line errors."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from rest_framework.authtoken.models import Token

from tests import factories

pytestmark = pytest.mark.django_db


def test_pages_and_api_errors_are_russian_by_default(client, settings) -> None:
    settings.LANGUAGE_CODE = "ru"
    with translation.override("ru"):
        page = client.get("/", HTTP_HOST="atlantis.myschool.localhost", HTTP_ACCEPT_LANGUAGE="ru")
        token = Token.objects.create(user=factories.operator())
        api = client.post(
            "/api/v1/onboardings/",
            {"code": "RU-MOS", "name": "Московская область", "timezone": "Mars/Base",
             "admin_email": "admin@mos.example"},
            content_type="application/json", HTTP_HOST="myschool.localhost",
            HTTP_AUTHORIZATION=f"Token {token.key}", HTTP_ACCEPT_LANGUAGE="ru",
        )
    assert "Такого региона нет" in page.content.decode()
    assert api.json()["error"]["fields"]["time_zone"] == [
        "«Mars/Base» — не часовой пояс IANA (например, Europe/Moscow)."
    ]


def test_command_errors_are_russian_by_default() -> None:
    with translation.override("ru"), pytest.raises(CommandError) as error:
        call_command("onboard_region", "--code", "RU-XX", "--name", "x", "--timezone", "UTC",
                     "--admin-email", "a@b.example")
    assert str(error.value) == "code: RU-XX — не регион Российской Федерации."
