"""What a region serves: one rule for the API, the pages and materials (catalogue.selectors).

Each test writes the region's catalogue rows as a release apply leaves them
(tests.catalogue.library.apply) and the public library rows with the ORM.
"""

from __future__ import annotations

import pytest

from accounts.models import Role
from catalogue import selectors
from catalogue.services import choose_collections, hide_item, unhide_item
from tenants.context import in_federation, in_region
from tests import factories
from tests.catalogue import library

pytestmark = pytest.mark.django_db


def listed(api, who: str = "sidorov", query: str = "") -> list[str]:
    response = api(who, "get", f"/api/v1/catalogue/items/{query}")
    assert response.status_code == 200, response.json()
    return [item["title"] for item in response.json()["results"]]


def detail(api, version, who: str = "sidorov") -> int:
    return api(who, "get", f"/api/v1/catalogue/items/{version.item_id}/").status_code


def test_an_item_withdrawn_by_a_release_is_not_served(world, api) -> None:
    kept, gone = library.item("Дроби"), library.item("Десятичные дроби")
    library.apply(world.region, kept)
    library.apply(world.region, gone)
    library.apply(world.region, gone, sequence=2, withdrawn=True, reason="Ошибка в задачах")

    assert listed(api) == ["Дроби"]
    assert detail(api, gone) == 404
    assert listed(api, query="?q=дроби") == ["Дроби"]


def test_a_public_withdrawal_hides_the_item_before_any_release_reaches_the_region(world, api) -> None:
    kept, gone = library.item("Дроби"), library.item("Десятичные дроби")
    library.apply(world.region, kept)
    row = library.apply(world.region, gone)
    assert listed(api) == ["Десятичные дроби", "Дроби"]

    library.withdraw(gone.item_id, "Решение суда")

    row.refresh_from_db()
    assert row.withdrawn is False  # no release has reached the region
    assert listed(api) == ["Дроби"]
    assert listed(api, "boss") == ["Дроби"]
    assert detail(api, gone) == detail(api, gone, "boss") == 404
    assert listed(api, "boss", "?hidden=true") == []


def test_hidden_items_are_not_served_but_region_admins_list_them(world, api) -> None:
    kept, hidden = library.item("Дроби"), library.item("Проценты")
    library.apply(world.region, kept)
    library.apply(world.region, hidden)
    hide_item(region=world.region, item_id=hidden.item_id, note="Не по программе", actor=world.people["boss"])

    assert listed(api) == listed(api, "ivanova") == listed(api, "boss") == ["Дроби"]
    assert detail(api, hidden, "ivanova") == 404
    admin_view = api("boss", "get", f"/api/v1/catalogue/items/{hidden.item_id}/").json()
    assert admin_view["hidden"]["note"] == "Не по программе"
    hidden_list = api("boss", "get", "/api/v1/catalogue/items/?hidden=true").json()["results"]
    assert [(i["title"], i["hidden_note"]) for i in hidden_list] == [("Проценты", "Не по программе")]

    unhide_item(region=world.region, item_id=hidden.item_id, actor=world.people["boss"])
    assert listed(api) == ["Дроби", "Проценты"]


def test_a_region_receives_all_collections_or_only_those_it_chose(world, api) -> None:
    labs = library.collection("labs", "Виртуальные лаборатории. Физика 7–9")
    videos = library.collection("video", "Видеоуроки")
    for version in (
        library.item("Закон Ома", collections=[labs]),
        library.item("Дроби", collections=[videos]),
        library.item("Оптика", collections=[labs, videos]),
        library.item("Без коллекции"),
    ):
        library.apply(world.region, version)

    # No settings row: every collection, and items in none.
    assert listed(api) == ["Без коллекции", "Дроби", "Закон Ома", "Оптика"]

    choose_collections(
        region=world.region, all_collections=False, collection_ids=[labs.id], actor=world.people["boss"]
    )
    assert listed(api) == ["Закон Ома", "Оптика"]  # an item in no collection is in none chosen
    assert listed(api, query=f"?collection={videos.id}") == ["Оптика"]

    choose_collections(region=world.region, all_collections=True, actor=world.people["boss"])
    assert listed(api) == ["Без коллекции", "Дроби", "Закон Ома", "Оптика"]


def test_the_rule_is_the_same_for_selectors_and_each_region_is_apart(world) -> None:
    with in_federation():
        other = factories.region("RU-TA")
    boss_ta = factories.region_user(other, "boss@ta.example", Role.REGION_ADMIN)
    version = library.item("Дроби")
    library.apply(world.region, version)
    library.apply(other, version)
    with in_region(other):
        hide_item(region=other, item_id=version.item_id, actor=boss_ta)
        assert list(selectors.visible_items(region=other)) == []
    assert [i.title for i in selectors.visible_items(region=world.region)] == ["Дроби"]
    with pytest.raises(RuntimeError):  # a selector refuses to run in another region's schema
        selectors.visible_items(region=other)
