"""The teacher's journal of a class group and subject over a period: content, averages, query count."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from academics.models import MarkKind
from journal.models import Attendance, FinalMark, Homework, HomeworkAttachment, Mark
from journal.selectors import journal_for
from journal.services import delete_mark, record_attendance, record_mark, set_final_mark, set_homework
from schedule.models import Lesson
from tests.journal.conftest import MONDAY

pytestmark = pytest.mark.django_db

WEDNESDAY, FRIDAY = MONDAY + timedelta(days=2), MONDAY + timedelta(days=4)


def give(world, lesson, pupil, value, kind="answer"):
    return record_mark(
        region=world.region,
        lesson=lesson,
        pupil=world.people[pupil],
        value=value,
        kind=kind,
        actor=world.teacher("ivanova"),
    )


def second_quarter(world):
    return world.year.periods.get(scheme="quarters", number=2)


def test_the_period_average_is_weighted_and_ignores_pass_fail_and_deleted_marks(world, maths, api) -> None:
    wednesday = world.lesson("ivanova", "Математика", "5А", WEDNESDAY)
    give(world, maths, "sidorov", "5", "answer")
    give(world, maths, "sidorov", "3", "test")
    give(world, wednesday, "sidorov", "4", "exam")
    delete_mark(
        region=world.region,
        mark=give(world, wednesday, "sidorov", "2", "exam"),
        actor=world.teacher("ivanova"),
    )
    give(world, wednesday, "kuznetsova", "5", "test")
    sport = world.lesson("ivanova", "Физическая культура", "5А", MONDAY, at=time(10, 0))
    give(world, sport, "sidorov", "pass")

    journal = journal_for(class_group=world.group("5А"), subject=maths.subject, period=second_quarter(world))
    averages = {row["email"].split("@")[0]: row["average"] for row in journal.pupils}
    assert averages == {
        "sidorov": Decimal("3.83"),
        "kuznetsova": Decimal("5.00"),
        "smirnov": None,
    }  # (5+6+12)/6

    pe = journal_for(class_group=world.group("5А"), subject=sport.subject, period=second_quarter(world))
    assert [row["average"] for row in pe.pupils] == [None, None, None]
    assert [mark["value"] for mark in pe.marks] == ["pass"]

    body = (
        api.as_("ivanova")
        .get(
            "/api/v1/journal/",
            {
                "class_group": world.group("5А").pk,
                "subject": maths.subject_id,
                "period": second_quarter(world).pk,
            },
        )
        .json()
    )
    assert {p["full_name"]: p["average"] for p in body["pupils"]} == {
        "Sidorov": "3.83",
        "Kuznetsova": "5.00",
        "Smirnov": None,
    }


def test_a_pupil_who_moved_class_keeps_the_old_ones_marks_in_the_diary_not_in_the_new_journal(
    world, maths, api
) -> None:
    give(world, maths, "smirnov", "5", "test")  # in 5А, before the move
    world.pupil("smirnov", "5Б", since=date(2026, 12, 1))
    in_5b = world.lesson("petrova", "Математика", "5Б", date(2026, 12, 2))
    record_mark(
        region=world.region,
        lesson=in_5b,
        pupil=world.people["smirnov"],
        value="2",
        kind="answer",
        actor=world.teacher("petrova"),
    )
    quarter = second_quarter(world)

    journal = journal_for(class_group=world.group("5Б"), subject=maths.subject, period=quarter)
    smirnov = next(row for row in journal.pupils if row["id"] == world.people["smirnov"].pk)
    assert smirnov["average"] == Decimal("2.00")  # 5Б's mark only: 5А's journal keeps its own
    old = journal_for(class_group=world.group("5А"), subject=maths.subject, period=quarter)
    assert next(row for row in old.pupils if row["id"] == world.people["smirnov"].pk)["average"] == Decimal(
        "5.00"
    )

    diary = api.as_("smirnov").get("/api/v1/diary/averages/", {"period": quarter.pk}).json()
    assert [(s["subject"]["name"], s["average"]) for s in diary["subjects"]] == [
        ("Математика", "4.00")  # (5×2 + 2×1) / 3
    ]


def test_the_journal_shows_who_was_enrolled_when_and_everything_per_lesson(world, maths, api) -> None:
    world.pupil("smirnov", "5Б", since=date(2026, 12, 1))  # moves out of 5А
    world.pupil("volkov", "5А", since=date(2026, 12, 1))  # moves in
    friday = world.lesson("ivanova", "Математика", "5А", FRIDAY, at=time(9, 25))
    world.lesson("petrova", "Математика", "5Б", MONDAY)  # another class: not in this journal
    teacher = world.teacher("ivanova")
    mark = give(world, maths, "sidorov", "4", "test")
    record_attendance(
        region=world.region, lesson=maths, pupil=world.people["kuznetsova"], status="absent", actor=teacher
    )
    set_homework(
        region=world.region,
        lesson=maths,
        text="№ 12",
        due_lesson=friday,
        actor=teacher,
        links=[("Видео", "https://example.org/v")],
    )
    set_final_mark(
        region=world.region,
        pupil=world.people["sidorov"],
        subject=maths.subject,
        academic_year=world.year,
        period=second_quarter(world),
        value="4",
        actor=teacher,
    )
    set_final_mark(
        region=world.region,
        pupil=world.people["sidorov"],
        subject=maths.subject,
        academic_year=world.year,
        period=None,
        value="5",
        actor=teacher,
    )

    response = api.as_("ivanova").get(
        "/api/v1/journal/",
        {
            "class_group": world.group("5А").pk,
            "subject": maths.subject_id,
            "period": second_quarter(world).pk,
        },
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["class_group"]["name"] == "5А" and body["subject"]["grading_scale"] == "five_point"
    assert body["period"] == {
        "id": second_quarter(world).pk,
        "name": "2 четверть",
        "starts_on": "2026-11-05",
        "ends_on": "2026-12-28",
    }
    pupils = {p["full_name"]: p for p in body["pupils"]}
    assert set(pupils) == {"Sidorov", "Kuznetsova", "Smirnov", "Volkov"}
    assert pupils["Smirnov"]["enrolments"] == [{"starts_on": "2026-09-01", "ends_on": "2026-11-30"}]
    assert pupils["Volkov"]["enrolments"] == [{"starts_on": "2026-12-01", "ends_on": None}]
    assert pupils["Sidorov"]["period_mark"]["value"] == "4" and pupils["Sidorov"]["year_mark"]["value"] == "5"
    assert pupils["Kuznetsova"]["period_mark"] is None

    assert [(lesson["starts_at"], lesson["ends_at"], lesson["status"]) for lesson in body["lessons"]] == [
        ("2026-11-23T08:30:00+03:00", "2026-11-23T09:15:00+03:00", "scheduled"),
        ("2026-11-27T09:25:00+03:00", "2026-11-27T10:10:00+03:00", "scheduled"),
    ]
    homework = body["lessons"][0]["homework"]
    assert [(h["text"], h["due_on"], h["due_lesson"]) for h in homework] == [
        ("№ 12", "2026-11-27", friday.pk)
    ]
    assert homework[0]["attachments"][0]["url"] == "https://example.org/v"
    assert body["marks"] == [
        {
            **body["marks"][0],
            "id": mark.pk,
            "pupil": world.people["sidorov"].pk,
            "lesson": maths.pk,
            "value": "4",
            "points": "4.00",
            "kind": "test",
            "weight": "2.00",
        }
    ]
    assert [(a["pupil"], a["lesson"], a["status"]) for a in body["attendance"]] == [
        (world.people["kuznetsova"].pk, maths.pk, "absent")
    ]


def test_journal_parameters_are_checked(world, maths, api, monkeypatch) -> None:
    teacher = api.as_("ivanova")
    group, subject = world.group("5А").pk, maths.subject_id

    def fields(**query):
        response = teacher.get("/api/v1/journal/", query)
        assert response.status_code == 400, response.json()
        return list(response.json()["error"]["fields"])

    assert fields(subject=subject) == ["class_group"]
    assert fields(class_group=group, subject="maths") == ["subject"]
    assert fields(class_group=group, subject=99999) == ["subject"]
    halves = world.year.periods.get(scheme="halves", number=1).pk  # grades 10-11 only
    assert fields(class_group=group, subject=subject, period=halves) == ["period"]

    monkeypatch.setattr(
        "journal.api.views.region_today", lambda region: date(2026, 12, 30)
    )  # winter holidays
    assert fields(class_group=group, subject=subject) == ["period"]
    monkeypatch.setattr("journal.api.views.region_today", lambda region: MONDAY)
    default = teacher.get("/api/v1/journal/", {"class_group": group, "subject": subject})
    assert default.status_code == 200 and default.json()["period"]["name"] == "2 четверть"


def fill_term(world, pupils: int) -> None:
    """5А with `pupils` pupils and a term of maths (Mon, Wed, Fri) full of marks, attendance, homework."""
    for number in range(pupils - 3):
        world.pupil(f"pupil{number:02}", "5А")
    group, subject, teacher = world.group("5А"), world.subject("Математика"), world.teacher("ivanova")
    period = second_quarter(world)
    days = [period.starts_on + timedelta(days=n) for n in range((period.ends_on - period.starts_on).days + 1)]
    lessons = Lesson.objects.bulk_create(
        Lesson(
            class_group=group,
            subject=subject,
            teacher=teacher,
            date=day,
            starts_at=time(11, 0),
            ends_at=time(11, 45),
        )
        for day in days
        if day.isoweekday() in (1, 3, 5)
    )
    enrolled = [e.pupil for e in group.enrolments.select_related("pupil")]
    kind = MarkKind.objects.get(code="answer")
    Mark.objects.bulk_create(
        Mark(lesson=lesson, pupil=pupil, value="4", points=4, kind=kind, weight=kind.weight, given_by=teacher)
        for lesson in lessons
        for pupil in enrolled
    )
    Attendance.objects.bulk_create(
        Attendance(lesson=lesson, pupil=pupil, status="late", recorded_by=teacher)
        for lesson in lessons
        for pupil in enrolled[:5]
    )
    homework = Homework.objects.bulk_create(
        Homework(
            lesson=lesson,
            class_group_id=lesson.class_group_id,
            text="§ 3",
            due_on=lesson.date,
            set_by=teacher,
        )
        for lesson in lessons
    )
    HomeworkAttachment.objects.bulk_create(
        HomeworkAttachment(homework=h, title="Link", url="https://example.org/") for h in homework
    )
    FinalMark.objects.bulk_create(
        FinalMark(
            pupil=pupil, subject=subject, academic_year=world.year, period=period, value="4", set_by=teacher
        )
        for pupil in enrolled
    )


def journal_queries(world) -> tuple[int, int, int]:
    """(queries, pupils, lessons) of one journal_for call."""
    with CaptureQueriesContext(connection) as queries:
        journal = journal_for(
            class_group=world.group("5А"), subject=world.subject("Математика"), period=second_quarter(world)
        )
    return len(queries), len(journal.pupils), len(journal.lessons)


def test_the_journal_takes_the_same_few_queries_for_a_full_class_and_term(world, maths) -> None:
    teacher = world.teacher("ivanova")
    give(world, maths, "sidorov", "5")
    record_attendance(
        region=world.region, lesson=maths, pupil=world.people["smirnov"], status="late", actor=teacher
    )
    set_homework(
        region=world.region,
        lesson=maths,
        text="§ 1",
        due_on=MONDAY,
        actor=teacher,
        links=[("Link", "https://example.org/")],
    )
    small, small_pupils, small_lessons = journal_queries(world)

    fill_term(world, pupils=30)
    large, pupils, lessons = journal_queries(world)

    assert (small_pupils, small_lessons) == (3, 1)
    assert (pupils, lessons) == (30, 24)
    assert large == small <= 10
