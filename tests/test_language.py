"""People see Russian by default: pages, API errors and command-line errors."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import translation

from accounts.models import ApiToken, User
from tenants.context import in_region
from tests import factories

pytestmark = pytest.mark.django_db


def test_pages_and_api_errors_are_russian_by_default(client, settings) -> None:
    settings.LANGUAGE_CODE = "ru"
    with translation.override("ru"):
        page = client.get("/", HTTP_HOST="atlantis.myschool.localhost", HTTP_ACCEPT_LANGUAGE="ru")
        token = ApiToken.objects.create(user=factories.operator())
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



def text(response) -> str:
    return " ".join(response.content.decode().split())


def test_an_english_browser_sees_russian_until_the_person_switches_and_the_cookie_keeps_it(russian) -> None:
    region = factories.region("RU-MOW", name="Москва")
    browser, host = Client(), factories.host(region)

    first = text(browser.get("/login/", HTTP_HOST=host, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"))
    switched = browser.post("/language/", {"language": "en", "next": "/login/"}, HTTP_HOST=host)
    then = text(browser.get("/login/", HTTP_HOST=host, HTTP_ACCEPT_LANGUAGE="ru"))

    assert "<h1>Войти</h1>" in first and "Моя школа — Москва" in first
    assert 'value="ru" lang="ru" class="current" aria-current="true">Русский</button>' in first
    assert 'value="en" lang="en">English</button>' in first
    assert switched.status_code == 302 and switched["Location"] == "/login/"
    assert switched.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "<h1>Log in</h1>" in then and "My School — Москва" in then


def test_a_logged_in_persons_choice_is_kept_on_their_record_and_follows_them(russian) -> None:
    region = factories.region("RU-MOW", name="Москва")
    host = factories.host(region)
    teacher = factories.region_user(region, "teacher@mow.example")
    laptop = Client()
    laptop.post("/login/", {"username": teacher.email, "password": factories.PASSWORD}, HTTP_HOST=host)

    laptop.post("/language/", {"language": "en", "next": "/"}, HTTP_HOST=host)

    with in_region(region):
        assert User.objects.get(pk=teacher.pk).language == "en"
    phone = Client()  # no cookie yet: the record decides once they log in
    before = text(phone.get("/login/", HTTP_HOST=host))
    phone.post("/login/", {"username": teacher.email, "password": factories.PASSWORD}, HTTP_HOST=host)
    home = phone.get("/", HTTP_HOST=host)
    assert "<h1>Войти</h1>" in before
    assert "Log out" in text(home) and home.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "Page not found" in text(phone.get("/no-such-page/", HTTP_HOST=host))


def test_a_language_the_interface_does_not_have_is_refused_in_russian(russian) -> None:
    region = factories.region("RU-MOW")
    refused = Client().post("/language/", {"language": "xx", "next": "/"}, HTTP_HOST=factories.host(region))
    assert refused.status_code == 400
    assert "language: «xx» — не язык интерфейса." in text(refused)


def test_the_switch_returns_only_to_a_page_of_the_same_host(russian) -> None:
    region = factories.region("RU-MOW")
    away = Client().post("/language/", {"language": "en", "next": "https://evil.example/"},
                         HTTP_HOST=factories.host(region))
    assert away["Location"] == "/"
