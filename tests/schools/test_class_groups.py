"""Class groups: opening them, their pupils on a day, moves that keep history, and who teaches what."""

from __future__ import annotations

from datetime import date

import pytest

from schedule.times import region_today
from schools.models import ClassGroup, Enrolment, TeachingAssignment
from tenants.context import in_region
from tests.api import Api
from tests.schools.api import error_fields
from tests.world import World

pytestmark = pytest.mark.django_db

GROUPS = "/api/v1/class-groups/"


def group_names(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return [group["name"] for group in response.json()["results"]]


def pupils(api: Api, who: str, group: ClassGroup, day: str) -> list[str]:
    response = api(who, "get", f"{GROUPS}{group.pk}/?date={day}")
    assert response.status_code == 200, response.json()
    return [pupil["full_name"] for pupil in response.json()["pupils"]]


def count(world: World, model: type) -> int:
    with in_region(world.region):
        return model.objects.count()


def test_staff_list_the_class_groups_they_see(api: Api, world: World, other: World) -> None:
    assert group_names(api("regionadmin", "get", GROUPS)) == ["5А", "5Б", "6А"]
    assert group_names(api("director", "get", GROUPS)) == ["5А", "5Б"]
    assert group_names(api("director2", "get", GROUPS)) == ["6А"]
    assert group_names(api("petrova", "get", GROUPS)) == ["5Б"]
    assert group_names(api("sidorov", "get", GROUPS)) == []
    assert group_names(api("sidorova", "get", GROUPS)) == []
    assert group_names(api("regionadmin", "get", f"{GROUPS}?school={other.school.pk}")) == ["6А"]
    assert group_names(api("regionadmin", "get", f"{GROUPS}?grade=5&academic_year={world.year.pk}")) == [
        "5А",
        "5Б",
    ]


def test_a_bad_filter_is_named(api: Api) -> None:
    for query, field in [
        ("?grade=12", "grade"),
        ("?school=first", "school"),
        ("?academic_year=x", "academic_year"),
    ]:
        response = api("regionadmin", "get", GROUPS + query)
        assert response.status_code == 400, query
        assert list(error_fields(response)) == [field], query


def test_a_school_admin_opens_a_class_group_in_their_school(api: Api, world: World) -> None:
    body = {
        "school": world.school.pk,
        "academic_year": world.year.pk,
        "grade": 6,
        "letter": "в",
        "class_teacher": api.id("petrova"),
    }

    response = api("director", "post", GROUPS, body)

    assert response.status_code == 201, response.json()
    group = response.json()
    assert (group["name"], group["school"]["name"], group["academic_year"]["name"]) == (
        "6В",
        "Школа № 1",
        "2026/2027",
    )
    assert group["class_teacher"] == {"id": api.id("petrova"), "full_name": "Petrova"}
    assert group_names(api("petrova", "get", GROUPS)) == ["5Б", "6В"]  # she leads it now

    again = api("director", "post", GROUPS, body)
    assert again.status_code == 409
    assert list(error_fields(again)) == ["letter"]


def test_bad_class_groups_are_refused_with_the_field_named(api: Api, world: World, other: World) -> None:
    good = {"school": world.school.pk, "academic_year": world.year.pk, "grade": 6, "letter": "В"}
    cases = [
        ({"grade": 12}, "grade"),
        ({"grade": "six"}, "grade"),
        ({"letter": ""}, "letter"),
        ({"letter": "А-1"}, "letter"),
        ({"school": other.school.pk}, "school"),
        ({"academic_year": 999999}, "academic_year"),
        ({"class_teacher": api.id("orlova")}, "class_teacher"),  # teaches at the other school
        ({"class_teacher": api.id("sidorov")}, "class_teacher"),
    ]
    for change, field in cases:
        response = api("director", "post", GROUPS, {**good, **change})
        assert response.status_code == 400, (change, response.json())
        assert list(error_fields(response)) == [field], change
    assert count(world, ClassGroup) == 3


def test_teachers_pupils_and_parents_open_no_class_group(api: Api, world: World) -> None:
    body = {"school": world.school.pk, "academic_year": world.year.pk, "grade": 6, "letter": "В"}
    for who in ("ivanova", "sidorov", "sidorova"):
        assert api(who, "post", GROUPS, body).status_code == 403, who
    assert count(world, ClassGroup) == 3


def test_a_class_group_lists_its_pupils_on_a_day_today_by_default(api: Api, world: World) -> None:
    group = world.group("5А")
    assert pupils(api, "ivanova", group, "2026-11-23") == ["Kuznetsova", "Sidorov", "Smirnov"]
    assert pupils(api, "ivanova", group, "2026-08-31") == []

    body = api("ivanova", "get", f"{GROUPS}{group.pk}/").json()
    today = str(region_today(world.region))
    assert body["date"] == today
    assert [p["full_name"] for p in body["pupils"]] == pupils(api, "ivanova", group, today)
    assert api("ivanova", "get", f"{GROUPS}{group.pk}/?date=yesterday").status_code == 400


def test_a_class_group_out_of_reach_reads_as_missing(api: Api, world: World, other: World) -> None:
    assert api("petrova", "get", f"{GROUPS}{world.group('5А').pk}/").status_code == 404
    assert api("director", "get", f"{GROUPS}{other.group('6А').pk}/").status_code == 404
    assert api("sidorov", "get", f"{GROUPS}{world.group('5А').pk}/").status_code == 404
    assert api("sidorova", "get", f"{GROUPS}{world.group('5А').pk}/enrolments/").status_code == 404


def test_a_pupil_moving_class_mid_year_keeps_their_history(api: Api, world: World) -> None:
    a, b = world.group("5А"), world.group("5Б")

    response = api(
        "director",
        "post",
        f"{GROUPS}{b.pk}/enrolments/",
        {"pupil": api.id("sidorov"), "starts_on": "2026-11-23"},
    )

    assert response.status_code == 201, response.json()
    assert response.json()["starts_on"] == "2026-11-23" and response.json()["ends_on"] is None
    history = api("ivanova", "get", f"{GROUPS}{a.pk}/enrolments/").json()["results"]
    assert [(e["pupil"]["full_name"], e["starts_on"], e["ends_on"]) for e in history] == [
        ("Kuznetsova", "2026-09-01", None),
        ("Sidorov", "2026-09-01", "2026-11-22"),
        ("Smirnov", "2026-09-01", None),
    ]
    assert pupils(api, "ivanova", a, "2026-11-22") == ["Kuznetsova", "Sidorov", "Smirnov"]
    assert pupils(api, "ivanova", a, "2026-11-23") == ["Kuznetsova", "Smirnov"]
    assert pupils(api, "petrova", b, "2026-11-23") == ["Popov", "Sidorov"]

    again = api(
        "director",
        "post",
        f"{GROUPS}{b.pk}/enrolments/",
        {"pupil": api.id("sidorov"), "starts_on": "2026-12-01"},
    )
    assert again.status_code == 201 and again.json()["id"] == response.json()["id"]  # already there
    earlier = api(
        "director",
        "post",
        f"{GROUPS}{a.pk}/enrolments/",
        {"pupil": api.id("sidorov"), "starts_on": "2026-11-23"},
    )
    assert earlier.status_code == 409
    assert list(error_fields(earlier)) == ["starts_on"]
    assert count(world, Enrolment) == 6  # five at the start, one more for the move


def test_enrolments_refuse_bad_input_and_pupils_of_other_schools(
    api: Api, world: World, other: World
) -> None:
    url = f"{GROUPS}{world.group('5Б').pk}/enrolments/"
    cases = [
        ({"pupil": api.id("sidorov"), "starts_on": "2027-06-01"}, "starts_on"),  # after the school year
        ({"pupil": api.id("sidorov"), "starts_on": "soon"}, "starts_on"),
        ({"pupil": api.id("sidorov")}, "starts_on"),
        ({"pupil": api.id("orlov"), "starts_on": "2026-11-23"}, "pupil"),  # at the other school
        ({"pupil": api.id("sidorova"), "starts_on": "2026-11-23"}, "pupil"),  # not a pupil
        ({"pupil": 999999, "starts_on": "2026-11-23"}, "pupil"),
    ]
    for body, field in cases:
        response = api("director", "post", url, body)
        assert response.status_code == 400, (body, response.json())
        assert list(error_fields(response)) == [field], body
    assert count(world, Enrolment) == 5


def test_a_pupil_who_moved_school_is_named_as_such(api: Api, world: World, other: World) -> None:
    moved = api(
        "regionadmin",
        "post",
        f"{GROUPS}{other.group('6А').pk}/enrolments/",
        {"pupil": api.id("popov"), "starts_on": "2026-11-23"},
    )
    assert moved.status_code == 201, moved.json()

    back = api(
        "director",
        "post",
        f"{GROUPS}{world.group('5Б').pk}/enrolments/",
        {"pupil": api.id("popov"), "starts_on": "2026-12-01"},
    )

    assert back.status_code == 400
    assert "another school" in error_fields(back)["pupil"][0]
    assert (
        api(
            "director2",
            "post",
            f"{GROUPS}{other.group('6А').pk}/enrolments/",
            {"pupil": api.id("popov"), "starts_on": "2026-12-01"},
        ).status_code
        == 201
    )


def test_only_the_schools_administration_enrols(api: Api, world: World) -> None:
    url = f"{GROUPS}{world.group('5А').pk}/enrolments/"
    for who in ("director2", "ivanova"):
        assert (
            api(who, "post", url, {"pupil": api.id("popov"), "starts_on": "2026-11-23"}).status_code == 404
        ), who
    assert count(world, Enrolment) == 5


def test_assignments_are_listed_added_and_removed_while_no_lesson_depends_on_them(
    api: Api, world: World
) -> None:
    group = world.group("5Б")
    url = f"{GROUPS}{group.pk}/assignments/"
    assert [
        (a["teacher"]["full_name"], a["subject"]["name"])
        for a in api("petrova", "get", url).json()["results"]
    ] == [("Petrova", "Математика")]

    added = api(
        "director",
        "post",
        url,
        {"teacher": api.id("ivanova"), "subject": world.subject("Физическая культура").pk},
    )
    assert added.status_code == 201, added.json()
    assert group_names(api("ivanova", "get", GROUPS)) == ["5А", "5Б"]  # the journal opens to her

    removed = api("director", "delete", f"{url}{added.json()['id']}/")
    assert removed.status_code == 204
    assert group_names(api("ivanova", "get", GROUPS)) == ["5А"]


def test_an_assignment_with_lessons_cannot_be_removed(api: Api, world: World) -> None:
    world.lesson("petrova", "Математика", "5Б", date(2026, 11, 23))
    group = world.group("5Б")
    assignment = api("director", "get", f"{GROUPS}{group.pk}/assignments/").json()["results"][0]

    response = api("director", "delete", f"{GROUPS}{group.pk}/assignments/{assignment['id']}/")

    assert response.status_code == 409
    assert "1 lesson of Математика in 5Б" in response.json()["error"]["message"]
    assert count(world, TeachingAssignment) == 3


def test_bad_assignments_are_refused_with_the_field_named(api: Api, world: World) -> None:
    url = f"{GROUPS}{world.group('5Б').pk}/assignments/"
    maths = world.subject("Математика").pk
    cases = [
        ({"teacher": api.id("orlova"), "subject": maths}, "teacher"),  # teaches at the other school
        ({"teacher": api.id("director"), "subject": maths}, "teacher"),
        ({"teacher": api.id("ivanova"), "subject": 999999}, "subject"),
        ({"teacher": api.id("ivanova")}, "subject"),
    ]
    for body, field in cases:
        response = api("director", "post", url, body)
        assert response.status_code == 400, (body, response.json())
        assert list(error_fields(response)) == [field], body
    assert api("ivanova", "post", url, {"teacher": api.id("ivanova"), "subject": maths}).status_code == 404
    assert api("director2", "delete", f"{url}1/").status_code == 404
    assert count(world, TeachingAssignment) == 3
