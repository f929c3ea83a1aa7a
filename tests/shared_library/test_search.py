"""Search: Russian full text with word forms, ranked; filters by kind, subject, grade, collection, state."""

from __future__ import annotations

import pytest

from shared_library.selectors import search_versions
from shared_library.services.collections import add_items, create_collection
from shared_library.services.items import create_version
from shared_library.services.moderation import submit_version, withdraw_item
from tests.shared_library import library

pytestmark = pytest.mark.django_db


def titles(**filters: object) -> list[str]:
    return [v.title for v in search_versions(**filters)]


@pytest.fixture
def shelf(editor, moderator) -> dict:
    items = {
        "labs": library.published(
            editor, moderator, title="Виртуальные лаборатории: электрический ток", grades=[8],
            description="Собираем цепь и измеряем силу тока."),
        "optics": library.published(
            editor, moderator, kind="video_lesson", title="Преломление света", grades=[8, 9],
            description="Видеоурок о законах преломления.", topics=["Оптика"]),
        "algebra": library.published(
            editor, moderator, kind="self_check_test", title="Квадратные уравнения", subjects=["algebra"],
            grades=[8], description="Тест для самопроверки: дискриминант.", topics=["Уравнения"]),
        "chem": library.published(
            editor, moderator, title="Лабораторная работа: скорость реакции", subjects=["chemistry"],
            grades=[9], description="Как температура влияет на скорость химической реакции."),
        "draft": library.create(editor, title="Лаборатория в черновике"),
    }
    return items


def test_russian_word_forms_match(shelf) -> None:
    # «лаборатория» finds «Виртуальные лаборатории» (plural) and «Лабораторная»? No: a different word.
    assert titles(q="лаборатория") == ["Виртуальные лаборатории: электрический ток"]
    assert titles(q="лабораторной работе") == ["Лабораторная работа: скорость реакции"]
    assert titles(q="уравнение") == ["Квадратные уравнения"]
    # Subjects are searchable by their Russian names, topics too.
    assert titles(q="химия") == ["Лабораторная работа: скорость реакции"]
    assert titles(q="оптики") == ["Преломление света"]


def test_title_outranks_description(shelf, editor, moderator) -> None:
    library.published(editor, moderator, title="Сила трения", description="Опыт с током и проводником.")
    assert titles(q="ток") == ["Виртуальные лаборатории: электрический ток", "Сила трения"]


def test_web_search_syntax(shelf) -> None:
    assert titles(q='"скорость реакции"') == ["Лабораторная работа: скорость реакции"]
    assert titles(q="свет OR уравнения") == ["Квадратные уравнения", "Преломление света"]
    assert titles(q="лабораторная -химия") == []


def test_filters(shelf) -> None:
    assert titles(kind="video_lesson") == ["Преломление света"]
    assert titles(subject="algebra") == ["Квадратные уравнения"]
    assert titles(grade=9) == ["Лабораторная работа: скорость реакции", "Преломление света"]
    assert titles(subject="physics", grade=8, kind="virtual_lab") == [
        "Виртуальные лаборатории: электрический ток"]


def test_collection_filter(shelf, editor) -> None:
    labs = create_collection(actor=editor, slug="labs", title="Лаборатории")
    add_items(collection=labs, items=[shelf["labs"].pk, shelf["chem"].pk], actor=editor)
    assert titles(collection=labs) == [
        "Виртуальные лаборатории: электрический ток", "Лабораторная работа: скорость реакции"]
    assert titles(collection=labs.pk, q="реакция") == ["Лабораторная работа: скорость реакции"]


def test_by_default_only_what_regions_receive(shelf, editor, moderator) -> None:
    draft = create_version(item=shelf["optics"], actor=editor, title="Преломление света, версия 2")
    submit_version(version=draft, actor=editor)
    withdraw_item(item=shelf["chem"], actor=moderator, reason="Ошибка в опыте")

    assert titles() == ["Виртуальные лаборатории: электрический ток", "Квадратные уравнения",
                        "Преломление света"]
    assert titles(state="in_review") == ["Преломление света, версия 2"]
    assert titles(state="draft", q="лаборатория") == ["Лаборатория в черновике"]
    assert titles(withdrawn=True) == ["Лабораторная работа: скорость реакции"]
    assert len(titles(state=None, withdrawn=None)) == 6
