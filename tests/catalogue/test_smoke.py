import pytest

from tests.catalogue import library

pytestmark = pytest.mark.django_db


def test_smoke(world, api) -> None:
    group = library.collection("labs", "Виртуальные лаборатории")
    v = library.item("Обыкновенные дроби", collections=[group])
    library.apply(world.region, v)
    r = api("sidorov", "get", "/api/v1/catalogue/items/?q=дробями")
    print(r.json())
    r = api("sidorov", "get", f"/api/v1/catalogue/items/{v.item_id}/")
    print(r.json())
    print(api("boss", "get", "/api/v1/catalogue/collections/").json())
    print(api("boss", "post", f"/api/v1/catalogue/items/{v.item_id}/hide/", {"note": "x"}).json())
    print(api("boss", "get", "/api/v1/catalogue/items/?hidden=true").json())
    print(api("boss", "get", "/api/v1/catalogue/items/?hidden=true&limit=1&kind=zzz").json())
