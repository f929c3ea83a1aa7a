"""The catalogue page on a region host: search box, filters, list, in Russian by default."""

from __future__ import annotations

import uuid

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


def test_subjects_by_name_a_subject_list_and_an_item_page_with_versions_media_and_homework(
    world, settings
) -> None:
    from catalogue.services.materials import attach_material
    from journal.services import set_homework
    from tests.catalogue.conftest import MONDAY

    video = {"url": "https://cdn.example/safety/v2/intro.mp4", "sha256": "0" * 64, "size": 40960,
             "mime": "video/mp4"}
    first = library.item("Безопасность в сети", subjects=["informatics", "life_safety"])
    second = library.version(first.item, "Безопасность в сети", subjects=["informatics", "life_safety"],
                             manifest={"parts": [{"title": "Видео", "media": [video]}]})
    library.apply(world.region, second)
    given = {}
    for teacher, group in (("ivanova", "5А"), ("petrova", "5Б")):
        lesson = world.lesson(teacher, "Математика", group, MONDAY)
        given[group] = set_homework(region=world.region, lesson=lesson, text=f"Посмотреть видео ({group})",
                                    due_on=MONDAY, actor=world.teacher(teacher))
        attach_material(region=world.region, item_id=first.item_id, actor=world.teacher(teacher),
                        homework=given[group])
    settings.LANGUAGE_CODE = "ru"

    with translation.override("ru"):
        browser = Browser(world, "sidorov")
        listed = browser.page("/catalogue/?subject=life_safety")
        page = browser.page(f"/catalogue/{first.item_id}/")
        other_subject = browser.page("/catalogue/?subject=music")
        unknown = browser.get(f"/catalogue/{uuid.uuid4()}/")

    assert "Информатика, Основы безопасности и защиты Родины" in listed
    assert "life_safety" not in listed.split('<ul class="cards">')[1]  # the code only as an option's value
    assert '<option value="life_safety" selected>Основы безопасности и защиты Родины</option>' in listed
    assert f'<a href="/catalogue/{first.item_id}/">Безопасность в сети</a>' in listed
    assert "Безопасность в сети" not in other_subject
    assert "<h1>Безопасность в сети</h1>" in page
    assert '<a href="https://cdn.example/safety/v2/intro.mp4" rel="noopener">intro.mp4</a>' in page
    assert "<h2>Версии</h2>" in page
    assert "<td>2 <span class=\"muted\">(в этом регионе)</span></td>" in page and "<td>1</td>" in page
    assert "<h2>В домашних заданиях этого региона</h2>" in page
    assert "Посмотреть видео (5А)" in page
    assert "Посмотреть видео (5Б)" not in page  # another class's homework, not sidorov's to read
    assert unknown.status_code == 404
