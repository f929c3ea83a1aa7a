"""The region admin's say: collections received and items hidden; nobody else's, and no release undoes it."""

from __future__ import annotations

import uuid

import pytest

from accounts.models import Role
from catalogue.models import ChosenCollection, HiddenItem
from tenants.context import in_federation
from tests import factories
from tests.api import token_of
from tests.catalogue import library
from tests.catalogue.conftest import region_rows
from tests.world import school_world

pytestmark = pytest.mark.django_db


def titles(api, who: str = "ivanova", query: str = "") -> list[str]:
    return [item["title"] for item in api(who, "get", f"/api/v1/catalogue/items/{query}").json()["results"]]


def test_later_releases_never_undo_a_hide_or_the_collection_choice(world, api) -> None:
    labs, videos = library.collection("labs", "Лаборатории"), library.collection("video", "Видеоуроки")
    ohm = library.item("Закон Ома", collections=[labs])
    optics = library.item("Оптика", collections=[labs])
    fractions = library.item("Дроби", collections=[videos])
    for version in (ohm, optics, fractions):
        library.apply(world.region, version)
    assert (
        api(
            "boss", "post", f"/api/v1/catalogue/items/{optics.item_id}/hide/", {"note": "Дублирует учебник"}
        ).status_code
        == 200
    )
    chosen = api(
        "boss", "put", "/api/v1/catalogue/collection-choice/", {"all": False, "collections": [str(labs.id)]}
    )
    assert chosen.json() == {"all": False, "collections": [str(labs.id)]}
    [choice] = api("boss", "get", "/api/v1/audit/?action=catalogue.collections_chosen").json()["results"]
    assert (choice["before"], choice["after"]) == (
        {"all_collections": True, "collections": []},
        {"all_collections": False, "collections": [str(labs.id)]},
    )
    assert titles(api) == ["Закон Ома"]
    choices_before = (
        list(HiddenItem.objects.values("item_id", "note")),
        list(ChosenCollection.objects.values("collection_id")),
    )

    # Release 2 rewrites every row: new versions, the hidden item updated, collections changed.
    for version, groups in ((ohm, [labs]), (optics, [labs]), (fractions, [videos, labs])):
        newer = library.version(version.item, f"{version.title} (2-е изд.)")
        library.apply(world.region, newer, sequence=2, collections=groups)

    assert titles(api) == ["Дроби (2-е изд.)", "Закон Ома (2-е изд.)"]  # fractions joined a chosen collection
    assert (
        list(HiddenItem.objects.values("item_id", "note")),
        list(ChosenCollection.objects.values("collection_id")),
    ) == choices_before
    assert api("ivanova", "get", "/api/v1/catalogue/collection-choice/").json()["all"] is False


def test_collections_say_whether_the_region_receives_them_and_how_many_items_it_holds(world, api) -> None:
    labs, videos = library.collection("labs", "Лаборатории"), library.collection("video", "Видеоуроки")
    library.collection("empty", "Пустая")
    library.apply(world.region, library.item("Закон Ома", collections=[labs]))
    hidden = library.item("Оптика", collections=[labs, videos])
    library.apply(world.region, hidden)
    library.apply(world.region, library.item("Дроби", collections=[videos]))
    api("boss", "post", f"/api/v1/catalogue/items/{hidden.item_id}/hide/", {})
    api("boss", "put", "/api/v1/catalogue/collection-choice/", {"all": False, "collections": [str(labs.id)]})

    listed = api("ivanova", "get", "/api/v1/catalogue/collections/").json()["results"]
    assert [(c["title"], c["chosen"], c["items"]) for c in listed] == [
        ("Видеоуроки", False, 1),
        ("Лаборатории", True, 1),
        ("Пустая", False, 0),
    ]


