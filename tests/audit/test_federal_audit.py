"""The federal audit: regions' status and names, library moderation and releases, each with who,
when, what, before → after; federal operators read it, filtered by region, actor and action."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts.models import ApiToken, Role, User
from audit.models import AuditEntry
from audit.selectors import federal_audit
from federation.services.releases import cut_release, promote_release
from myschool.errors import Forbidden
from shared_library.services.moderation import return_for_changes, submit_version, withdraw_item
from tenants.context import in_region
from tenants.models import Region
from tenants.services.lifecycle import resume_region, suspend_region
from tenants.services.region_settings import rename_region
from tests import factories
from tests.shared_library import library

pytestmark = pytest.mark.django_db

FEDERATION = "myschool.localhost"


def api_for(user: User) -> APIClient:
    client = APIClient(HTTP_HOST=FEDERATION)
    client.credentials(HTTP_AUTHORIZATION=f"Token {ApiToken.objects.create(user=user).key}")
    return client


def actions(**filters: object) -> list[tuple[str, str | None]]:
    return [(e.action, e.actor.email if e.actor else None) for e in federal_audit(**filters)]


def test_onboarding_suspending_resuming_and_renaming_a_region_are_in_the_federal_audit() -> None:
    operator = factories.operator()
    api = api_for(operator)
    mos = factories.region("RU-MOS")

    assert api.post("/api/v1/regions/RU-MOS/suspend/").status_code == 200
    assert api.post("/api/v1/regions/RU-MOS/resume/").status_code == 200
    renamed = api.patch("/api/v1/regions/ru-mos/", {"name": "  Московская   область (Подмосковье) "},
                        format="json")

    assert renamed.status_code == 200, renamed.json()
    assert (renamed.json()["code"], renamed.json()["name"]) == ("RU-MOS", "Московская область (Подмосковье)")
    region = Region.objects.get(code="RU-MOS")
    assert (region.name, region.schema_name) == ("Московская область (Подмосковье)", mos.schema_name)
    assert actions(region_code="RU-MOS") == [
        ("region.renamed", operator.email),
        ("region.active", operator.email),
        ("region.suspended", operator.email),
        ("region.active", None),  # onboarding's last step, by the system
        ("region.onboarding_requested", None),
    ]
    [rename] = federal_audit(action="region.renamed")
    assert rename.before == {"name": "Московская область"}
    assert rename.after == {"name": "Московская область (Подмосковье)"}
    assert (rename.target_type, rename.region_code) == ("region", "RU-MOS")

    body = api.get("/api/v1/audit/?region=ru-mos&action=region.renamed").json()
    assert body["count"] == 1
    assert body["results"][0]["actor"]["email"] == operator.email
    assert body["results"][0]["before"] == {"name": "Московская область"}


def test_a_rename_is_validated_and_the_same_name_writes_nothing() -> None:
    api = api_for(factories.operator())
    factories.region("RU-MOS")

    for name in ("", "   ", "я" * 201):
        response = api.patch("/api/v1/regions/RU-MOS/", {"name": name}, format="json")
        assert response.status_code == 400, name
        assert list(response.json()["error"]["fields"]) == ["name"]
    same = api.patch("/api/v1/regions/RU-MOS/", {"name": "Московская область"}, format="json")
    assert same.status_code == 200
    assert api.patch("/api/v1/regions/RU-ZZ/", {"name": "Нигде"}, format="json").status_code == 404
    assert not federal_audit(action="region.renamed").exists()
    assert Region.objects.get(code="RU-MOS").name == "Московская область"


def test_only_federal_operators_rename_suspend_or_resume_a_region() -> None:
    mos = factories.region("RU-MOS")
    admin = factories.region_user(mos, "admin@mos.example", Role.REGION_ADMIN)
    for change in (
        lambda: rename_region(region=mos, name="Чужое имя", actor=admin),
        lambda: suspend_region(region=mos, actor=admin),
        lambda: resume_region(region=mos, actor=admin),
    ):
        with pytest.raises(Forbidden):
            change()
    region = Region.objects.get(code="RU-MOS")
    assert (region.name, region.status) == ("Московская область", "active")
    assert not federal_audit(action="region.renamed").exists()
    # Through the API, on the federation host, a region's token is nobody's.
    with in_region(mos):
        token = ApiToken.objects.create(user=admin).key
    response = APIClient(HTTP_HOST=FEDERATION).patch(
        "/api/v1/regions/RU-MOS/", {"name": "Чужое имя"}, format="json", HTTP_AUTHORIZATION=f"Token {token}"
    )
    assert response.status_code in (401, 403)


def test_every_moderation_step_is_in_the_federal_audit(editor, moderator) -> None:
    item = library.published(editor, moderator)
    draft = library.latest(library.create(editor, title="Маятник"))
    return_for_changes(version=submit_version(version=draft, actor=editor), actor=moderator,
                       note="Добавьте подписи к графикам.")
    withdraw_item(item=item, actor=moderator, reason="Решение суда")

    assert actions(action="library") == [
        ("library.item_withdrawn", moderator.email),
        ("library.version_returned", moderator.email),
        ("library.version_submitted", editor.email),
        ("library.version_published", moderator.email),
        ("library.version_approved", moderator.email),
        ("library.version_submitted", editor.email),
    ]
    returned = federal_audit(action="library.version_returned").get()
    assert returned.before == {"state": "in_review"}
    assert returned.after == {"state": "draft", "note": "Добавьте подписи к графикам."}
    assert returned.target_type == "item_version" and returned.target_id == str(draft.pk)
    withdrawn = federal_audit(action="library.item_withdrawn").get()
    assert withdrawn.after == {"withdrawn": True, "reason": "Решение суда"}


def test_cutting_and_promoting_a_release_are_in_the_federal_audit(editor, moderator) -> None:
    factories.region("RU-TA")
    releaser = factories.operator("releases@federation.example", capabilities=["release"])
    library.published(editor, moderator)

    release = cut_release(actor=releaser, notes="Физика 7–9", canary_region_codes=["ru-ta"])
    promote_release(actor=releaser, sequence=release.sequence)
    promote_release(actor=releaser, sequence=release.sequence)  # idempotent: no second row

    cut, promoted = federal_audit(action="release.cut").get(), federal_audit(action="release.promoted").get()
    assert cut.actor == releaser and cut.target_id == str(release.pk)
    assert {"sequence": 1, "notes": "Физика 7–9", "canary_regions": ["RU-TA"], "added": 1}.items() <= (
        cut.after.items()
    )
    assert promoted.before == {"canary_regions": ["RU-TA"], "promoted": False}
    with pytest.raises(Forbidden):
        promote_release(actor=editor, sequence=release.sequence)


def test_the_federal_audit_api_is_for_federal_operators_on_the_federation_host(editor) -> None:
    mos = factories.region("RU-MOS")
    api = api_for(editor)
    assert api.get("/api/v1/audit/?action=region").json()["count"] == 2
    assert api.get("/api/v1/audit/?actor=x").status_code == 400
    assert APIClient(HTTP_HOST=FEDERATION).get("/api/v1/audit/").status_code in (401, 403)
    admin = factories.region_user(mos, "admin@mos.example", Role.REGION_ADMIN)
    with in_region(mos):
        token = ApiToken.objects.create(user=admin).key
        assert not AuditEntry.objects.filter(region_code="RU-MOS").exists()  # the federal rows stay public
    region_host = APIClient(HTTP_HOST=factories.host(mos))
    response = region_host.get("/api/v1/audit/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200 and response.json()["count"] == 0
