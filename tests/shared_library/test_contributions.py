"""Regions contribute upward: a region admin submits, federal moderators decide, the region follows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.models import ApiToken, Role, User
from myschool.errors import Forbidden
from shared_library.models import ItemVersion, LibraryItem
from shared_library.services.contributions import submit_regional_item
from tenants.context import in_region
from tenants.models import Region
from tests import factories
from tests.shared_library import library

pytestmark = pytest.mark.django_db

CONTRIBUTIONS = "/api/v1/library/contributions/"
ITEMS = "/api/v1/library/items/"


def region_client(region: Region, user: User) -> APIClient:
    with in_region(region):
        token, _ = ApiToken.objects.get_or_create(user=user)
    api = APIClient(HTTP_HOST=factories.host(region))
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api


def federation_client(user: User) -> APIClient:
    api = APIClient(HTTP_HOST="myschool.localhost")
    api.credentials(HTTP_AUTHORIZATION=f"Token {ApiToken.objects.get_or_create(user=user)[0].key}")
    return api


@pytest.fixture
def regions(db: None) -> dict:
    """Moscow and Moscow Oblast with their admins, and a Moscow teacher."""
    mow, mos = factories.region("RU-MOW"), factories.region("RU-MOS")
    return {
        "RU-MOW": mow, "RU-MOS": mos,
        "mow_admin": factories.region_user(mow, "admin@mow.example", Role.REGION_ADMIN),
        "mos_admin": factories.region_user(mos, "admin@mos.example", Role.REGION_ADMIN),
        "mow_teacher": factories.region_user(mow, "teacher@mow.example", Role.TEACHER),
    }


def contribute(api: APIClient, **overrides: object) -> dict:
    body = library.content(title="Опыты с магнитами: виртуальная лаборатория Москвы", **overrides)
    response = api.post(CONTRIBUTIONS, body, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def test_contribution_flows_through_federal_moderation_and_back(regions, editor, moderator) -> None:
    mow = region_client(regions["RU-MOW"], regions["mow_admin"])
    federal_edit, federal_moderate = federation_client(editor), federation_client(moderator)

    mine = contribute(mow)
    assert (mine["status"], mine["title"], mine["created_by"]) == (
        "in_review", "Опыты с магнитами: виртуальная лаборатория Москвы", "admin@mow.example")
    item = LibraryItem.objects.get(pk=mine["id"])
    assert item.origin_region_code == "RU-MOW" and item.created_by == "admin@mow.example"

    # Federal moderators find it in their review queue, by region too.
    queue = federal_edit.get(ITEMS, {"state": "in_review", "region": "RU-MOW"}).json()
    assert [r["item"]["id"] for r in queue["results"]] == [mine["id"]]
    assert queue["results"][0]["item"]["origin_region_code"] == "RU-MOW"
    returned = federal_moderate.post(f"{ITEMS}{mine['id']}/versions/1/return/",
                                     {"note": "Укажите классы точнее."}, format="json")
    assert returned.status_code == 200

    seen = mow.get(f"{CONTRIBUTIONS}{mine['id']}/").json()
    assert (seen["status"], seen["review_note"]) == ("draft", "Укажите классы точнее.")
    revised = mow.patch(f"{CONTRIBUTIONS}{mine['id']}/", {"grades": [8]}, format="json")
    assert revised.status_code == 200 and revised.json()["status"] == "in_review"

    federal_moderate.post(f"{ITEMS}{mine['id']}/versions/1/approve/", format="json")
    federal_moderate.post(f"{ITEMS}{mine['id']}/versions/1/publish/", format="json")

    listed = mow.get(CONTRIBUTIONS).json()
    assert listed["count"] == 1
    assert (listed["results"][0]["status"], listed["results"][0]["published_version"]) == ("published", 1)
    item.refresh_from_db()
    assert item.release_pending and item.published_version.grades == [8]
    # Published, it is found like any other item.
    found = federal_edit.get(ITEMS, {"q": "магниты"}).json()
    assert [r["item"]["id"] for r in found["results"]] == [mine["id"]]


def test_a_region_never_sees_another_regions_contributions(regions) -> None:
    mow = region_client(regions["RU-MOW"], regions["mow_admin"])
    mos = region_client(regions["RU-MOS"], regions["mos_admin"])
    moscow_item = contribute(mow)

    assert mos.get(CONTRIBUTIONS).json()["count"] == 0
    foreign = mos.get(f"{CONTRIBUTIONS}{moscow_item['id']}/")
    assert foreign.status_code == 404
    assert mos.patch(f"{CONTRIBUTIONS}{moscow_item['id']}/", {"grades": [5]},
                     format="json").status_code == 404
    assert mow.get(CONTRIBUTIONS).json()["count"] == 1


def test_only_the_region_admin_contributes(regions) -> None:
    teacher = region_client(regions["RU-MOW"], regions["mow_teacher"])
    assert teacher.post(CONTRIBUTIONS, library.content(), format="json").status_code == 403
    assert teacher.get(CONTRIBUTIONS).status_code == 403
    assert APIClient().get(CONTRIBUTIONS, HTTP_HOST=factories.host(regions["RU-MOW"])).status_code == 401

    with in_region(regions["RU-MOW"]), pytest.raises(Forbidden):
        submit_regional_item(region=regions["RU-MOW"], actor=regions["mow_teacher"], **library.content())
    assert not LibraryItem.objects.exists()


def test_a_contribution_is_validated_like_any_item(regions) -> None:
    mow = region_client(regions["RU-MOW"], regions["mow_admin"])
    manifest = {"parts": [{"title": "Опыт", "media": [{"url": "ftp://x", "sha256": "0" * 64,
                                                       "size": 10, "mime": "text/html"}]}]}
    response = mow.post(CONTRIBUTIONS, library.content(manifest=manifest, subjects=["magic"]), format="json")
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"manifest.parts[0].media[0].url", "subjects"}


def test_only_a_returned_contribution_can_be_revised(regions) -> None:
    mow = region_client(regions["RU-MOW"], regions["mow_admin"])
    mine = contribute(mow)
    response = mow.patch(f"{CONTRIBUTIONS}{mine['id']}/", {"grades": [7]}, format="json")
    assert response.status_code == 409
    assert response.json()["error"]["message"] == (
        "Version 1 is in review; only a version returned for changes can be revised.")
    assert ItemVersion.objects.get(item_id=mine["id"]).grades == [9]


def test_the_contribution_list_costs_the_same_however_long(regions) -> None:
    mow = region_client(regions["RU-MOW"], regions["mow_admin"])
    contribute(mow)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert mow.get(CONTRIBUTIONS).status_code == 200
        return len(captured)

    one = queries()
    contribute(mow, grades=[5])
    contribute(mow, grades=[6])
    assert queries() == one


def test_an_operator_who_edits_a_contribution_may_not_approve_it(regions, moderator, settings) -> None:
    """The bypass: return to draft, edit the text, submit, approve, publish — all by one operator."""
    mow = region_client(regions["RU-MOW"], regions["mow_admin"])
    operator = factories.operator("both@federation.example", capabilities=["edit", "moderate"])
    both = federation_client(operator)
    version = f"{ITEMS}{contribute(mow)['id']}/versions/1/"

    assert both.post(f"{version}return/", {"note": "Поправлю сам."}, format="json").status_code == 200
    assert both.patch(version, {"description": "Слова оператора."}, format="json").status_code == 200
    assert both.post(f"{version}submit/", format="json").status_code == 200
    settings.LANGUAGE_CODE = "ru"  # the interface's own language: nobody chose another
    refused = both.post(f"{version}approve/", format="json")
    settings.LANGUAGE_CODE = "en"

    assert refused.status_code == 403
    assert refused.json()["error"]["message"] == (
        "Версию 1 правили вы: одобрить её должен другой модератор.")
    assert both.post(f"{version}publish/", format="json").status_code == 409  # never approved
    history = both.get(version).json()
    assert (history["state"], history["created_by"], history["edited_by"], history["reviewed_by"]) == (
        "in_review", "admin@mow.example", ["both@federation.example"], "both@federation.example")

    approved = federation_client(moderator).post(f"{version}approve/", format="json")
    assert approved.status_code == 200 and approved.json()["reviewed_by"] == moderator.email
    assert both.post(f"{version}publish/", format="json").json()["state"] == "published"
