"""The federation API of the library: operators create, review, publish, withdraw, curate, search."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from rest_framework.test import APIClient

from accounts.models import ApiToken, Role, User
from shared_library.models import LibraryItem
from shared_library.services.items import create_version
from tests import factories
from tests.shared_library import library

pytestmark = pytest.mark.django_db

FEDERATION = "myschool.localhost"
ITEMS = "/api/v1/library/items/"


def client_for(user: User) -> APIClient:
    api = APIClient(HTTP_HOST=FEDERATION)
    api.credentials(HTTP_AUTHORIZATION=f"Token {ApiToken.objects.get_or_create(user=user)[0].key}")
    return api


@pytest.fixture
def ops(editor, moderator) -> tuple[APIClient, APIClient]:
    return client_for(editor), client_for(moderator)


def create(api: APIClient, **overrides: object) -> dict:
    response = api.post(ITEMS, library.content(**overrides), format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def step(api: APIClient, item: dict, number: int, action: str, body: dict | None = None) -> dict:
    response = api.post(f"{ITEMS}{item['id']}/versions/{number}/{action}/", body or {}, format="json")
    assert response.status_code == 200, response.json()
    return response.json()


def test_an_item_from_creation_to_publication(ops) -> None:
    edit, moderate = ops
    response = edit.post(ITEMS, library.content(), format="json")

    assert response.status_code == 201
    item = response.json()
    assert response["Location"].endswith(f"{ITEMS}{item['id']}/")
    assert [(v["number"], v["state"]) for v in item["versions"]] == [(1, "draft")]
    assert item["published_version"] is None and item["withdrawal"] is None

    patched = edit.patch(f"{ITEMS}{item['id']}/versions/1/", {"grades": [8, 9]}, format="json").json()
    assert patched["grades"] == [8, 9] and patched["state"] == "draft"
    assert step(edit, item, 1, "submit")["state"] == "in_review"
    returned = step(moderate, item, 1, "return", {"note": "Уточните класс."})
    assert (returned["state"], returned["review_note"]) == ("draft", "Уточните класс.")
    step(edit, item, 1, "submit")
    assert step(moderate, item, 1, "approve")["state"] == "approved"
    published = step(moderate, item, 1, "publish")
    assert published["state"] == "published" and published["published_at"]

    detail = edit.get(f"{ITEMS}{item['id']}/").json()
    assert detail["published_version"] == 1 and detail["release_pending"] is True
    found = edit.get(ITEMS, {"q": "маятника"}).json()
    assert found["count"] == 1 and found["results"][0]["item"]["id"] == item["id"]
    assert found["results"][0]["rank"] > 0


def test_new_version_and_refusals_speak_plainly(ops) -> None:
    edit, moderate = ops
    item = create(edit)
    step(edit, item, 1, "submit")

    patch = edit.patch(f"{ITEMS}{item['id']}/versions/1/", {"title": "Иное"}, format="json")
    assert patch.status_code == 409
    assert patch.json()["error"]["message"] == (
        "Version 1 is in review; only a draft can be edited; create a new version to change the item.")
    early = moderate.post(f"{ITEMS}{item['id']}/versions/1/publish/")
    assert early.status_code == 409
    assert early.json()["error"]["fields"] == {
        "state": ["Version 1 is in review; only an approved version can be published."]}
    forbidden = edit.post(f"{ITEMS}{item['id']}/versions/1/approve/")
    assert forbidden.status_code == 403 and forbidden.json()["error"]["code"] == "forbidden"

    step(moderate, item, 1, "approve")
    step(moderate, item, 1, "publish")
    new = edit.post(f"{ITEMS}{item['id']}/versions/", {"title": "Маятник Фуко"}, format="json")
    assert new.status_code == 201
    assert (new.json()["number"], new.json()["state"], new.json()["title"]) == (2, "draft", "Маятник Фуко")
    assert edit.get(f"{ITEMS}{item['id']}/versions/7/").status_code == 404
    assert edit.get(f"{ITEMS}not-an-id/").status_code == 404


def test_bad_input_names_the_fields(ops) -> None:
    edit, _ = ops
    content = library.content(subjects=["physics", "alchemy"])
    content["manifest"]["parts"][0]["media"][0]["sha256"] = "xyz"
    response = edit.post(ITEMS, content, format="json")

    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert fields == {
        "subjects": ["Unknown subject “alchemy”."],
        "manifest.parts[0].media[0].sha256": ["Give the file's SHA-256 as 64 hexadecimal digits."],
    }
    assert not LibraryItem.objects.exists()
    bad_filter = edit.get(ITEMS, {"subject": "alchemy", "grade": 12})
    assert bad_filter.status_code == 400
    assert set(bad_filter.json()["error"]["fields"]) == {"subject", "grade"}


def test_withdraw_and_collections(ops) -> None:
    edit, moderate = ops
    item = create(edit)
    for action in ("submit",):
        step(edit, item, 1, action)
    for action in ("approve", "publish"):
        step(moderate, item, 1, action)

    made = edit.post("/api/v1/library/collections/", {
        "slug": "physics-labs-7-9", "title": "Виртуальные лаборатории. Физика 7–9"}, format="json")
    assert made.status_code == 201
    collection = made.json()
    added = edit.post(f"/api/v1/library/collections/{collection['id']}/add-items/",
                      {"items": [item["id"]]}, format="json").json()
    assert added["changed"] == 1 and added["collection"]["item_count"] == 1
    in_it = edit.get(ITEMS, {"collection": collection["id"]}).json()
    assert [r["item"]["id"] for r in in_it["results"]] == [item["id"]]
    listed = edit.get("/api/v1/library/collections/").json()
    assert listed["count"] == 1 and listed["results"][0]["slug"] == "physics-labs-7-9"

    refused = edit.post(f"{ITEMS}{item['id']}/withdraw/", {"reason": "Иск правообладателя"}, format="json")
    assert refused.status_code == 403
    empty = moderate.post(f"{ITEMS}{item['id']}/withdraw/", {"reason": ""}, format="json")
    assert empty.json()["error"]["fields"] == {"reason": ["Say why the item is withdrawn."]}
    withdrawn = moderate.post(f"{ITEMS}{item['id']}/withdraw/", {"reason": "Иск правообладателя"},
                              format="json").json()
    assert withdrawn["withdrawal"]["reason"] == "Иск правообладателя"
    assert edit.get(ITEMS).json()["count"] == 0
    assert edit.get(ITEMS, {"withdrawn": "only"}).json()["count"] == 1
    removed = edit.post(f"/api/v1/library/collections/{collection['id']}/remove-items/",
                        {"items": [item["id"]]}, format="json").json()
    assert removed["changed"] == 1 and removed["collection"]["item_count"] == 0


def test_only_federal_operators_on_the_federation_host(client, editor) -> None:
    assert APIClient().get(ITEMS, HTTP_HOST=FEDERATION).status_code == 401
    mos = factories.region("RU-MOS")
    factories.region_user(mos, "boss@mos.example", Role.REGION_ADMIN)
    client.post("/login/", {"username": "boss@mos.example", "password": factories.PASSWORD},
                HTTP_HOST=factories.host(mos))
    assert client.get(ITEMS, HTTP_HOST=factories.host(mos)).status_code == 404  # no such API there
    assert client.get(ITEMS, HTTP_HOST=FEDERATION).status_code == 401
    plain = client_for(factories.operator("plain@federation.example"))
    assert plain.get(ITEMS).status_code == 200  # reading needs no capability
    assert plain.post(ITEMS, library.content(), format="json").status_code == 403


def test_subject_vocabulary(ops) -> None:
    edit, _ = ops
    subjects = edit.get("/api/v1/library/subjects/").json()
    assert {"code": "physics", "name": "Physics"} in subjects


def test_the_schema_documents_the_library(ops) -> None:
    edit, _ = ops
    schema = edit.get("/api/schema/", {"format": "json"}).json()
    assert "/api/v1/library/items/{id}/versions/{number}/publish/" in schema["paths"]
    assert "ManifestDoc" in schema["components"]["schemas"]


def test_refusals_and_subjects_are_russian_by_default(ops, settings) -> None:
    edit, moderate = ops
    settings.LANGUAGE_CODE = "ru"
    with translation.override("ru"):
        item = create(edit)
        early = moderate.post(f"{ITEMS}{item['id']}/versions/1/approve/", HTTP_ACCEPT_LANGUAGE="ru")
        content = library.content()
        content["manifest"]["parts"][1]["media"][0]["size"] = -1
        bad = edit.post(ITEMS, content, format="json", HTTP_ACCEPT_LANGUAGE="ru")
        subjects = edit.get("/api/v1/library/subjects/", HTTP_ACCEPT_LANGUAGE="ru").json()

    assert early.json()["error"]["message"] == (
        "Версия 1: черновик; одобрить можно только версию на проверке.")
    assert bad.json()["error"]["fields"] == {
        "manifest.parts[1].media[0].size": ["Укажите размер файла в байтах — целое число больше нуля."]}
    assert {"code": "social_studies", "name": "Обществознание"} in subjects


def test_list_and_detail_queries_do_not_grow_with_the_library(ops, editor, moderator) -> None:
    edit, _ = ops
    first = library.published(editor, moderator)
    labs = edit.post("/api/v1/library/collections/", {"slug": "labs", "title": "Лаборатории"},
                     format="json").json()

    def queries(url: str, params: dict | None = None) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert edit.get(url, params or {}).status_code == 200
        return len(captured)

    before = [queries(ITEMS), queries(ITEMS, {"q": "маятник"}), queries(f"{ITEMS}{first.pk}/"),
              queries("/api/v1/library/collections/")]
    for n in range(5):
        item = library.published(editor, moderator, title=f"Маятник {n}")
        create_version(item=item, actor=editor, title=f"Маятник {n}, версия 2")
    create_version(item=first, actor=editor, title="Маятник, версия 2")
    edit.post(f"/api/v1/library/collections/{labs['id']}/add-items/", {"items": [str(first.pk)]},
              format="json")
    after = [queries(ITEMS), queries(ITEMS, {"q": "маятник"}), queries(f"{ITEMS}{first.pk}/"),
             queries("/api/v1/library/collections/")]
    assert after == before
