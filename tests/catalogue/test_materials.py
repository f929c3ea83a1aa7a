"""Materials: catalogue items given with homework and lessons, pinned to the version given."""

from __future__ import annotations

from datetime import date, time

import pytest
from django.utils import translation

from catalogue import selectors
from catalogue.models import Material
from catalogue.services import choose_collections, hide_item
from journal.services import set_homework
from tests.catalogue import library
from tests.catalogue.conftest import MONDAY, region_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def maths(world):
    """ivanova's maths lesson in 5А on MONDAY."""
    return world.lesson("ivanova", "Математика", "5А", MONDAY)


@pytest.fixture
def homework(world, maths):
    return set_homework(
        region=world.region,
        lesson=maths,
        text="№ 245",
        due_on=date(2026, 11, 25),
        actor=world.teacher("ivanova"),
    )


@pytest.fixture
def fractions(world):
    """A video lesson, version 1, in the region's catalogue."""
    version = library.item(
        "Дроби", manifest={"parts": [{"title": "Видео", "url": "https://cdn.example/v1.mp4"}]}
    )
    library.apply(world.region, version)
    return version


def test_a_material_keeps_the_version_given_when_the_catalogue_moves_on(
    world, api, homework, maths, fractions
) -> None:
    given = api(
        "ivanova", "post", f"/api/v1/homework/{homework.pk}/materials/", {"item": str(fractions.item_id)}
    )
    assert given.status_code == 201, given.json()
    assert (given.json()["version"], given.json()["title"]) == (1, "Дроби")
    on_lesson = api(
        "ivanova", "post", f"/api/v1/lessons/{maths.pk}/materials/", {"item": str(fractions.item_id)}
    )
    assert on_lesson.status_code == 201, on_lesson.json()

    second = library.version(
        fractions.item,
        "Дроби (новая редакция)",
        manifest={"parts": [{"title": "Видео", "url": "https://cdn.example/v2.mp4"}]},
    )
    library.apply(world.region, second, sequence=2)
    assert api("ivanova", "get", f"/api/v1/catalogue/items/{fractions.item_id}/").json()["version"] == 2

    world.parent("sidorova", "sidorov")
    for who in ("ivanova", "sidorov", "sidorova", "director"):
        for url in (f"/api/v1/homework/{homework.pk}/materials/", f"/api/v1/lessons/{maths.pk}/materials/"):
            [material] = api(who, "get", url).json()["results"]
            assert (material["version"], material["version_id"]) == (1, str(fractions.id)), who
            assert material["title"] == material["content"]["title"] == "Дроби"
            assert material["content"]["manifest"]["parts"][0]["url"] == "https://cdn.example/v1.mp4"
            assert (material["withdrawn"], material["notice"], material["kind"]) == (
                False,
                "",
                "video_lesson",
            )

    # A new material pins the current version.
    world.assign("ivanova", "Математика", "5Б")
    other = world.lesson("ivanova", "Математика", "5Б", MONDAY, at=time(10, 0))
    newer = api("ivanova", "post", f"/api/v1/lessons/{other.pk}/materials/", {"item": str(fractions.item_id)})
    assert newer.json()["version"] == 2
    assert newer.json()["content"]["manifest"]["parts"][0]["url"] == "https://cdn.example/v2.mp4"


def test_a_withdrawal_hides_given_materials_with_a_notice_and_a_local_hide_does_not(
    world, api, homework, fractions
) -> None:
    percent = library.item("Проценты")
    library.apply(world.region, percent)
    for version in (fractions, percent):
        api("ivanova", "post", f"/api/v1/homework/{homework.pk}/materials/", {"item": str(version.item_id)})

    hide_item(
        region=world.region, item_id=percent.item_id, note="Не по программе", actor=world.people["boss"]
    )
    library.withdraw(fractions.item_id, "Нарушение авторских прав")  # no release has reached the region yet

    materials = api("sidorov", "get", f"/api/v1/homework/{homework.pk}/materials/").json()["results"]
    by_title = {m["title"]: m for m in materials}
    assert by_title["Дроби"]["withdrawn"] is True
    assert by_title["Дроби"]["content"] is None
    assert (
        by_title["Дроби"]["notice"]
        == "This material was withdrawn from the library: Нарушение авторских прав"
    )
    assert by_title["Проценты"]["withdrawn"] is False  # the region's hide leaves what was given
    assert by_title["Проценты"]["content"]["title"] == "Проценты"

    with translation.override("ru"):
        [withdrawn] = [
            m
            for m in selectors.materials_for(region=world.region, homework_ids=[homework.pk])
            if m["withdrawn"]
        ]
    assert withdrawn["notice"] == "Материал изъят из библиотеки: Нарушение авторских прав"


