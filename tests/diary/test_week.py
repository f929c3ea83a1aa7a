"""What a pupil's week shows: lessons with marks, attendance and homework; homework due; a move mid-week."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from journal.services import record_attendance, record_mark, set_homework
from schedule.models import Lesson
from schedule.services import cancel_lesson
from tenants.context import in_region
from tests import factories
from tests.api import Api
from tests.world import World, classroom

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 11, 23)
TUESDAY, WEDNESDAY, THURSDAY, FRIDAY = (MONDAY + timedelta(days=n) for n in range(1, 5))


@pytest.fixture
def world() -> World:
    world = classroom(factories.region("RU-MOS"))
    world.assign("ivanova", "Русский язык", "5А")
    return world


@pytest.fixture
def api(client, world: World) -> Api:
    return Api(client, world)


class Journal:
    """The teacher's side, through the journal services."""

    def __init__(self, world: World) -> None:
        self.world = world

    def mark(self, lesson: Lesson, pupil: str, value: str, kind: str = "answer", comment: str = "") -> None:
        with in_region(self.world.region):
            record_mark(
                region=self.world.region,
                lesson=lesson,
                pupil=self.world.people[pupil],
                value=value,
                kind=kind,
                actor=lesson.teacher,
                comment=comment,
            )

    def attendance(self, lesson: Lesson, pupil: str, status: str, reason: str = "") -> None:
        with in_region(self.world.region):
            record_attendance(
                region=self.world.region,
                lesson=lesson,
                pupil=self.world.people[pupil],
                status=status,
                actor=lesson.teacher,
                reason=reason,
            )

    def homework(self, lesson: Lesson, text: str, **due: object) -> None:
        with in_region(self.world.region):
            set_homework(region=self.world.region, lesson=lesson, text=text, actor=lesson.teacher, **due)


def week(api: Api, who: str = "sidorov", week_of: date = MONDAY) -> dict:
    response = api(who, "get", f"/api/v1/diary/?pupil={api.world.people['sidorov'].pk}&week_of={week_of}")
    assert response.status_code == 200, response.json()
    return response.json()


def day(body: dict, on: date) -> dict:
    return next(d for d in body["days"] if d["date"] == str(on))


def test_a_pupils_week_shows_lessons_marks_attendance_and_homework(api: Api, world: World) -> None:
    journal = Journal(world)
    maths = world.lesson("ivanova", "Математика", "5А", MONDAY, room="12", topic="Сложение дробей")
    russian = world.lesson("ivanova", "Русский язык", "5А", MONDAY, at=time(9, 30), topic="Суффиксы")
    wednesday = world.lesson("ivanova", "Математика", "5А", WEDNESDAY, topic="Вычитание дробей")
    journal.mark(maths, "sidorov", "5", comment="Устный счёт без ошибок")
    journal.mark(maths, "sidorov", "3", kind="test")
    journal.mark(maths, "kuznetsova", "2")  # another pupil's mark is not in sidorov's diary
    journal.attendance(maths, "sidorov", "late", reason="Транспорт")
    journal.attendance(russian, "kuznetsova", "absent")
    journal.homework(
        maths,
        "№ 112, 114",
        due_lesson=wednesday,
        links=[("Учебник, с. 40", "https://books.example/math5#40")],
    )
    journal.homework(russian, "Упражнение 305", due_on=FRIDAY)
    journal.homework(world.lesson("petrova", "Математика", "5Б", MONDAY), "№ 90", due_on=WEDNESDAY)

    body = week(api)

    monday = day(body, MONDAY)
    assert [lesson["topic"] for lesson in monday["lessons"]] == ["Сложение дробей", "Суффиксы"]
    first = monday["lessons"][0]
    assert first["subject"]["name"] == "Математика"
    assert (first["teacher"], first["room"], first["status"]) == ("Ivanova", "12", "scheduled")
    assert (first["starts_at"], first["ends_at"]) == (
        "2026-11-23T08:30:00+03:00",
        "2026-11-23T09:15:00+03:00",
    )
    assert first["marks"] == [
        {"value": "5", "kind": "Ответ на уроке", "weight": "1.00", "comment": "Устный счёт без ошибок"},
        {"value": "3", "kind": "Контрольная работа", "weight": "2.00", "comment": ""},
    ]
    assert first["attendance"] == {"status": "late", "reason": "Транспорт"}
    assert [h["text"] for h in first["homework"]] == ["№ 112, 114"]
    assert first["homework"][0]["due_on"] == str(WEDNESDAY)
    assert first["homework"][0]["attachments"] == [
        {"title": "Учебник, с. 40", "url": "https://books.example/math5#40"}
    ]
    second = monday["lessons"][1]
    assert (second["marks"], second["attendance"]) == ([], None)
    assert [h["text"] for h in second["homework"]] == ["Упражнение 305"]

    due = day(body, WEDNESDAY)["homework_due"]
    assert [(h["text"], h["subject"]["name"], h["set_on"]) for h in due] == [
        ("№ 112, 114", "Математика", str(MONDAY))
    ]
    assert [h["text"] for h in day(body, FRIDAY)["homework_due"]] == ["Упражнение 305"]
    assert all(day(body, d)["homework_due"] == [] for d in (MONDAY, TUESDAY, THURSDAY))
    assert day(body, WEDNESDAY)["lessons"][0]["topic"] == "Вычитание дробей"


