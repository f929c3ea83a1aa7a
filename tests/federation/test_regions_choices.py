"""What regions see after releases: withdrawals at once everywhere; their own choices kept."""

from __future__ import annotations

import pytest

from accounts.models import Role
from catalogue.selectors import visible_items
from catalogue.services.curation import choose_collections, hide_item
from federation.services.releases import cut_release
from federation.services.sync import sync_region
from shared_library.services.collections import create_collection
from tenants.context import in_region
from tests import factories
from tests.federation import library

pytestmark = pytest.mark.django_db


def served(region) -> set[str]:
    with in_region(region):
        return set(visible_items(region=region).values_list("title", flat=True))


def test_a_withdrawal_hides_the_item_in_every_region_before_any_release(release_manager) -> None:
    regions = [factories.region(code) for code in ("RU-MOS", "RU-TA", "RU-KAM")]
    ohm = library.published_item("Закон Ома")
    library.published_item("Плотность вещества")
    cut_release(actor=release_manager)
    for region in regions:
        sync_region(region=region)

    library.withdraw(ohm, "Нарушение авторских прав")

    assert [served(region) for region in regions] == [{"Плотность вещества"}] * 3
    cut_release(actor=release_manager)
    sync_region(region=regions[0])  # the others have not applied the withdrawal yet
    assert [served(region) for region in regions] == [{"Плотность вещества"}] * 3


def test_a_regions_collection_choice_and_hides_survive_later_releases(release_manager) -> None:
    mos = factories.region("RU-MOS")
    admin = factories.region_user(mos, "curator@mos.example", role=Role.REGION_ADMIN)
    staff = library.staff()
    labs = create_collection(actor=staff, slug="labs-physics", title="Виртуальные лаборатории. Физика 7–9")
    tests = create_collection(actor=staff, slug="tests-maths", title="Тесты. Математика 5–6")
    ohm = library.published_item("Закон Ома", collections=(labs,))
    library.published_item("Плотность вещества", collections=(labs,))
    library.published_item("Дроби", kind="self_check_test", collections=(tests,))
    cut_release(actor=release_manager)
    sync_region(region=mos)
    with in_region(mos):
        choose_collections(region=mos, all_collections=False, collection_ids=[labs.pk], actor=admin)
        hide_item(region=mos, item_id=ohm.pk, note="Своя лаборатория лучше", actor=admin)

    library.new_version(ohm, "Закон Ома, версия 2")
    library.published_item("Проценты", kind="self_check_test", collections=(tests,))
    library.published_item("Архимедова сила", collections=(labs,))
    cut_release(actor=release_manager)
    sync_region(region=mos)

    assert served(mos) == {"Плотность вещества", "Архимедова сила"}
