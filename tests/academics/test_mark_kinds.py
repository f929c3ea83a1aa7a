"""Mark kinds and their weights: the region admin sets them; marks already given keep theirs."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from academics.models import MarkKind
from journal.models import Mark
from journal.services import record_mark
from tenants.context import in_region
from tests.api import Api
from tests.schools.api import error_fields
from tests.world import World

pytestmark = pytest.mark.django_db

KINDS = "/api/v1/mark-kinds/"


def kinds(api: Api, who: str = "ivanova", query: str = "") -> dict[str, str]:
    response = api(who, "get", KINDS + query)
    assert response.status_code == 200, response.json()
    return {kind["code"]: kind["weight"] for kind in response.json()["results"]}


def count(world: World) -> int:
    with in_region(world.region):
        return MarkKind.objects.count()


def test_staff_read_the_mark_kinds_with_their_weights(api: Api) -> None:
    assert kinds(api) == {
        "answer": "1.00",
        "homework": "1.00",
        "independent_work": "1.50",
        "test": "2.00",
        "exam": "3.00",
    }
    assert api("director", "get", f"{KINDS}exam/").json() == {
        "code": "exam",
        "name": "Экзамен",
        "weight": "3.00",
        "is_active": True,
    }
    assert api("director", "get", f"{KINDS}oral/").status_code == 404


def test_the_region_admin_adds_a_mark_kind(api: Api) -> None:
    response = api("regionadmin", "post", KINDS, {"code": "project", "name": "Проект", "weight": "2.5"})

    assert response.status_code == 201, response.json()
    assert response.json() == {"code": "project", "name": "Проект", "weight": "2.50", "is_active": True}
    assert kinds(api)["project"] == "2.50"
    again = api("regionadmin", "post", KINDS, {"code": "project", "name": "Проект", "weight": "2"})
    assert again.status_code == 409 and list(error_fields(again)) == ["code"]


def test_bad_mark_kinds_are_named_and_nothing_is_written(api: Api, world: World) -> None:
    cases = [
        ({"code": "Проект", "name": "Проект", "weight": "2"}, "code"),
        ({"code": "project", "name": " ", "weight": "2"}, "name"),
        ({"code": "project", "name": "Проект", "weight": "0"}, "weight"),
        ({"code": "project", "name": "Проект", "weight": "11"}, "weight"),
        ({"code": "project", "name": "Проект", "weight": "heavy"}, "weight"),
        ({"code": "project", "name": "Проект"}, "weight"),
    ]
    for body, field in cases:
        response = api("regionadmin", "post", KINDS, body)
        assert response.status_code == 400, (body, response.json())
        assert list(error_fields(response)) == [field], body
    for body, field in [
        ({"weight": "-1"}, "weight"),
        ({"name": ""}, "name"),
        ({"is_active": "perhaps"}, "is_active"),
    ]:
        response = api("regionadmin", "patch", f"{KINDS}test/", body)
        assert response.status_code == 400, (body, response.json())
        assert list(error_fields(response)) == [field], body
    assert count(world) == 5
    assert kinds(api)["test"] == "2.00"


def test_only_the_region_admin_changes_mark_kinds(api: Api, world: World) -> None:
    for who in ("director", "ivanova"):
        assert (
            api(who, "post", KINDS, {"code": "project", "name": "Проект", "weight": "2"}).status_code == 403
        )
        assert api(who, "patch", f"{KINDS}test/", {"weight": "5"}).status_code == 403
    assert count(world) == 5 and kinds(api)["test"] == "2.00"


def test_a_new_weight_shows_and_marks_already_given_keep_theirs(api: Api, world: World) -> None:
    lesson = world.lesson("ivanova", "Математика", "5А", date(2026, 11, 23))
    with in_region(world.region):
        mark = record_mark(
            region=world.region,
            lesson=lesson,
            pupil=world.pupil("sidorov"),
            value="5",
            kind="test",
            actor=world.teacher("ivanova"),
        )

    response = api("regionadmin", "patch", f"{KINDS}test/", {"weight": "3", "name": "Контрольная"})

    assert response.status_code == 200, response.json()
    assert response.json() == {"code": "test", "name": "Контрольная", "weight": "3.00", "is_active": True}
    assert kinds(api)["test"] == "3.00"
    with in_region(world.region):
        assert Mark.objects.get(pk=mark.pk).weight == Decimal(2)


def test_a_kind_taken_out_of_use_stays_listed_as_such(api: Api) -> None:
    response = api("regionadmin", "patch", f"{KINDS}answer/", {"is_active": False})

    assert response.status_code == 200 and response.json()["is_active"] is False
    assert "answer" not in kinds(api, query="?is_active=true")
    assert list(kinds(api, query="?is_active=false")) == ["answer"]
    assert api("regionadmin", "patch", f"{KINDS}answer/", {"is_active": True}).json()["is_active"] is True
