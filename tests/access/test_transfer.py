"""A pupil moving school: each school's staff read the pupil's records for the days they taught them.

sidorov is in 5А of school 1 from 1 September (ivanova teaches maths there,
klassova is the class teacher) and moves to 5В of school 2 (orlova teaches
maths there) from 30 November. School 1 keeps the journal of the time it
taught him and nothing after; school 2 reads from the move on; the pupil,
his parent and the region admin read everything.
"""

from __future__ import annotations

from datetime import date

import pytest

from academics.models import Period
from accounts.models import Role
from journal.models import Mark
from journal.services import record_mark, set_final_mark
from portfolio.services import add_achievement
from schedule.models import Lesson
from schools.services import create_class_group, create_school
from tenants.context import in_region
from tests import factories
from tests.api import Api
from tests.pages.browser import Browser
from tests.world import World, school_world

pytestmark = pytest.mark.django_db

BEFORE, MOVE, AFTER = date(2026, 11, 23), date(2026, 11, 30), date(2026, 12, 1)

SCHOOL_1 = ["ivanova", "klassova", "director"]
SCHOOL_2 = ["orlova", "director2"]
EVERYTHING = ["sidorov", "sidorova", "regionadmin"]


def mark(world: World, lesson: Lesson, value: str, comment: str) -> None:
    record_mark(
        region=world.region,
        lesson=lesson,
        pupil=world.people["sidorov"],
        value=value,
        kind="answer",
        comment=comment,
        actor=lesson.teacher,
    )


@pytest.fixture
def world() -> World:
    """School 1's 5А (ivanova: maths, klassova: class teacher), school 2's 5В (orlova: maths)."""
    world = school_world(factories.region("RU-MOS"))
    world.person("regionadmin", Role.REGION_ADMIN)
    with in_region(world.region):
        world.groups["5А"] = create_class_group(
            region=world.region,
            school=world.school,
            academic_year=world.year,
            grade=5,
            letter="А",
            class_teacher=world.teacher("klassova"),
        )
        school2 = create_school(region=world.region, name="Школа № 2")
    second = World(region=world.region, year=world.year, school=school2, people=world.people)
    world.assign("ivanova", "Математика", "5А")
    world.pupil("sidorov", "5А")
    world.pupil("kuznetsova", "5А")
    world.parent("sidorova", "sidorov")
    second.subjects = world.subjects
    second.person("director2", Role.SCHOOL_ADMIN)
    second.assign("orlova", "Математика", "5В")
    with in_region(world.region):
        mark(world, world.lesson("ivanova", "Математика", "5А", BEFORE, topic="Дроби"), "5", "Молодец")
        second.pupil("sidorov", "5В", since=MOVE)
        world.lesson("ivanova", "Математика", "5А", AFTER, topic="Уравнения")  # sidorov has left
        mark(
            world,
            second.lesson("orlova", "Математика", "5В", AFTER, topic="Проценты"),
            "2",
            "Не готов к уроку",
        )
        set_final_mark(
            region=world.region,
            pupil=world.people["sidorov"],
            subject=world.subject("Математика"),
            academic_year=world.year,
            period=quarter(world),
            value="3",
            actor=world.teacher("orlova"),
        )
    world.groups["5В"] = second.groups["5В"]
    return world


def quarter(world: World) -> Period:
    """The 2nd quarter (5 November – 28 December), the move in the middle."""
    with in_region(world.region):
        return Period.objects.get(academic_year=world.year, scheme="quarters", number=2)


@pytest.fixture
def api(client, world: World) -> Api:
    return Api(client, world)


def week(api: Api, who: str, week_of: date) -> dict:
    response = api(who, "get", f"/api/v1/diary/?pupil={api.id('sidorov')}&week_of={week_of}")
    assert response.status_code == 200, response.json()
    return response.json()


def topics(body: dict) -> list[str]:
    return [lesson["topic"] for day in body["days"] for lesson in day["lessons"]]


def comments(body: dict) -> list[str]:
    return [mark["comment"] for day in body["days"] for lesson in day["lessons"] for mark in lesson["marks"]]


def averages(api: Api, who: str) -> dict[str, tuple[str | None, str | None]]:
    period = quarter(api.world).pk
    response = api(who, "get", f"/api/v1/diary/averages/?pupil={api.id('sidorov')}&period={period}")
    assert response.status_code == 200, response.json()
    return {
        row["subject"]["name"]: (row["average"], row["final_mark"]) for row in response.json()["subjects"]
    }


@pytest.mark.parametrize("who", SCHOOL_1)
def test_the_former_school_reads_the_weeks_it_taught_and_nothing_after_the_move(api: Api, who: str) -> None:
    before, after = week(api, who, BEFORE), week(api, who, AFTER)

    assert (topics(before), comments(before)) == (["Дроби"], ["Молодец"])
    assert (topics(after), comments(after)) == ([], [])
    assert averages(api, who) == {"Математика": ("5.00", None)}  # not school 2's mark, nor its period mark


