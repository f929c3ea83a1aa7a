"""What a person sees at a wrong address: the project's pages in their language, never Django's."""

from __future__ import annotations

import io

import pytest
from django.core.mail import EmailMessage
from django.test import Client, RequestFactory

from myschool.error_pages import server_error
from myschool.mail import ReadableConsoleBackend
from tests import factories

pytestmark = pytest.mark.django_db

NOT_FOUND = "По этому адресу ничего нет. Проверьте адрес или начните с главной страницы."



def text(response) -> str:
    return " ".join(response.content.decode().split())


def test_an_unknown_api_path_on_a_region_host_answers_the_json_error(russian) -> None:
    host = factories.host(factories.region("RU-MOW", name="Москва"))
    for path in ("/api/v1/", "/api/v1/no-such-thing/"):
        response = Client().get(path, HTTP_HOST=host)
        assert response.status_code == 404
        assert response.json() == {"error": {"code": "not_found", "message": NOT_FOUND, "fields": {}}}


def test_an_unknown_page_answers_the_projects_404_page_naming_the_host(russian) -> None:
    region = factories.region("RU-MOW", name="Москва")
    federation = Client().get("/diary/", HTTP_HOST="myschool.localhost")
    moscow = Client().get("/no-such-page/", HTTP_HOST=factories.host(region))
    for response, header in ((federation, "Моя школа — Федерация"), (moscow, "Моя школа — Москва")):
        assert response.status_code == 404
        page = text(response)
        assert "<h1>Страница не найдена</h1>" in page and NOT_FOUND in page and header in page
        assert '<a href="/">На главную</a>' in page
        assert "Django" not in page


def test_region_pages_before_login_name_their_region(russian) -> None:
    host = factories.host(factories.region("RU-MOW", name="Москва"))
    password_set = text(Client().get("/password/set/MQ/not-a-token/", HTTP_HOST=host))
    assert "Моя школа — Москва" in password_set and "Федерация" not in password_set


def test_the_address_runserver_prints_points_to_the_federations(russian) -> None:
    for host in ("127.0.0.1:8000", "localhost:8311"):
        response = Client().get("/diary/", HTTP_HOST=host)
        assert response.status_code == 200
        page = text(response)
        port = host.rsplit(":", 1)[1]
        assert f'<a href="http://myschool.localhost:{port}/">http://myschool.localhost:{port}/</a>' in page
        assert "<h1>Откройте платформу по её адресу</h1>" in page


def test_a_server_error_answers_the_projects_page_or_json(russian) -> None:
    page = server_error(RequestFactory().get("/diary/"))
    api = server_error(RequestFactory().get("/api/v1/diary/"))
    assert page.status_code == api.status_code == 500
    assert "<h1>Что-то пошло не так</h1>" in text(page)
    assert api.content.decode() == (
        '{"error": {"code": "server_error", "message": '
        '"Ошибка записана. Попробуйте ещё раз через несколько минут.", "fields": {}}}'
    )


def test_console_e_mail_reads_as_written() -> None:
    stream = io.StringIO()
    message = EmailMessage(subject="Ваша учётная запись: Москва", body="Задайте пароль по ссылке: http://x/",
                           from_email="noreply@myschool.localhost", to=["admin@mow.example"])
    ReadableConsoleBackend(stream=stream).send_messages([message])
    assert stream.getvalue().splitlines()[1:5] == [
        "E-mail from noreply@myschool.localhost to admin@mow.example",
        "Subject: Ваша учётная запись: Москва",
        "",
        "Задайте пароль по ссылке: http://x/",
    ]
