"""`make up`'s demo regions are lived-in: each role logs in and finds their part of a real school."""

from __future__ import annotations

from datetime import date

import pytest

from demo.regional import PASSWORD, demo_logins, populate_demo_region
from schools.models import School
from tenants.context import in_region
from tests import factories

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 25)  # a Wednesday in the 2nd quarter


def token(client, region, email: str) -> str:
    response = client.post(
        "/api/v1/auth/token/",
        {"email": email, "password": PASSWORD},
        content_type="application/json",
        HTTP_HOST=factories.host(region),
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


def get(client, region, key: str, url: str) -> dict:
    response = client.get(url, HTTP_HOST=factories.host(region), HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200, response.content
    return response.json()


def test_every_demo_role_finds_a_lived_in_school(client) -> None:
    region = factories.region("RU-MOS")
    with in_region(region):
        assert populate_demo_region(region=region, today=TODAY, school_name="Лицей") is True
        assert populate_demo_region(region=region, today=TODAY, school_name="Лицей") is False
        assert School.objects.count() == 1
    logins = {role: email for role, email, _password in demo_logins(region)}
    assert len(logins) == 4

    pupil = token(client, region, logins["Pupil"])
    last_week = get(client, region, pupil, "/api/v1/diary/?week_of=2026-11-18")
    lessons = [lesson for day in last_week["days"] for lesson in day["lessons"]]
    assert len(lessons) >= 20
    assert all(lesson["topic"] for lesson in lessons)
    assert any(lesson["homework"] for lesson in lessons)

    parent = token(client, region, logins["Parent"])
    children = get(client, region, parent, "/api/v1/children/")
    assert [child["class_group"]["name"] for child in children["results"]] == ["5А", "10А"]

    teacher = token(client, region, logins["Teacher"])
    assert (
        get(client, region, teacher, "/api/v1/lessons/?date_from=2026-11-16&date_to=2026-11-20")["count"] > 0
    )
    director = token(client, region, logins["School administrator"])
    assert get(client, region, director, "/api/v1/achievements/?status=pending")["count"] == 1
