"""The journal API renders from plain rows; it must answer exactly what its OpenAPI schema says.

Real responses, on a term with moves in and out, every kind of mark,
attendance, homework with links and files, period and year marks, are
validated against the schema drf-spectacular generates from JournalOutput
(tests.schema: every property present, no other, null only where declared).
"""

from __future__ import annotations

import json
from contextlib import nullcontext
from datetime import date, time, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from journal.services import delete_mark, record_attendance, record_mark, set_final_mark, set_homework
from tests.journal.conftest import MONDAY
from tests.schema import assert_matches_schema
from tests.world import World

pytestmark = pytest.mark.django_db

WEDNESDAY = MONDAY + timedelta(days=2)
DECEMBER = date(2026, 12, 2)


def term(world: World) -> None:
    """Maths and PE in 5А over the 2nd quarter, with everything the journal shows."""
    region, teacher = world.region, world.teacher("ivanova")
    maths = world.lesson("ivanova", "Математика", "5А", MONDAY)
    wednesday = world.lesson("ivanova", "Математика", "5А", WEDNESDAY, at=time(9, 25), topic="Дроби")
    december = world.lesson("ivanova", "Математика", "5А", DECEMBER)
    sport = world.lesson("ivanova", "Физическая культура", "5А", MONDAY, at=time(10, 30))

    def give(lesson, pupil, value, kind="answer"):
        return record_mark(
            region=region, lesson=lesson, pupil=world.people[pupil], value=value, kind=kind, actor=teacher
        )

    give(maths, "sidorov", "5")
    give(maths, "kuznetsova", "4")
    give(maths, "sidorov", "3", "test")  # the same cell as the first mark, given later
    give(wednesday, "smirnov", "2")
    delete_mark(region=region, mark=give(wednesday, "sidorov", "2"), actor=teacher)
    give(sport, "sidorov", "pass")
    for lesson, pupil, status, reason in (
        (maths, "smirnov", "absent", ""),
        (maths, "kuznetsova", "excused", "Справка"),
        (wednesday, "sidorov", "late", ""),
    ):
        record_attendance(
            region=region,
            lesson=lesson,
            pupil=world.people[pupil],
            status=status,
            reason=reason,
            actor=teacher,
        )
    set_homework(
        region=region,
        lesson=maths,
        text="№ 12",
        due_lesson=wednesday,
        links=[("Видео", "https://example.org/v")],
        files=[SimpleUploadedFile("worksheet.pdf", b"%PDF-1.4 fractions")],
        actor=teacher,
    )
    set_homework(region=region, lesson=maths, text="№ 13", due_on=WEDNESDAY, actor=teacher)
    period = world.year.periods.get(scheme="quarters", number=2)
    for pupil, value, which in (("sidorov", "4", period), ("sidorov", "5", None), ("kuznetsova", "5", None)):
        set_final_mark(
            region=region,
            pupil=world.people[pupil],
            subject=maths.subject,
            academic_year=world.year,
            period=which,
            value=value,
            actor=teacher,
        )
    world.pupil("smirnov", "5Б", since=date(2026, 11, 30))  # moves out of 5А
    world.pupil("volkov", "5А", since=date(2026, 11, 30))  # moves in
    give(december, "volkov", "4")


def api_journal(world: World, api, subject: str, queries: CaptureQueriesContext | None = None) -> bytes:
    """ivanova's journal of `subject` in 5А for the 2nd quarter, through the API."""
    period = world.year.periods.get(scheme="quarters", number=2)
    query = {"class_group": world.group("5А").pk, "subject": world.subject(subject).pk, "period": period.pk}
    client = api.as_("ivanova")
    with nullcontext() if queries is None else queries:
        response = client.get("/api/v1/journal/", query)
    assert response.status_code == 200, response.json()
    return response.content


@pytest.mark.parametrize("subject", ["Математика", "Физическая культура"])
def test_the_journal_api_answers_exactly_what_its_schema_describes(world, api, subject: str) -> None:
    term(world)

    assert_matches_schema(json.loads(api_journal(world, api, subject)), "/api/v1/journal/")


def test_the_validated_journal_holds_every_kind_of_thing(world, api) -> None:
    term(world)

    body = json.loads(api_journal(world, api, "Математика"))

    assert [p["full_name"] for p in body["pupils"]] == ["Kuznetsova", "Sidorov", "Smirnov", "Volkov"]
    assert [(m["value"], m["points"]) for m in body["marks"]] == [
        ("5", "5.00"),
        ("3", "3.00"),
        ("4", "4.00"),
        ("2", "2.00"),
        ("4", "4.00"),
    ]
    assert [a["status"] for a in body["attendance"]] == ["absent", "excused", "late"]
    homework = body["lessons"][0]["homework"]
    assert [item["text"] for item in homework] == ["№ 12", "№ 13"]
    assert [a["is_file"] for a in homework[0]["attachments"]] == [False, True]
    assert homework[0]["attachments"][1]["url"].startswith("http://")
    sidorov = body["pupils"][1]
    assert (sidorov["period_mark"]["value"], sidorov["year_mark"]["value"], sidorov["average"]) == (
        "4",
        "5",
        "3.67",
    )
    assert sidorov["enrolments"] == [{"starts_on": "2026-09-01", "ends_on": None}]
    assert body["pupils"][2]["enrolments"][0]["ends_on"] is not None  # smirnov moved out
    sport = json.loads(api_journal(world, api, "Физическая культура"))
    assert [(m["value"], m["points"]) for m in sport["marks"]] == [("pass", None)]


def test_the_journal_api_takes_the_same_queries_for_an_empty_and_a_busy_term(world, api) -> None:
    api_journal(world, api, "Математика")  # the host's routing is cached after the first request
    empty, busy = CaptureQueriesContext(connection), CaptureQueriesContext(connection)
    api_journal(world, api, "Математика", empty)
    term(world)
    api_journal(world, api, "Математика", busy)

    # token, class group, subject, period; then the journal's seven
    assert len(busy.captured_queries) == len(empty.captured_queries) == 11
