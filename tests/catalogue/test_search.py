"""Browsing and searching the catalogue: Russian morphology, filters, pages, a fixed number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.catalogue import library

pytestmark = pytest.mark.django_db


def found(api, query: str, who: str = "sidorov") -> list[str]:
    response = api(who, "get", f"/api/v1/catalogue/items/?{query}")
    assert response.status_code == 200, response.json()
    return [item["title"] for item in response.json()["results"]]


def test_search_understands_russian_word_forms_and_ranks_titles_first(world, api) -> None:
    for version in (
        library.item("Сложение обыкновенных дробей", description="Учимся складывать дроби"),
        library.item("Повторение за 5 класс", description="Натуральные числа и дроби"),
        library.item("Десятичные дроби", description="Запятая и разряды"),
        library.item("Закон Ома", kind="virtual_lab", subjects=["Физика"], grades=[8]),
    ):
        library.apply(world.region, version)

    ranked = found(api, "q=дробями")
    assert sorted(ranked[:2]) == ["Десятичные дроби", "Сложение обыкновенных дробей"]
    assert ranked[2:] == ["Повторение за 5 класс"]  # in the description only: last
    assert found(api, "q=складываем") == ["Сложение обыкновенных дробей"]
    assert sorted(found(api, "q=дроби -десятичные")) == [
        "Повторение за 5 класс",
        "Сложение обыкновенных дробей",
    ]
    assert found(api, 'q="закона Ома"') == ["Закон Ома"]
    assert found(api, "q=интегралы") == []


def test_filters_by_kind_subject_grade_and_bad_filters_name_the_field(world, api) -> None:
    for version in (
        library.item("Закон Ома", kind="virtual_lab", subjects=["Физика"], grades=[8]),
        library.item("Плотность", kind="virtual_lab", subjects=["Физика"], grades=[7]),
        library.item("Тест: сила тока", kind="self_check_test", subjects=["Физика"], grades=[8]),
        library.item("Дроби", subjects=["Математика"], grades=[5, 6]),
    ):
        library.apply(world.region, version)

    assert found(api, "kind=virtual_lab") == ["Закон Ома", "Плотность"]
    assert found(api, "subject=Физика&grade=8") == ["Закон Ома", "Тест: сила тока"]
    assert found(api, "kind=virtual_lab&subject=Физика&grade=8&q=ом") == ["Закон Ома"]
    assert found(api, "grade=6") == ["Дроби"]
    for query, field in (
        ("kind=film", "kind"),
        ("grade=12", "grade"),
        ("grade=x", "grade"),
        ("collection=42", "collection"),
    ):
        response = api("sidorov", "get", f"/api/v1/catalogue/items/?{query}")
        assert response.status_code == 400
        assert list(response.json()["error"]["fields"]) == [field]


def test_the_list_takes_the_same_queries_whatever_its_size(world, api) -> None:
    def queries(query: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert api("ivanova", "get", f"/api/v1/catalogue/items/?{query}").status_code == 200
        # Schema switches are the test's own (it writes rows in the region between calls).
        return len([q for q in captured if not (q["sql"] or "").startswith("SET search_path")])

    queries("")  # the first request also looks the host up
    library.apply(world.region, library.item("Дроби 1"))
    few = queries(""), queries("q=дроби"), queries("kind=video_lesson&grade=5")
    for n in range(2, 31):
        library.apply(world.region, library.item(f"Дроби {n}"))
    many = queries(""), queries("q=дроби"), queries("kind=video_lesson&grade=5")
    assert few == many
    assert max(many) <= 3  # the token, the count, the page


def test_counts_stop_at_the_cap_and_the_next_page_is_still_offered(world, api, monkeypatch) -> None:
    monkeypatch.setattr("catalogue.api.pagination.COUNT_CAP", 3)
    for n in range(1, 7):
        library.apply(world.region, library.item(f"Урок {n}"))

    first = api("sidorov", "get", "/api/v1/catalogue/items/?limit=2").json()
    assert (first["count"], first["count_capped"], len(first["results"])) == (3, True, 2)
    last = api("sidorov", "get", "/api/v1/catalogue/items/?limit=2&offset=4").json()
    assert [i["title"] for i in last["results"]] == ["Урок 5", "Урок 6"]
    assert (last["count"], last["count_capped"], last["next"]) == (6, False, None)
    second = api("sidorov", "get", first["next"].split("testserver", 1)[-1].split(".localhost", 1)[-1])
    assert second.status_code == 200
