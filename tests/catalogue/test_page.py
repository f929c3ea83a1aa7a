"""The catalogue page on a region host: search box, filters, list, in Russian by default."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from catalogue.services import hide_item
from tests import factories
from tests.catalogue import library
from tests.pages.browser import Browser

pytestmark = pytest.mark.django_db


def test_people_search_and_filter_the_library_in_russian(world, settings) -> None:
    for version in (
        library.item("Сложение дробей", description="Обыкновенные дроби с разными знаменателями"),
        library.item("Закон Ома", kind="virtual_lab", subjects=["Физика"], grades=[8]),
        library.item("Десятичные дроби"),
    ):
        library.apply(world.region, version)
    hidden = library.item("Дроби для олимпиад")
    library.apply(world.region, hidden)
    hide_item(region=world.region, item_id=hidden.item_id, actor=world.people["boss"])
    settings.LANGUAGE_CODE = "ru"

    with translation.override("ru"):
        browser = Browser(world, "sidorov")
        found = browser.page("/catalogue/?q=дробями")
        physics = browser.page("/catalogue/?kind=virtual_lab&grade=8")
        nothing = browser.page("/catalogue/?q=интегралы")
        bad = browser.get("/catalogue/?grade=42")
    assert "Библиотека" in found and "Найдено 2 материала" in found
    assert "Сложение дробей" in found and "Десятичные дроби" in found
    assert "Дроби для олимпиад" not in found
    assert "Закон Ома" in physics and "Сложение дробей" not in physics and "Найден 1 материал" in physics
    assert "Ничего не найдено" in nothing
    assert bad.status_code == 400


def test_the_page_needs_a_signed_in_person_of_the_region(world) -> None:
    anonymous = Client().get("/catalogue/", HTTP_HOST=factories.host(world.region))
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    assert Client().get("/catalogue/", HTTP_HOST=factories.host(None)).status_code == 404
