"""The demo library: a lived-in shelf built through the services, the same after a second run."""

from __future__ import annotations

import pytest

from shared_library.demo import populate_demo_library
from shared_library.models import Collection, ItemVersion, LibraryItem, Withdrawal
from shared_library.selectors import search_versions
from tests import factories

pytestmark = pytest.mark.django_db


def snapshot() -> list[tuple]:
    return sorted(
        (str(v.item_id), v.number, v.state, v.checksum, v.item.origin_region_code)
        for v in ItemVersion.objects.select_related("item")
    )


def test_demo_library_is_lived_in_and_idempotent() -> None:
    operator = factories.operator(capabilities=["edit", "moderate"])
    moderator = factories.operator("moderator@federation.example", capabilities=["moderate"])
    moscow = factories.region("RU-MOW")  # its admin: admin@ru-mow.example

    assert populate_demo_library(operator=operator, moderator=moderator, contributing_region=moscow)

    served = search_versions()
    assert served.count() >= 30
    assert {v.item.kind for v in served} == {
        "virtual_lab", "self_check_test", "video_lesson", "lesson_scenario", "e_textbook", "presentation"}
    assert {g for v in served for g in v.grades} >= {2, 5, 7, 8, 9}
    assert LibraryItem.objects.filter(published_version__isnull=False, release_pending=False).count() == 0
    labs = Collection.objects.get(title="Виртуальные лаборатории. Физика 7–9")
    assert [v.title for v in search_versions(q="маятника", collection=labs)] == ["Математический маятник"]
    assert search_versions(collection=labs).count() == 8
    assert Collection.objects.count() == 2
    assert Withdrawal.objects.count() == 1
    assert [v.title for v in search_versions(state="in_review")] == [
        "Математический и пружинный маятники", "Московский транспорт: задачи на движение"]
    assert ItemVersion.objects.filter(state="superseded").count() == 1
    contribution = LibraryItem.objects.get(origin_region_code="RU-MOW")
    assert contribution.created_by == "admin@ru-mow.example"

    before = snapshot()
    assert not populate_demo_library(operator=operator, moderator=moderator, contributing_region=moscow)
    assert snapshot() == before
