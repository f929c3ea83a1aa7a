"""Rollout control as a region sees it: pending releases, their diff, deferring them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import ApiToken, Role
from catalogue.models import CatalogueItem, Material
from federation.models import RegionSync
from federation.services.releases import cut_release
from federation.services.sync import sync_region
from journal.services.homework import set_homework
from tenants.context import in_region
from tests import factories
from tests.api import Api
from tests.federation import library
from tests.world import classroom

pytestmark = pytest.mark.django_db


def give(world, lesson, item, *, homework=None) -> Material:
    """A material as a teacher attaches it: pinned to the version the region holds."""
    with in_region(world.region):
        row = CatalogueItem.objects.get(item_id=item.pk)
        return Material.objects.create(
            homework=homework, lesson=None if homework else lesson, item_id=row.item_id,
            version_id=row.version_id, version_number=row.version_number, title=row.title,
            attached_by=world.people["ivanova"],
        )


@pytest.fixture
def world_with_release_pending(release_manager):
    mos = factories.region("RU-MOS")
    world = classroom(mos)
    world.person("admin", Role.REGION_ADMIN)
    ohm, test = library.published_item("Закон Ома"), library.published_item("Тест по дробям")
    cut_release(actor=release_manager)
    sync_region(region=mos)
    lesson = world.lesson("ivanova", "Математика", "5А", date(2026, 11, 23))
    with in_region(mos):
        homework = set_homework(region=mos, lesson=lesson, text="§ 12", due_on=date(2026, 11, 25),
                                actor=world.people["ivanova"])
    give(world, lesson, ohm, homework=homework)
    give(world, lesson, test)
    library.new_version(ohm, "Закон Ома, версия 2")
    library.withdraw(test, "Ошибка в ответах")
    library.published_item("Плотность вещества")
    cut_release(actor=release_manager, notes="Исправления и новая лаборатория")
    return world, homework, lesson


def test_the_region_admin_sees_what_a_pending_release_changes_here(world_with_release_pending) -> None:
    world, homework, _lesson = world_with_release_pending
    api = Api(APIClient(), world)

    response = api("admin", "get", "/api/v1/sync/releases/")

    assert response.status_code == 200, response.json()
    [pending] = response.json()
    assert pending["release"]["notes"] == "Исправления и новая лаборатория"
    assert {k: pending["diff"][k] for k in ("added", "changed", "withdrawn", "affected_homework",
                                            "affected_lessons")} == {
        "added": 1, "changed": 1, "withdrawn": 1, "affected_homework": 1, "affected_lessons": 1,
    }
    assert sorted((m["title"], m["given_version"], m["new_version"], m["withdrawn"], m["homework_id"])
                  for m in pending["materials"]) == [
        ("Закон Ома", 1, 2, False, homework.pk), ("Тест по дробям", 1, None, True, None),
    ]
    assert api("ivanova", "get", "/api/v1/sync/releases/").status_code == 403


def test_the_operator_sees_counts_not_the_regions_homework(
    world_with_release_pending, release_manager
) -> None:
    operator_api = APIClient(HTTP_HOST=factories.host(None))
    operator_api.credentials(HTTP_AUTHORIZATION=f"Token {ApiToken.objects.create(user=release_manager).key}")

    body = operator_api.get("/api/v1/releases/2/regions/RU-MOS/diff/").json()

    assert body == {"sequence": 2, "region": "RU-MOS", "added": 1, "changed": 1, "withdrawn": 1,
                    "affected_homework": 1, "affected_lessons": 1}


def test_a_region_defers_a_release_for_a_bounded_time(world_with_release_pending) -> None:
    world, _homework, _lesson = world_with_release_pending
    api = Api(APIClient(), world)
    soon = (timezone.now() + timedelta(days=3)).isoformat()
    too_late = (timezone.now() + timedelta(days=30)).isoformat()

    deferred = api("admin", "post", "/api/v1/sync/releases/2/defer/", {"until": soon})
    refused = api("admin", "post", "/api/v1/sync/releases/2/defer/", {"until": too_late})
    by_teacher = api("ivanova", "post", "/api/v1/sync/releases/2/defer/", {"until": soon})

    assert deferred.status_code == 200, deferred.json()
    assert (deferred.json()["deferred_sequence"], deferred.json()["applied_sequence"]) == (2, 1)
    assert refused.status_code == 400
    assert list(refused.json()["error"]["fields"]) == ["until"]
    assert by_teacher.status_code == 403
    assert sync_region(region=world.region).applied == []
    assert RegionSync.objects.get(region=world.region).status == "deferred"

    assert api("admin", "delete", "/api/v1/sync/deferral/").status_code == 200
    assert sync_region(region=world.region).applied == [2]
    audit = api("admin", "get", "/api/v1/audit/?action=release").json()["results"]
    assert [(e["action"], e["actor"]["email"], e["after"]["deferred_sequence"]) for e in audit] == [
        ("release.deferral_cancelled", "admin@school.example", None),
        ("release.deferred", "admin@school.example", 2),
    ]