@pytest.mark.parametrize("who", SCHOOL_2)
def test_the_new_school_reads_from_its_enrolment_on(api: Api, who: str) -> None:
    before, after = week(api, who, BEFORE), week(api, who, AFTER)

    assert (topics(before), comments(before)) == ([], [])
    assert (topics(after), comments(after)) == (["Проценты"], ["Не готов к уроку"])
    assert averages(api, who) == {"Математика": ("2.00", "3")}


@pytest.mark.parametrize("who", EVERYTHING)
def test_the_pupil_the_parent_and_the_region_admin_read_everything(api: Api, who: str) -> None:
    assert topics(week(api, who, BEFORE)) == ["Дроби"]
    assert (topics(week(api, who, AFTER)), comments(week(api, who, AFTER))) == (
        ["Проценты"],
        ["Не готов к уроку"],
    )
    assert averages(api, who) == {"Математика": ("3.50", "3")}


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("ivanova", 403),
        ("klassova", 403),
        ("director", 403),
        ("orlova", 201),
        ("director2", 201),
        ("sidorov", 201),
        ("sidorova", 403),
        ("regionadmin", 201),
    ],
)
def test_only_the_current_school_adds_to_the_portfolio(api: Api, who: str, status: int) -> None:
    achievement = {
        "kind": "olympiad",
        "title": "Олимпиада по математике",
        "level": "municipal",
        "result": "participant",
        "achieved_on": "2026-12-02",
    }
    response = api(who, "post", f"/api/v1/pupils/{api.id('sidorov')}/achievements/", achievement)

    assert response.status_code == status, response.json()
    if status == 403:
        assert response.json()["error"]["message"]


def journal(api: Api, who: str, group: str) -> dict[str, dict]:
    world = api.world
    query = {"class_group": world.groups[group].pk, "subject": world.subjects["Математика"].pk}
    url = f"/api/v1/journal/?class_group={query['class_group']}&subject={query['subject']}"
    response = api(who, "get", f"{url}&period={quarter(world).pk}")
    assert response.status_code == 200, response.json()
    return {row["full_name"]: row for row in response.json()["pupils"]}


def test_the_former_class_groups_journal_averages_only_its_own_marks(api: Api, world: World) -> None:
    sidorov = journal(api, "ivanova", "5А")["Sidorov"]
    assert (sidorov["average"], sidorov["period_mark"]) == ("5.00", None)
    query = f"class_group={world.groups['5А'].pk}&subject={world.subjects['Математика'].pk}"
    page = Browser(world, "ivanova").page(f"/journal/?{query}&period={quarter(world).pk}")
    assert "3.50" not in page and "5.00" in page

    sidorov = journal(api, "orlova", "5В")["Sidorov"]
    assert (sidorov["average"], sidorov["period_mark"]["value"]) == ("2.00", "3")


@pytest.mark.parametrize(
    ("who", "before", "after"),
    [
        ("ivanova", True, False),
        ("klassova", True, False),
        ("director", True, False),
        ("orlova", False, True),
        ("director2", False, True),
        ("sidorov", True, True),
        ("sidorova", True, True),
        ("regionadmin", True, True),
    ],
)
def test_the_diary_page_follows_the_same_rule(world: World, who: str, before: bool, after: bool) -> None:
    browser, pupil = Browser(world, who), world.people["sidorov"].pk

    old, new = (browser.page(f"/diary/?pupil={pupil}&week_of={day}") for day in (BEFORE, AFTER))

    assert ("Дроби" in old, "Молодец" in old) == (before, before)
    assert ("Проценты" in new, "Не готов к уроку" in new) == (after, after)


def achieve(world: World, title: str, on: date) -> int:
    """An olympiad of sidorov's on `on`, added by him after the move; its id."""
    with in_region(world.region):
        return add_achievement(
            region=world.region,
            pupil=world.people["sidorov"],
            actor=world.people["sidorov"],
            kind="olympiad",
            title=title,
            level="municipal",
            result="participant",
            achieved_on=on,
        ).pk


@pytest.mark.parametrize(
    ("who", "titles"),
    [
        *((who, ["Осенняя олимпиада"]) for who in SCHOOL_1),
        *((who, ["Зимняя олимпиада", "Осенняя олимпиада", "Летняя школа"]) for who in SCHOOL_2 + EVERYTHING),
    ],
)
def test_the_former_school_reads_the_portfolio_of_its_days_only(
    api: Api, world: World, who: str, titles: list[str]
) -> None:
    """School 1 reads the achievement dated in its days, not one from before the pupil came nor after
    he left; the current school reads his whole portfolio (it adds to it and confirms it)."""
    ids = {
        "Летняя школа": achieve(world, "Летняя школа", date(2026, 8, 20)),
        "Осенняя олимпиада": achieve(world, "Осенняя олимпиада", BEFORE),
        "Зимняя олимпиада": achieve(world, "Зимняя олимпиада", AFTER),
    }

    listing = api(who, "get", f"/api/v1/pupils/{api.id('sidorov')}/achievements/").json()["results"]
    by_id = {title: api(who, "get", f"/api/v1/achievements/{pk}/").status_code for title, pk in ids.items()}
    page = Browser(world, who).page(f"/portfolio/?pupil={api.id('sidorov')}")

    assert [row["title"] for row in listing] == titles
    assert by_id == {title: 200 if title in titles else 404 for title in ids}
    assert [title for title in ids if title in page] == [title for title in ids if title in titles]


