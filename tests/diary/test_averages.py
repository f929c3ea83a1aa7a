"""Averages per subject per period, weighted by mark kind, with the period and year marks."""

from __future__ import annotations

from datetime import date

import pytest
from rest_framework.renderers import JSONRenderer

from diary.api.serializers import SubjectAveragesOutput
from diary.selectors import subject_averages
from journal.services import record_mark, set_final_mark
from tenants.context import in_region
from tests import factories
from tests.api import Api
from tests.world import World, classroom

pytestmark = pytest.mark.django_db

OCTOBER, NOVEMBER = date(2026, 10, 12), date(2026, 11, 23)


@pytest.fixture
def world() -> World:
    world = classroom(factories.region("RU-MOS"))
    world.assign("ivanova", "Русский язык", "5А")
    marks = [
        (OCTOBER, "Математика", "2", "answer"),  # first quarter
        (NOVEMBER, "Математика", "5", "answer"),  # weight 1
        (NOVEMBER, "Математика", "3", "test"),  # weight 2
        (NOVEMBER, "Математика", "4", "independent_work"),  # weight 1.5
        (NOVEMBER, "Русский язык", "4", "answer"),
        (NOVEMBER, "Физическая культура", "pass", "answer"),  # pass/fail: no average
    ]
    with in_region(world.region):
        for day, subject, value, kind in marks:
            lesson = world.lesson("ivanova", subject, "5А", day)
            record_mark(
                region=world.region,
                lesson=lesson,
                pupil=world.people["sidorov"],
                value=value,
                kind=kind,
                actor=world.teacher("ivanova"),
            )
    return world


@pytest.fixture
def api(client, world: World) -> Api:
    return Api(client, world)


def quarter(world: World, number: int):
    with in_region(world.region):
        return world.year.periods.get(scheme="quarters", number=number)


def averages(api: Api, who: str = "sidorov", **query: object) -> dict:
    params = "&".join(f"{name}={value}" for name, value in query.items())
    response = api(who, "get", f"/api/v1/diary/averages/?{params}")
    assert response.status_code == 200, response.json()
    return response.json()


def rows(body: dict) -> dict[str, tuple[str | None, str | None]]:
    return {row["subject"]["name"]: (row["average"], row["final_mark"]) for row in body["subjects"]}


def test_averages_per_subject_in_a_period_are_weighted_by_kind(api: Api, world: World) -> None:
    body = averages(api, period=quarter(world, 2).pk)

    assert body["period"]["name"] == "2 четверть"
    assert body["academic_year"]["name"] == "2026/2027"
    # (5×1 + 3×2 + 4×1.5) / 4.5 = 3.777…; the October 2 belongs to the first quarter
    assert rows(body) == {
        "Математика": ("3.78", None),
        "Русский язык": ("4.00", None),
        "Физическая культура": (None, None),
    }
    assert rows(averages(api, period=quarter(world, 1).pk)) == {"Математика": ("2.00", None)}


def test_the_period_mark_and_the_year_mark_show_once_set(api: Api, world: World) -> None:
    maths, second = world.subject("Математика"), quarter(world, 2)
    with in_region(world.region):
        for period, value in ((second, "4"), (None, "3")):
            set_final_mark(
                region=world.region,
                pupil=world.people["sidorov"],
                subject=maths,
                academic_year=world.year,
                period=period,
                value=value,
                actor=world.teacher("ivanova"),
            )

    assert rows(averages(api, period=second.pk))["Математика"] == ("3.78", "4")
    year = averages(api, academic_year=world.year.pk)
    assert year["period"] is None
    # (2 + 5 + 3×2 + 4×1.5) / 5.5 = 3.4545…
    assert rows(year)["Математика"] == ("3.45", "3")
    assert rows(averages(api, period=quarter(world, 1).pk))["Математика"] == ("2.00", None)


@pytest.mark.parametrize("span", ["period", "academic_year"])
def test_the_averages_api_answers_what_its_serializer_renders(api: Api, world: World, span: str) -> None:
    """The API renders its document by hand (averages_document); SubjectAveragesOutput is its schema."""
    second = quarter(world, 2)
    with in_region(world.region):
        set_final_mark(
            region=world.region,
            pupil=world.people["sidorov"],
            subject=world.subject("Математика"),
            academic_year=world.year,
            period=second if span == "period" else None,
            value="4",
            actor=world.teacher("ivanova"),
        )
        over = {"period": second} if span == "period" else {"academic_year": world.year}
        expected = SubjectAveragesOutput(
            subject_averages(
                region=world.region, pupil=world.people["sidorov"], reader=world.people["sidorov"], **over
            )
        ).data
    query = f"period={second.pk}" if span == "period" else f"academic_year={world.year.pk}"

    response = api("sidorov", "get", f"/api/v1/diary/averages/?{query}")

    assert response.content == JSONRenderer().render(expected)
    assert [row["final_mark"] for row in response.json()["subjects"]] == ["4", None, None]


def test_a_parent_and_the_teacher_read_the_averages_others_get_404(api: Api, world: World) -> None:
    sidorov, second = world.people["sidorov"].pk, quarter(world, 2).pk
    assert rows(averages(api, "sidorova", pupil=sidorov, period=second)) == rows(averages(api, period=second))
    assert rows(averages(api, "ivanova", pupil=sidorov, period=second))["Математика"] == ("3.78", None)
    url = f"/api/v1/diary/averages/?pupil={sidorov}&period={second}"
    assert api("petrova", "get", url).status_code == 404
    assert api("popov", "get", url).status_code == 404


@pytest.mark.parametrize(
    ("today", "number"),
    [(NOVEMBER, 2), (date(2026, 11, 1), 1)],  # in the autumn holidays: the quarter just over
)
def test_the_default_period_is_todays(api: Api, world: World, monkeypatch, today: date, number: int) -> None:
    monkeypatch.setattr("diary.selectors.region_today", lambda region: today)
    assert averages(api)["period"]["id"] == quarter(world, number).pk


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("period=999999", "period"),
        ("period=x", "period"),
        ("academic_year=999999", "academic_year"),
    ],
)
def test_a_bad_period_is_named(api: Api, query: str, field: str) -> None:
    response = api("sidorov", "get", f"/api/v1/diary/averages/?{query}")
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == [field]


def test_a_period_of_another_scheme_is_refused(api: Api, world: World) -> None:
    with in_region(world.region):
        half = world.year.periods.get(scheme="halves", number=1)
    response = api("sidorov", "get", f"/api/v1/diary/averages/?period={half.pk}")
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["period"]


def test_period_and_year_together_are_refused(api: Api, world: World) -> None:
    response = api("sidorov", "get", f"/api/v1/diary/averages/?period=1&academic_year={world.year.pk}")
    assert list(response.json()["error"]["fields"]) == ["academic_year"]
