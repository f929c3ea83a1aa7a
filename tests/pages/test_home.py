"""Logging in on a region host leads each role to their part of the school; nobody else gets in."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import Role
from schools.services import create_school
from tests import factories
from tests.pages.browser import Browser
from tests.world import World

pytestmark = pytest.mark.django_db


def test_pupils_go_to_their_diary_and_parents_see_their_children(world: World) -> None:
    sidorov = world.people["sidorov"]

    pupil = Browser(world, "sidorov").get("/")
    parent = Browser(world, "sidorova").page("/")

    assert pupil.status_code == 302 and pupil["Location"] == "/diary/"
    assert "Sidorova · Parent" in parent  # the nav: who is logged in, as what
    assert (
        f'href="/diary/?pupil={sidorov.pk}"' in parent and f'href="/portfolio/?pupil={sidorov.pk}"' in parent
    )
    assert "5А, Школа № 1" in parent
    assert "Kuznetsova" not in parent


def test_teachers_see_their_classes_and_subjects(world: World) -> None:
    five_a, five_b = world.group("5А"), world.group("5Б")
    maths, sport = world.subject("Математика"), world.subject("Физическая культура")

    page = Browser(world, "ivanova").page("/")

    assert f"/journal/?class_group={five_a.pk}&amp;subject={maths.pk}" in page
    assert f"/journal/?class_group={five_a.pk}&amp;subject={sport.pk}" in page
    assert f"class_group={five_b.pk}" not in page  # petrova's class
    assert '<form method="post" action="/logout/">' in page


def test_the_administration_sees_its_schools_with_counts_and_journals(world: World) -> None:
    five_b, maths = world.group("5Б"), world.subject("Математика")
    create_school(region=world.region, name="Школа № 2")
    factories.region_user(world.region, "boss@mos.example", Role.REGION_ADMIN)

    director = Browser(world, "director").page("/")
    region_admin = Browser(world, "boss@mos.example").page("/")

    assert '<h2>Школа № 1</h2> <p class="muted">2 class groups, 4 pupils in 2026/2027</p>' in director
    assert "<td><strong>5Б</strong></td> <td>1</td>" in director
    assert f"/journal/?class_group={five_b.pk}&amp;subject={maths.pk}" in director
    assert 'href="/api/docs/"' in director
    assert "Школа № 2" not in director
    assert '<h2>Школа № 2</h2> <p class="muted">0 class groups, 0 pupils in 2026/2027</p>' in region_admin
    assert f"/journal/?class_group={five_b.pk}&amp;subject={maths.pk}" in region_admin


def test_anonymous_people_are_asked_to_log_in_and_the_federation_has_no_school_pages(world: World) -> None:
    anonymous = Browser(world)
    for url in ("/diary/", "/journal/?class_group=1&subject=1", "/portfolio/"):
        response = anonymous.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/?next=")

    factories.operator()
    federation = Client(HTTP_HOST=factories.host(None))
    assert (
        federation.post(
            "/login/", {"username": "operator@federation.example", "password": factories.PASSWORD}
        ).status_code
        == 302
    )
    for url in ("/diary/", "/journal/", "/portfolio/"):
        assert federation.get(url).status_code == 404
