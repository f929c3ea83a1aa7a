import pytest

from catalogue import selectors
from tests.catalogue import library

pytestmark = pytest.mark.django_db


def test_smoke(world) -> None:
    v = library.item("Обыкновенные дроби")
    library.apply(world.region, v)
    print(selectors.visible_items(region=world.region).query)
    assert [i.title for i in selectors.find_items(region=world.region, q="дробями")] == ["Обыкновенные дроби"]
    print(selectors.materials_for(region=world.region, homework_ids=[1], content=True))
    print(selectors.collections_overview(region=world.region))