def test_bad_choices_are_refused_naming_the_field_and_nothing_is_written(world, api) -> None:
    labs = library.collection("labs", "Лаборатории")
    missing = uuid.uuid4()
    before = region_rows()
    cases = [
        ({"all": False, "collections": [str(labs.id), str(missing)]}, "collections", str(missing)),
        ({"all": False, "collections": ["not-a-uuid"]}, "collections", None),
        ({"all": False, "collections": []}, "collections", None),
        ({"all": True, "collections": [str(labs.id)]}, "collections", None),
        ({"collections": [str(labs.id)]}, "all", None),
    ]
    for body, field, mentioned in cases:
        response = api("boss", "put", "/api/v1/catalogue/collection-choice/", body)
        assert response.status_code == 400, body
        error = response.json()["error"]
        assert list(error["fields"]) == [field], body
        if mentioned:
            assert mentioned in error["message"]
    for item_id in (missing, "not-a-uuid"):
        response = api("boss", "post", f"/api/v1/catalogue/items/{item_id}/hide/", {"note": "x"})
        assert response.status_code == 404
        assert str(item_id) in response.json()["error"]["message"]
    assert region_rows() == before


def test_only_the_region_admin_curates_and_every_region_user_reads(world, api) -> None:
    version = library.item("Дроби")
    library.apply(world.region, version)
    world.parent("sidorova", "sidorov")
    curate = [
        ("put", "/api/v1/catalogue/collection-choice/", {"all": True}),
        ("post", f"/api/v1/catalogue/items/{version.item_id}/hide/", {"note": "x"}),
        ("post", f"/api/v1/catalogue/items/{version.item_id}/unhide/", None),
        ("get", "/api/v1/catalogue/items/?hidden=true", None),
    ]
    read = [
        "/api/v1/catalogue/items/",
        f"/api/v1/catalogue/items/{version.item_id}/",
        "/api/v1/catalogue/collections/",
        "/api/v1/catalogue/collection-choice/",
    ]
    for who in ("director", "ivanova", "sidorov", "sidorova"):
        for method, url, body in curate:
            response = api(who, method, url, body)
            assert response.status_code == 403, (who, url)
            assert response.json()["error"]["code"] == "forbidden"
        for url in read:
            assert api(who, "get", url).status_code == 200, (who, url)
    assert not HiddenItem.objects.exists()
    assert api("boss", "post", f"/api/v1/catalogue/items/{version.item_id}/hide/", {}).status_code == 200
    assert api("boss", "post", f"/api/v1/catalogue/items/{version.item_id}/unhide/").status_code == 204
    audit = api("boss", "get", "/api/v1/audit/?action=catalogue").json()["results"]
    assert [(e["action"], e["actor"]["id"], e["before"], e["after"]) for e in audit] == [
        ("catalogue.item_unhidden", world.people["boss"].pk, {"hidden": True, "note": ""}, {"hidden": False}),
        ("catalogue.item_hidden", world.people["boss"].pk, {"hidden": False}, {"hidden": True, "note": ""}),
    ]


def test_foreign_regions_the_federation_host_and_strangers_reach_nothing(world, api) -> None:
    version = library.item("Дроби")
    library.apply(world.region, version)
    with in_federation():
        foreign = school_world(factories.region("RU-TA"))
    foreign_admin = factories.region_user(foreign.region, "boss@ta.example", Role.REGION_ADMIN)
    foreign.people["boss"] = foreign_admin
    operator = factories.operator()
    with in_federation():
        from accounts.models import ApiToken

        operator_token = ApiToken.objects.create(user=operator).key
    ours = factories.host(world.region)
    urls = ["/api/v1/catalogue/items/", "/api/v1/catalogue/collection-choice/"]
    for url in urls:
        assert api.call("get", url, None, token=token_of(foreign, "boss"), host=ours).status_code == 401
        assert api.call("get", url, None, token=operator_token, host=ours).status_code == 401
        assert api.client.get(url, HTTP_HOST=ours).status_code == 401
        assert api.call("get", url, None, token=operator_token, host=factories.host(None)).status_code == 404
    refused = api.call(
        "put",
        "/api/v1/catalogue/collection-choice/",
        {"all": True},
        token=token_of(foreign, "boss"),
        host=ours,
    )
    assert refused.status_code == 401
