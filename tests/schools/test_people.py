"""People: who lists whom, who adds whom, and the invitation a new person gets."""

from __future__ import annotations

import pytest

from accounts.models import User
from schools.models import Enrolment, Guardianship, StaffMembership
from tenants.context import in_region
from tests.api import Api
from tests.schools.api import error_fields
from tests.world import World

pytestmark = pytest.mark.django_db

PEOPLE = "/api/v1/people/"
# The onboarding admin, regionadmin, the classroom's 8 people, director2, orlova and orlov.
PEOPLE_IN_WORLD = 13


def listed(api: Api, who: str, query: str = "") -> set[str]:
    response = api(who, "get", PEOPLE + query)
    assert response.status_code == 200, response.json()
    return {person["email"].split("@")[0] for person in response.json()["results"]}


def people_count(world: World) -> int:
    with in_region(world.region):
        return User.objects.count()


def test_the_region_admin_lists_everyone(api: Api) -> None:
    everyone = listed(api, "regionadmin")
    assert {
        "regionadmin",
        "director",
        "director2",
        "ivanova",
        "orlova",
        "sidorov",
        "orlov",
        "sidorova",
    } <= everyone
    assert listed(api, "regionadmin", "?role=school_admin") == {"director", "director2"}


def test_a_school_admin_lists_their_schools_people_and_their_pupils_parents(api: Api) -> None:
    assert listed(api, "director") == {
        "director",
        "ivanova",
        "petrova",
        "sidorov",
        "kuznetsova",
        "smirnov",
        "popov",
        "sidorova",
    }
    assert listed(api, "director2") == {"director2", "orlova", "orlov"}


def test_a_teacher_lists_their_pupils_and_colleagues(api: Api) -> None:
    assert listed(api, "petrova", "?role=pupil") == {"popov"}
    assert listed(api, "petrova", "?role=teacher") == {"ivanova", "petrova"}


def test_pupils_and_parents_see_only_themselves_and_their_children(api: Api) -> None:
    assert listed(api, "sidorov") == {"sidorov"}
    assert listed(api, "sidorova") == {"sidorova", "sidorov"}
    assert api("sidorov", "get", f"{PEOPLE}{api.id('kuznetsova')}/").status_code == 404
    assert api("sidorova", "get", f"{PEOPLE}{api.id('sidorov')}/").json()["full_name"] == "Sidorov"


def test_people_filter_by_school_and_class_group(api: Api, world: World, other: World) -> None:
    assert listed(api, "regionadmin", f"?school={other.school.pk}") == {"director2", "orlova", "orlov"}
    group = world.group("5Б")
    assert listed(api, "regionadmin", f"?class_group={group.pk}") == {"popov"}
    assert listed(api, "regionadmin", f"?class_group={group.pk}&date=2026-08-31") == set()


def test_a_bad_filter_is_named(api: Api) -> None:
    for query, field in [("?role=king", "role"), ("?school=x", "school"), ("?date=tomorrow", "date")]:
        response = api("regionadmin", "get", PEOPLE + query)
        assert response.status_code == 400, query
        assert list(error_fields(response)) == [field], query


def test_a_person_shows_the_schools_they_work_at(api: Api, world: World) -> None:
    body = api("director", "get", f"{PEOPLE}{api.id('ivanova')}/").json()
    assert body == {
        "id": api.id("ivanova"),
        "email": "ivanova@school.example",
        "full_name": "Ivanova",
        "role": "teacher",
        "is_active": True,
        "schools": [{"id": world.school.pk, "name": "Школа № 1"}],
    }
    assert api("director2", "get", f"{PEOPLE}{api.id('ivanova')}/").status_code == 404