def test_a_cancelled_lesson_is_shown_as_cancelled(api: Api, world: World) -> None:
    lesson = world.lesson("ivanova", "Математика", "5А", TUESDAY, topic="Дроби")
    with in_region(world.region):
        cancel_lesson(
            region=world.region, lesson=lesson, reason="Учитель болен", actor=world.people["director"]
        )

    lessons = day(week(api), TUESDAY)["lessons"]
    assert [(lesson["topic"], lesson["status"], lesson["cancel_reason"]) for lesson in lessons] == [
        ("Дроби", "cancelled", "Учитель болен")
    ]


def test_a_pupil_who_moves_class_mid_week_sees_the_old_class_then_the_new(api: Api, world: World) -> None:
    journal = Journal(world)
    a_monday = world.lesson("ivanova", "Математика", "5А", MONDAY, topic="5А monday")
    b_monday = world.lesson("petrova", "Математика", "5Б", MONDAY, topic="5Б monday")
    world.lesson("ivanova", "Математика", "5А", THURSDAY, topic="5А thursday")
    world.lesson("petrova", "Математика", "5Б", THURSDAY, topic="5Б thursday")
    journal.homework(a_monday, "Left behind in 5А", due_on=THURSDAY)
    journal.homework(b_monday, "Due in the new class", due_on=THURSDAY)
    world.pupil("sidorov", "5Б", since=WEDNESDAY)

    body = week(api)

    topics = [lesson["topic"] for d in body["days"] for lesson in d["lessons"]]
    assert topics == ["5А monday", "5Б thursday"]
    assert [h["text"] for h in day(body, MONDAY)["lessons"][0]["homework"]] == ["Left behind in 5А"]
    assert [h["text"] for h in day(body, THURSDAY)["homework_due"]] == ["Due in the new class"]
    # both teachers still read the diary: each class group had the pupil this year
    assert week(api, "petrova")["pupil"]["full_name"] == "Sidorov"
    assert week(api, "ivanova")["pupil"]["full_name"] == "Sidorov"


def test_lessons_show_on_the_regions_local_date_with_its_offset(client) -> None:
    kamchatka = classroom(factories.region("RU-KAM"))
    kamchatka.lesson("ivanova", "Математика", "5А", MONDAY, at=time(8, 0), topic="Камчатка")

    lessons = day(week(Api(client, kamchatka)), MONDAY)["lessons"]
    assert [(lesson["topic"], lesson["starts_at"]) for lesson in lessons] == [
        ("Камчатка", "2026-11-23T08:00:00+12:00")
    ]


def fill(world: World, journal: Journal, monday: date, per_day: int) -> None:
    for offset in range(5):
        for number in range(per_day):
            lesson = world.lesson(
                "ivanova", "Математика", "5А", monday + timedelta(days=offset), at=time(8 + number, 0)
            )
            for pupil in ("sidorov", "kuznetsova"):
                journal.mark(lesson, pupil, "4")
                journal.mark(lesson, pupil, "5", kind="test")
            journal.attendance(lesson, "sidorov", "late")
            journal.homework(
                lesson, f"Homework {offset}/{number}", due_on=monday + timedelta(days=offset + 1)
            )


def test_a_week_takes_the_same_few_queries_however_full(
    api: Api, world: World, django_assert_max_num_queries
) -> None:
    journal = Journal(world)
    light = world.lesson("ivanova", "Математика", "5А", MONDAY)
    journal.mark(light, "sidorov", "5")
    journal.homework(light, "Light", due_on=TUESDAY)
    heavy_monday = MONDAY + timedelta(days=7)
    fill(world, journal, heavy_monday, per_day=6)
    api.token("sidorov")
    week(api)  # the host's routing is cached after the first request

    with django_assert_max_num_queries(10) as light_week:
        light_body = week(api)
    with django_assert_max_num_queries(10) as heavy_week:
        heavy_body = week(api, week_of=heavy_monday)

    assert sum(len(d["lessons"]) for d in light_body["days"]) == 1
    assert sum(len(d["lessons"]) for d in heavy_body["days"]) == 30
    assert sum(len(lesson["marks"]) for d in heavy_body["days"] for lesson in d["lessons"]) == 60
    assert len(heavy_week.captured_queries) == len(light_week.captured_queries)