def test_bad_materials_are_refused_with_clear_errors_and_nothing_is_written(
    world, api, homework, maths, fractions
) -> None:
    labs = library.collection("labs", "Лаборатории")
    hidden, withdrawn, elsewhere = (
        library.item("Проценты"),
        library.item("Степени"),
        library.item("Логарифмы"),
    )
    for version in (hidden, withdrawn, elsewhere):
        library.apply(world.region, version)
    hide_item(region=world.region, item_id=hidden.item_id, actor=world.people["boss"])
    library.withdraw(withdrawn.item_id, "Ошибки в ответах")
    api("ivanova", "post", f"/api/v1/homework/{homework.pk}/materials/", {"item": str(fractions.item_id)})
    world.assign("petrova", "Русский язык", "5А")  # reads 5А's lessons, does not teach its maths
    before = region_rows()
    url = f"/api/v1/homework/{homework.pk}/materials/"
    unknown = "0b0e6a3e-5a7c-4c1f-9b1e-2a3d4c5e6f70"
    cases = [
        ("ivanova", url, unknown, 400, f"No catalogue item with id {unknown}."),
        ("ivanova", url, "x", 400, "No catalogue item with id x."),
        ("ivanova", url, str(hidden.item_id), 400, "“Проценты” is not offered in this region's catalogue."),
        (
            "ivanova",
            url,
            str(withdrawn.item_id),
            400,
            "“Степени” was withdrawn from the library: Ошибки в ответах",
        ),
        ("ivanova", url, str(fractions.item_id), 409, "“Дроби” is already given with this homework."),
        ("petrova", url, str(elsewhere.item_id), 403, None),
        ("sidorov", url, str(elsewhere.item_id), 403, None),
        ("popov", url, str(elsewhere.item_id), 404, None),  # another class's pupil: not even visible
        ("ivanova", "/api/v1/homework/999999/materials/", str(elsewhere.item_id), 404, None),
        ("ivanova", "/api/v1/lessons/999999/materials/", str(elsewhere.item_id), 404, None),
    ]
    for who, target, item, code, message in cases:
        response = api(who, "post", target, {"item": item})
        assert response.status_code == code, (who, item, response.json())
        if message:
            assert response.json()["error"]["fields"] == {"item": [message]}
    choose_collections(
        region=world.region, all_collections=False, collection_ids=[labs.id], actor=world.people["boss"]
    )
    not_chosen = api("ivanova", "post", url, {"item": str(elsewhere.item_id)})
    assert not_chosen.json()["error"]["fields"] == {
        "item": ["“Логарифмы” is not offered in this region's catalogue."]
    }
    rows = region_rows()
    assert rows["Material"] == before["Material"]


def test_materials_are_taken_back_only_by_who_writes_the_journal(world, api, homework, fractions) -> None:
    url = f"/api/v1/homework/{homework.pk}/materials/"
    material = api("ivanova", "post", url, {"item": str(fractions.item_id)}).json()
    assert api("sidorov", "delete", f"{url}{material['id']}/").status_code == 403
    assert api("popov", "delete", f"{url}{material['id']}/").status_code == 404
    assert api("ivanova", "delete", f"{url}999999/").status_code == 404
    assert Material.objects.count() == 1
    assert api("ivanova", "delete", f"{url}{material['id']}/").status_code == 204
    assert api("sidorov", "get", url).json()["results"] == []


def test_materials_for_many_homework_and_lessons_is_one_query(
    world, homework, maths, fractions, django_assert_num_queries
) -> None:
    from catalogue.services import attach_material

    teacher = world.teacher("ivanova")
    second = set_homework(
        region=world.region, lesson=maths, text="№ 250", due_on=date(2026, 11, 25), actor=teacher
    )
    tuesday = world.lesson("ivanova", "Математика", "5А", date(2026, 11, 24))
    percent = library.item("Проценты", kind="self_check_test")
    library.apply(world.region, percent)
    attach_material(region=world.region, item_id=fractions.item_id, homework=homework, actor=teacher)
    attach_material(region=world.region, item_id=percent.item_id, homework=homework, actor=teacher)
    attach_material(region=world.region, item_id=percent.item_id, homework=second, actor=teacher)
    attach_material(region=world.region, item_id=fractions.item_id, lesson=tuesday, actor=teacher)
    attach_material(region=world.region, item_id=fractions.item_id, lesson=maths, actor=teacher)
    library.withdraw(percent.item_id, "Ошибки")
    assert Material.objects.count() == 5  # (and back in the region's schema: its SET is not counted below)

    with django_assert_num_queries(1):
        rows = selectors.materials_for(
            region=world.region, homework_ids=[homework.pk, second.pk], lesson_ids=[tuesday.pk]
        )
    assert [(r["homework_id"], r["lesson_id"], r["title"], r["kind"], r["withdrawn"]) for r in rows] == [
        (homework.pk, None, "Дроби", "video_lesson", False),
        (homework.pk, None, "Проценты", "self_check_test", True),
        (second.pk, None, "Проценты", "self_check_test", True),
        (None, tuesday.pk, "Дроби", "video_lesson", False),
    ]
    assert selectors.materials_for(region=world.region) == []