def test_a_new_person_is_invited_by_e_mail_after_commit(
    api: Api, world: World, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    body = {"email": "Novikova@School.example", "full_name": "Новикова Анна", "role": "teacher"}

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = api("director", "post", PEOPLE, body)

    assert response.status_code == 201, response.json()
    person = response.json()
    assert person["email"] == "novikova@school.example" and person["role"] == "teacher"
    assert person["schools"] == [{"id": world.school.pk, "name": "Школа № 1"}]  # the director's school
    assert len(callbacks) == 1
    assert [m.to for m in mailoutbox] == [["novikova@school.example"]]
    assert f"{world.region.get_primary_domain().domain}" in mailoutbox[0].body
    assert "novikova" in listed(api, "director", "?role=teacher")


def test_the_region_admin_adds_anyone_anywhere(api: Api, other: World) -> None:
    admin = api(
        "regionadmin",
        "post",
        PEOPLE,
        {"email": "admin2@region.example", "full_name": "Второй", "role": "region_admin"},
    )
    assert admin.status_code == 201, admin.json()
    teacher = api(
        "regionadmin",
        "post",
        PEOPLE,
        {"email": "t@school.example", "full_name": "Учитель", "role": "teacher", "school": other.school.pk},
    )
    assert teacher.json()["schools"] == [{"id": other.school.pk, "name": "Школа № 2"}]
    pupil = api(
        "regionadmin", "post", PEOPLE, {"email": "p@school.example", "full_name": "Ученик", "role": "pupil"}
    )
    assert pupil.status_code == 201  # placed in a class group later, by any school admin
    url = f"/api/v1/class-groups/{other.group('6А').pk}/enrolments/"
    placed = api("director2", "post", url, {"pupil": pupil.json()["id"], "starts_on": "2026-11-23"})
    assert placed.status_code == 201, placed.json()
    assert "p" not in listed(api, "director")


def test_a_school_admin_adds_a_pupil_into_their_class_group_and_a_parent_of_a_pupil(
    api: Api, world: World
) -> None:
    group = world.group("5Б")
    pupil = api(
        "director",
        "post",
        PEOPLE,
        {
            "email": "new@school.example",
            "full_name": "Новиков",
            "role": "pupil",
            "class_group": group.pk,
            "starts_on": "2026-11-23",
        },
    )
    assert pupil.status_code == 201, pupil.json()
    parent = api(
        "director",
        "post",
        PEOPLE,
        {
            "email": "newmum@school.example",
            "full_name": "Новикова",
            "role": "parent",
            "children": [pupil.json()["id"]],
        },
    )
    assert parent.status_code == 201, parent.json()

    with in_region(world.region):
        enrolment = Enrolment.objects.get(pupil_id=pupil.json()["id"])
        assert (enrolment.class_group_id, str(enrolment.starts_on)) == (group.pk, "2026-11-23")
        assert Guardianship.objects.filter(
            parent_id=parent.json()["id"], child_id=pupil.json()["id"]
        ).exists()
    assert listed(api, "director", f"?class_group={group.pk}&date=2026-11-23") == {"popov", "new"}
    assert "newmum" in listed(api, "director", "?role=parent")


def test_a_school_admin_cannot_add_administrators(api: Api) -> None:
    for role in ("region_admin", "school_admin"):
        body = {"email": "boss@school.example", "full_name": "Начальник", "role": role}
        response = api("director", "post", PEOPLE, body)
        assert response.status_code == 403, role
        assert list(error_fields(response)) == ["role"]
    assert people_count(api.world) == PEOPLE_IN_WORLD


def test_teachers_pupils_and_parents_add_nobody(api: Api) -> None:
    for who in ("ivanova", "sidorov", "sidorova"):
        response = api(who, "post", PEOPLE, {"email": "x@school.example", "full_name": "X", "role": "pupil"})
        assert response.status_code == 403, who
    assert people_count(api.world) == PEOPLE_IN_WORLD


def test_a_school_admin_places_the_people_they_add_in_their_own_school(api: Api, other: World) -> None:
    def add(**body: object):
        return api("director", "post", PEOPLE, {"email": "n@school.example", "full_name": "Н", **body})

    cases = [
        (add(role="pupil"), "class_group"),
        (add(role="pupil", class_group=other.group("6А").pk), "class_group"),
        (add(role="parent"), "children"),
        (add(role="parent", children=[api.id("orlov")]), "children"),
        (add(role="teacher", school=other.school.pk), "school"),
    ]
    for response, field in cases:
        assert response.status_code == 400, response.json()
        assert list(error_fields(response)) == [field]
    assert people_count(api.world) == PEOPLE_IN_WORLD


def test_bad_input_is_named_and_nothing_is_written(api: Api, world: World, mailoutbox) -> None:
    new = {"email": "n@school.example", "full_name": "Н"}
    cases = [
        ({"email": "not-an-email", "full_name": "Н", "role": "teacher"}, "email"),
        ({**new, "full_name": "  ", "role": "teacher"}, "full_name"),
        ({**new, "role": "king"}, "role"),
        ({**new, "role": "region_admin", "school": world.school.pk}, "school"),
        ({**new, "role": "teacher"}, "school"),
        ({**new, "role": "teacher", "school": 999999}, "school"),
        ({**new, "role": "parent", "starts_on": "2026-11-23"}, "class_group"),
        (
            {**new, "role": "pupil", "class_group": world.group("5А").pk, "starts_on": "2027-07-01"},
            "starts_on",
        ),
        ({**new, "role": "pupil", "children": [api.id("sidorov")]}, "children"),
        ({**new, "role": "parent", "children": [999999]}, "children"),
    ]
    for body, field in cases:
        response = api("regionadmin", "post", PEOPLE, body)
        assert response.status_code == 400, (body, response.json())
        assert list(error_fields(response)) == [field], body
    assert people_count(world) == PEOPLE_IN_WORLD
    assert mailoutbox == []


def test_an_e_mail_already_in_the_region_is_a_conflict(api: Api, world: World) -> None:
    response = api(
        "director", "post", PEOPLE, {"email": "IVANOVA@school.example", "full_name": "И", "role": "teacher"}
    )

    assert response.status_code == 409
    assert list(error_fields(response)) == ["email"]
    with in_region(world.region):
        assert StaffMembership.objects.filter(user__email="ivanova@school.example").count() == 1
