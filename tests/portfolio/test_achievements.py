"""Portfolio: achievements added by the pupil or staff, confirmed by the school admin, read by parents."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from accounts.models import Role
from portfolio.models import Achievement
from schedule.times import region_today
from schools.services import create_school
from tenants.context import in_region
from tests import factories
from tests.api import Api
from tests.world import World, classroom

pytestmark = pytest.mark.django_db

OLYMPIAD = {
    "kind": "olympiad",
    "title": "Всероссийская олимпиада школьников по математике",
    "subject": "Математика",
    "level": "municipal",
    "result": "prize_winner",
    "organiser": "Управление образования",
    "achieved_on": "2026-10-15",
    "certificate_url": "https://olymp.example/certificates/123",
}


@pytest.fixture
def world() -> World:
    return classroom(factories.region("RU-MOS"))


@pytest.fixture
def api(client, world: World) -> Api:
    return Api(client, world)


def pupil_url(world: World, name: str) -> str:
    return f"/api/v1/pupils/{world.people[name].pk}/achievements/"


def add(api: Api, who: str = "sidorov", pupil: str = "sidorov", **changes: str) -> dict:
    response = api(who, "post", pupil_url(api.world, pupil), {**OLYMPIAD, **changes})
    assert response.status_code == 201, response.json()
    return response.json()


def second_school(world: World) -> World:
    """Another school of the same region, with its own admin and 6А."""
    with in_region(world.region):
        school = create_school(region=world.region, name="Школа № 2")
    other = World(region=world.region, year=world.year, school=school, people=world.people)
    other.person("director2", Role.SCHOOL_ADMIN)
    other.pupil("orlov", "6А")
    return other


def count(world: World) -> int:
    with in_region(world.region):
        return Achievement.objects.count()


def test_a_pupil_adds_an_achievement_and_it_awaits_confirmation(api: Api) -> None:
    body = add(api)

    assert body["status"] == "pending"
    assert body["pupil"]["full_name"] == "Sidorov"
    assert body["added_by"]["full_name"] == "Sidorov"
    assert body["level"] == "municipal" and body["achieved_on"] == "2026-10-15"
    listed = api("sidorov", "get", pupil_url(api.world, "sidorov")).json()
    assert [a["title"] for a in listed["results"]] == [OLYMPIAD["title"]]


def test_the_school_admin_confirms_and_the_pupil_can_no_longer_edit(api: Api) -> None:
    achievement = add(api)
    queue = api("director", "get", "/api/v1/achievements/?status=pending").json()
    assert [a["id"] for a in queue["results"]] == [achievement["id"]]

    response = api("director", "post", f"/api/v1/achievements/{achievement['id']}/confirm/")
    assert response.status_code == 200
    assert response.json()["status"] == "confirmed"
    assert response.json()["reviewed_by"]["full_name"] == "Director"
    assert response.json()["reviewed_at"].endswith("+03:00")  # Moscow time, with its offset
    assert api("director", "get", "/api/v1/achievements/?status=pending").json()["results"] == []

    edit = api("sidorov", "patch", f"/api/v1/achievements/{achievement['id']}/", {"result": "winner"})
    assert edit.status_code == 403
    assert api("sidorov", "delete", f"/api/v1/achievements/{achievement['id']}/").status_code == 403
    unchanged = api("sidorov", "get", f"/api/v1/achievements/{achievement['id']}/").json()
    assert unchanged["result"] == "prize_winner"


def test_the_pupil_edits_and_deletes_a_pending_achievement(api: Api) -> None:
    achievement = add(api)
    url = f"/api/v1/achievements/{achievement['id']}/"

    edited = api("sidorov", "patch", url, {"result": "winner", "level": "regional"})
    assert edited.status_code == 200
    assert (edited.json()["result"], edited.json()["level"]) == ("winner", "regional")
    assert edited.json()["title"] == OLYMPIAD["title"]

    assert api("sidorov", "delete", url).status_code == 204
    assert count(api.world) == 0


def test_editing_a_rejected_achievement_sends_it_back_for_confirmation(api: Api) -> None:
    achievement = add(api)
    url = f"/api/v1/achievements/{achievement['id']}/"
    assert api("director", "post", url + "reject/", {}).status_code == 400  # a rejection says why
    rejected = api("director", "post", url + "reject/", {"note": "The certificate link does not open."})
    assert rejected.json()["status"] == "rejected"
    assert rejected.json()["review_note"] == "The certificate link does not open."

    resubmitted = api("sidorov", "patch", url, {"certificate_url": "https://olymp.example/c/123.pdf"})
    assert resubmitted.json()["status"] == "pending"
    assert resubmitted.json()["review_note"] == ""


def test_a_teacher_adds_for_their_pupil_but_cannot_confirm(api: Api) -> None:
    achievement = add(api, who="ivanova")
    assert achievement["added_by"]["full_name"] == "Ivanova"

    response = api("ivanova", "post", f"/api/v1/achievements/{achievement['id']}/confirm/")
    assert response.status_code == 403
    assert api("ivanova", "get", "/api/v1/achievements/").json()["results"] == []  # reviews nothing
    assert api("sidorov", "get", f"/api/v1/achievements/{achievement['id']}/").json()["status"] == "pending"


def test_a_teacher_of_another_class_neither_sees_nor_adds(api: Api) -> None:
    achievement = add(api)

    assert api("petrova", "get", f"/api/v1/achievements/{achievement['id']}/").status_code == 404
    assert api("petrova", "get", pupil_url(api.world, "sidorov")).status_code == 404
    assert api("petrova", "post", pupil_url(api.world, "sidorov"), OLYMPIAD).status_code == 404
    assert count(api.world) == 1


def test_the_admin_of_another_school_cannot_see_or_confirm(api: Api) -> None:
    other = second_school(api.world)
    achievement = add(api)
    theirs = add(api, who="orlov", pupil="orlov", title="Городской турнир по шахматам", kind="competition")

    url = f"/api/v1/achievements/{achievement['id']}/"
    assert api("director2", "get", url).status_code == 404
    assert api("director2", "post", url + "confirm/").status_code == 404
    queue = api("director2", "get", "/api/v1/achievements/?status=pending").json()["results"]
    assert [a["id"] for a in queue] == [theirs["id"]]
    assert api("director", "get", "/api/v1/achievements/").json()["results"] == [achievement]
    assert other.people["orlov"].pk != api.world.people["sidorov"].pk


def test_the_review_follows_the_pupil_to_their_new_school(api: Api) -> None:
    other = second_school(api.world)
    achievement = add(api)
    other.pupil("sidorov", "6А", since=date(2026, 11, 16))

    url = f"/api/v1/achievements/{achievement['id']}/confirm/"
    assert api("director", "post", url).status_code == 403  # still reads the old pupil, reviews no more
    assert api("director2", "post", url).json()["status"] == "confirmed"


def test_a_parent_reads_their_childs_portfolio_but_does_not_add(api: Api) -> None:
    achievement = add(api)

    listed = api("sidorova", "get", pupil_url(api.world, "sidorov")).json()["results"]
    assert [a["id"] for a in listed] == [achievement["id"]]
    response = api("sidorova", "post", pupil_url(api.world, "sidorov"), OLYMPIAD)
    assert response.status_code == 403
    assert api("sidorova", "get", pupil_url(api.world, "popov")).status_code == 404
    assert count(api.world) == 1


def test_a_pupil_cannot_read_or_add_to_another_pupils_portfolio(api: Api) -> None:
    add(api, who="popov", pupil="popov")

    assert api("sidorov", "get", pupil_url(api.world, "popov")).status_code == 404
    assert api("sidorov", "post", pupil_url(api.world, "popov"), OLYMPIAD).status_code == 404
    assert count(api.world) == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("kind", "hackathon"),
        ("level", "galactic"),
        ("result", "gold"),
        ("result", "completed"),  # an olympiad is not "completed"
        ("title", "  "),
        ("certificate_url", "olymp.example/123"),
        ("certificate_url", "javascript:alert(1)"),
        ("achieved_on", "15.10.2026"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(api: Api, field: str, value: str) -> None:
    response = api("sidorov", "post", pupil_url(api.world, "sidorov"), {**OLYMPIAD, field: value})

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == [field]
    assert count(api.world) == 0


def test_a_date_in_the_future_is_refused(api: Api) -> None:
    tomorrow = region_today(api.world.region) + timedelta(days=1)
    response = api(
        "sidorov", "post", pupil_url(api.world, "sidorov"), {**OLYMPIAD, "achieved_on": str(tomorrow)}
    )

    assert response.status_code == 400
    assert response.json()["error"]["fields"]["achieved_on"] == ["The date is in the future."]
    assert count(api.world) == 0


def test_bad_edit_leaves_the_achievement_as_it_was(api: Api) -> None:
    achievement = add(api)
    url = f"/api/v1/achievements/{achievement['id']}/"

    response = api("sidorov", "patch", url, {"title": "New title", "level": "galactic"})
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["level"]
    assert api("sidorov", "get", url).json() == achievement


def test_an_extra_education_certificate_is_completed(api: Api) -> None:
    body = add(
        api, kind="extra_education", title="Программирование на Python", level="municipal", result="completed"
    )
    assert body["kind"] == "extra_education"
    bad = api("sidorov", "post", pupil_url(api.world, "sidorov"), {**OLYMPIAD, "kind": "extra_education"})
    assert list(bad.json()["error"]["fields"]) == ["result"]


def test_a_bad_status_filter_names_the_parameter(api: Api) -> None:
    response = api("director", "get", "/api/v1/achievements/?status=lost")
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["status"]


def test_another_regions_token_and_the_federation_host_reach_nothing(client, api: Api) -> None:
    other = factories.region("RU-MOW")
    achievement = add(api)
    token = api.token("sidorov")
    url = f"/api/v1/achievements/{achievement['id']}/"

    auth = {"HTTP_AUTHORIZATION": f"Token {token}"}
    assert client.get(url, HTTP_HOST=factories.host(other), **auth).status_code == 401
    assert client.get(url, HTTP_HOST=factories.host(None), **auth).status_code == 404
