"""Whose diary each role reads: a parent each of their children and nothing else, staff their pupils."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from accounts.models import Role
from schedule.times import region_today
from tests import factories
from tests.api import Api
from tests.world import World, classroom

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 11, 23)


@pytest.fixture
def world() -> World:
    world = classroom(factories.region("RU-MOS"))
    world.pupil("masha", "5Б")
    world.parent("sidorova", "masha")  # a second child, in another class
    world.person("regionadmin", Role.REGION_ADMIN)
    world.lesson("ivanova", "Математика", "5А", MONDAY, topic="Дроби")
    world.lesson("petrova", "Математика", "5Б", MONDAY, at=time(9, 30), topic="Углы")
    return world


@pytest.fixture
def api(client, world: World) -> Api:
    return Api(client, world)


def diary(api: Api, who: str, pupil: str | None = None, week_of: date = MONDAY):
    query = f"?week_of={week_of}" + (f"&pupil={api.world.people[pupil].pk}" if pupil else "")
    return api(who, "get", "/api/v1/diary/" + query)


def topics(body: dict) -> list[str]:
    return [lesson["topic"] for day in body["days"] for lesson in day["lessons"]]


def test_a_pupil_reads_their_own_week_by_default(api: Api) -> None:
    response = diary(api, "sidorov")

    assert response.status_code == 200
    body = response.json()
    assert body["pupil"] == {"id": api.world.people["sidorov"].pk, "full_name": "Sidorov"}
    assert (body["starts_on"], body["ends_on"]) == ("2026-11-23", "2026-11-29")
    assert [day["date"] for day in body["days"]] == [str(MONDAY + timedelta(days=n)) for n in range(7)]
    assert topics(body) == ["Дроби"]
    assert diary(api, "sidorov", "sidorov").json() == body


def test_any_day_of_the_week_gives_that_week(api: Api) -> None:
    body = diary(api, "sidorov", week_of=date(2026, 11, 29)).json()
    assert body["starts_on"] == "2026-11-23"
    assert topics(body) == ["Дроби"]
    assert topics(diary(api, "sidorov", week_of=date(2026, 11, 30)).json()) == []


def test_a_pupil_cannot_read_another_pupils_diary(api: Api) -> None:
    assert diary(api, "sidorov", "popov").status_code == 404
    assert (
        api("sidorov", "get", f"/api/v1/diary/averages/?pupil={api.world.people['popov'].pk}").status_code
        == 404
    )


def test_a_parent_reads_each_of_their_children_and_nothing_else(api: Api) -> None:
    assert topics(diary(api, "sidorova", "sidorov").json()) == ["Дроби"]
    assert topics(diary(api, "sidorova", "masha").json()) == ["Углы"]
    assert diary(api, "sidorova", "popov").status_code == 404
    assert diary(api, "sidorova", "ivanova").status_code == 404  # not a pupil at all
    missing = api("sidorova", "get", "/api/v1/diary/?pupil=999999")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"


def test_a_parent_who_names_no_child_gets_the_children_to_choose_from(api: Api) -> None:
    response = diary(api, "sidorova")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "choose_pupil"
    assert list(response.json()["error"]["fields"]) == ["pupil"]
    children = {child["full_name"]: child["class_group"]["name"] for child in response.json()["children"]}
    assert children == {"Sidorov": "5А", "Masha": "5Б"}


def test_children_lists_a_parents_children_with_their_class_today(api: Api, monkeypatch) -> None:
    monkeypatch.setattr("diary.api.views.region_today", lambda region: MONDAY)
    body = api("sidorova", "get", "/api/v1/children/").json()

    assert body["count"] == 2
    groups = {child["full_name"]: child["class_group"]["name"] for child in body["results"]}
    assert groups == {"Masha": "5Б", "Sidorov": "5А"}
    assert body["results"][0]["class_group"]["school"]["name"] == "Школа № 1"
    monkeypatch.setattr(
        "diary.api.views.region_today", lambda region: date(2026, 8, 1)
    )  # before school starts
    assert [
        child["class_group"] for child in api("sidorova", "get", "/api/v1/children/").json()["results"]
    ] == [
        None,
        None,
    ]
    assert api("sidorov", "get", "/api/v1/children/").json()["count"] == 0
    assert api("ivanova", "get", "/api/v1/children/").json()["count"] == 0


@pytest.mark.parametrize("who", ["ivanova", "director", "regionadmin"])
def test_staff_who_see_the_pupil_read_the_diary(api: Api, who: str) -> None:
    assert topics(diary(api, who, "sidorov").json()) == ["Дроби"]


def test_a_teacher_of_another_class_gets_404(api: Api) -> None:
    assert diary(api, "petrova", "sidorov").status_code == 404
    assert topics(diary(api, "petrova", "popov").json()) == ["Углы"]


def test_staff_must_name_the_pupil(api: Api) -> None:
    response = diary(api, "ivanova")
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["pupil"]


@pytest.mark.parametrize(("query", "field"), [("week_of=23.11.2026", "week_of"), ("pupil=abc", "pupil")])
def test_a_bad_parameter_is_named(api: Api, query: str, field: str) -> None:
    response = api("sidorov", "get", f"/api/v1/diary/?{query}")
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == [field]


def test_another_regions_token_and_the_federation_host_reach_nothing(client, world: World) -> None:
    other = classroom(factories.region("RU-MOW"))
    token = Api(client, other).token("sidorov")
    auth = {"HTTP_AUTHORIZATION": f"Token {token}"}
    url = f"/api/v1/diary/?pupil={world.people['sidorov'].pk}&week_of={MONDAY}"

    assert client.get(url, HTTP_HOST=factories.host(world.region), **auth).status_code == 401
    assert client.get(url, HTTP_HOST=factories.host(None), **auth).status_code == 404
    assert client.get(url, HTTP_HOST=factories.host(world.region)).status_code == 401  # anonymous


def test_the_week_defaults_to_this_week_where_the_region_is(api: Api) -> None:
    today = region_today(api.world.region)
    body = api("sidorov", "get", "/api/v1/diary/").json()
    assert body["starts_on"] == str(today - timedelta(days=today.weekday()))