def listed(api: Api, who: str, url: str) -> list[str]:
    response = api(who, "get", url)
    assert response.status_code == 200, response.json()
    return [row.get("full_name") or row["child"]["full_name"] for row in response.json()["results"]]


@pytest.mark.parametrize(
    ("who", "sees"), [*((who, False) for who in SCHOOL_1), *((who, True) for who in SCHOOL_2)]
)
def test_the_directory_lists_a_former_pupil_and_his_parents_no_more(api: Api, who: str, sees: bool) -> None:
    """After the move school 1 no longer lists sidorov (nor his e-mail, class group or parent);
    its journal keeps his name for the weeks it taught him (test above)."""
    people = listed(api, who, "/api/v1/people/?role=pupil") + listed(api, who, "/api/v1/people/?role=parent")
    in_5v = listed(api, who, f"/api/v1/people/?class_group={api.world.groups['5В'].pk}&date={AFTER}")
    details = [
        api(who, "get", f"/api/v1/people/{api.id(name)}/").status_code for name in ("sidorov", "sidorova")
    ]

    assert ("Sidorov" in people, "Sidorova" in people, "Sidorov" in in_5v) == (sees, sees, sees)
    assert details == ([200, 200] if sees else [404, 404])
    if who in SCHOOL_1:
        assert "Kuznetsova" in people  # still in 5А


@pytest.mark.parametrize(("who", "sees"), [("director", False), ("director2", True), ("sidorova", True)])
def test_only_the_current_school_reads_the_pupils_parents(api: Api, who: str, sees: bool) -> None:
    links = listed(api, who, f"/api/v1/guardianships/?child={api.id('sidorov')}")

    assert links == (["Sidorov"] if sees else [])


@pytest.mark.parametrize(("who", "status"), [("director", 400), ("director2", 201)])
def test_only_the_current_school_links_parents_to_the_pupil(
    api: Api, world: World, who: str, status: int
) -> None:
    """A new parent of sidorov, or a link to him, comes from the school he is at now."""
    world.person("sidorov_father", Role.PARENT)
    response = api(
        who,
        "post",
        "/api/v1/guardianships/",
        {"parent": api.id("sidorov_father"), "child": api.id("sidorov")},
    )

    assert response.status_code == status, response.json()


@pytest.mark.parametrize(
    ("who", "status"),
    [("ivanova", 403), ("director", 403), ("orlova", 200), ("director2", 200), ("regionadmin", 200)],
)
def test_the_period_mark_is_set_where_the_pupil_finishes_the_period(
    api: Api, world: World, who: str, status: int
) -> None:
    """School 1 taught sidorov part of the 2nd quarter, but neither sets nor takes back its mark."""
    target = {
        "pupil": api.id("sidorov"),
        "subject": world.subjects["Математика"].pk,
        "period": quarter(world).pk,
    }
    query = "&".join(f"{name}={value}" for name, value in target.items())

    changed = api(who, "put", "/api/v1/final-marks/", {**target, "value": "4"})
    assert changed.status_code == status, changed.json()
    assert averages(api, "sidorov")["Математика"][1] == ("4" if status == 200 else "3")
    removed = api(who, "delete", f"/api/v1/final-marks/?{query}")

    assert removed.status_code == (204 if status == 200 else 403)
    if status == 403:
        assert "left 5А before the end" in changed.json()["error"]["message"]
        assert averages(api, "sidorov")["Математика"][1] == "3"


@pytest.mark.parametrize("who", ["ivanova", "director"])
def test_the_former_school_neither_marks_nor_reads_marks_after_the_move(
    api: Api, world: World, who: str
) -> None:
    """Confirms the journal's writes and mark reads already hold the rule: no mark or attendance
    for a pupil who has left, and school 2's mark is not found."""
    with in_region(world.region):
        left = Lesson.objects.get(class_group=world.groups["5А"], date=AFTER).pk
        theirs = Mark.objects.get(lesson__class_group=world.groups["5В"]).pk
    sidorov = api.id("sidorov")

    marked = api(
        who, "post", f"/api/v1/lessons/{left}/marks/", {"pupil": sidorov, "value": "5", "kind": "answer"}
    )
    present = api(who, "put", f"/api/v1/lessons/{left}/attendance/", [{"pupil": sidorov, "status": "absent"}])

    assert (marked.status_code, present.status_code) == (400, 400)
    assert api(who, "get", f"/api/v1/marks/{theirs}/history/").status_code == 404
    assert api(who, "patch", f"/api/v1/marks/{theirs}/", {"comment": "?"}).status_code == 404
