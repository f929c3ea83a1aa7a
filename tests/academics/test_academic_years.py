"""School years: the region admin adds one with its periods per scheme and holidays; staff read them."""

from __future__ import annotations

import pytest

from academics.models import AcademicYear, Holiday, Period
from tenants.context import in_region
from tests.api import Api
from tests.schools.api import error_fields
from tests.world import World

pytestmark = pytest.mark.django_db

YEARS = "/api/v1/academic-years/"


def span(name: str, starts_on: str, ends_on: str) -> dict:
    return {"name": name, "starts_on": starts_on, "ends_on": ends_on}


NEXT_YEAR = {
    "name": "2027/2028",
    "starts_on": "2027-09-01",
    "ends_on": "2028-05-31",
    "period_scheme": "trimesters",
    "periods": {
        "halves": [
            span("1 полугодие", "2027-09-01", "2027-12-28"),
            span("2 полугодие", "2028-01-11", "2028-05-31"),
        ],
        "trimesters": [
            span("1 триместр", "2027-09-01", "2027-11-30"),
            span("2 триместр", "2027-12-01", "2028-02-29"),
            span("3 триместр", "2028-03-01", "2028-05-31"),
        ],
    },
    "holidays": [span("Зимние каникулы", "2027-12-29", "2028-01-10")],
    "senior_period_scheme": "halves",
}


def rows(world: World) -> tuple[int, int, int]:
    with in_region(world.region):
        return AcademicYear.objects.count(), Period.objects.count(), Holiday.objects.count()


def test_the_region_admin_adds_a_year_with_its_periods_and_holidays(api: Api, world: World) -> None:
    response = api("regionadmin", "post", YEARS, NEXT_YEAR)

    assert response.status_code == 201, response.json()
    year = api("ivanova", "get", f"{YEARS}{response.json()['id']}/").json()
    assert year == response.json()
    assert (year["name"], year["period_scheme"], year["senior_period_scheme"], year["senior_from_grade"]) == (
        "2027/2028",
        "trimesters",
        "halves",
        10,
    )
    assert [(p["scheme"], p["number"], p["name"]) for p in year["periods"]] == [
        ("halves", 1, "1 полугодие"),
        ("halves", 2, "2 полугодие"),
        ("trimesters", 1, "1 триместр"),
        ("trimesters", 2, "2 триместр"),
        ("trimesters", 3, "3 триместр"),
    ]
    assert year["holidays"] == [span("Зимние каникулы", "2027-12-29", "2028-01-10")]
    listed = api("director", "get", YEARS).json()["results"]
    assert [y["name"] for y in listed] == ["2027/2028", "2026/2027"]
    assert len(listed[1]["periods"]) == 6 and len(listed[1]["holidays"]) == 3


def test_bad_years_are_refused_with_the_field_named_and_nothing_written(api: Api, world: World) -> None:
    quarters = [span("1", "2027-09-01", "2027-10-31"), span("2", "2027-11-01", "2027-12-31")]
    cases = [
        ({"name": ""}, "name"),
        ({"starts_on": "1 September"}, "starts_on"),
        ({"ends_on": "2027-08-01"}, "ends_on"),
        ({"period_scheme": "semesters"}, "period_scheme"),
        ({"period_scheme": "quarters"}, "period_scheme"),  # no quarters given
        ({"periods": {}}, "periods"),
        ({"periods": {"quarters": quarters}}, "periods"),  # four quarters, not two
        (
            {
                "periods": {
                    "halves": NEXT_YEAR["periods"]["halves"][::-1],
                    "trimesters": NEXT_YEAR["periods"]["trimesters"],
                }
            },
            "periods",
        ),  # out of order: they overlap
        ({"periods": {"trimesters": NEXT_YEAR["periods"]["trimesters"]}}, "senior_period_scheme"),
        ({"senior_from_grade": 12}, "senior_from_grade"),
        ({"holidays": [span("Летние каникулы", "2028-06-01", "2028-08-31")]}, "holidays"),
    ]
    for change, field in cases:
        response = api("regionadmin", "post", YEARS, {**NEXT_YEAR, **change})
        assert response.status_code == 400, (change, response.json())
        assert list(error_fields(response)) == [field], change
    assert rows(world) == (1, 6, 3)


def test_a_year_taken_or_overlapping_another_is_a_conflict(api: Api, world: World) -> None:
    taken = api("regionadmin", "post", YEARS, {**NEXT_YEAR, "name": "2026/2027"})
    assert taken.status_code == 409 and list(error_fields(taken)) == ["name"]
    overlapping = api("regionadmin", "post", YEARS, {**NEXT_YEAR, "starts_on": "2027-05-01"})
    assert overlapping.status_code == 409 and list(error_fields(overlapping)) == ["starts_on"]
    assert rows(world) == (1, 6, 3)


def test_only_the_region_admin_adds_a_year(api: Api, world: World) -> None:
    for who in ("director", "ivanova"):
        assert api(who, "post", YEARS, NEXT_YEAR).status_code == 403, who
    assert rows(world) == (1, 6, 3)
    assert api("ivanova", "get", f"{YEARS}999999/").status_code == 404
