"""The diary API renders its week from plain rows; it must answer exactly what its OpenAPI schema says.

Real responses (a week that holds every kind of thing a week can hold, the
averages) are validated against the schema drf-spectacular generates from
DiaryWeekOutput and SubjectAveragesOutput (tests.schema: every property
present, no other, null only where declared).
"""

from __future__ import annotations

import json
from datetime import date, time, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from journal.services import delete_mark, record_attendance, record_mark, set_homework
from schedule.services import cancel_lesson
from tenants.context import in_region
from tests import factories
from tests.api import Api
from tests.schema import assert_matches_schema
from tests.world import World, classroom

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 11, 23)
TUESDAY, WEDNESDAY, THURSDAY, FRIDAY = (MONDAY + timedelta(days=n) for n in range(1, 5))
LAST_FRIDAY = MONDAY - timedelta(days=3)


def busy_week(world: World) -> None:
    """sidorov's week: marks (one deleted), attendance, homework set, due and left behind, a move to 5Б."""
    region, teacher = world.region, world.teacher("ivanova")
    world.assign("ivanova", "Русский язык", "5А")
    earlier = world.lesson("ivanova", "Математика", "5А", LAST_FRIDAY)
    maths = world.lesson("ivanova", "Математика", "5А", MONDAY, room="12", topic="Дроби")
    russian = world.lesson("ivanova", "Русский язык", "5А", MONDAY, at=time(9, 30))
    cancelled = world.lesson("ivanova", "Русский язык", "5А", TUESDAY, topic="Суффиксы")
    a_thursday = world.lesson("ivanova", "Математика", "5А", THURSDAY, topic="5А thursday")
    b_monday = world.lesson("petrova", "Математика", "5Б", MONDAY)
    world.lesson("petrova", "Математика", "5Б", THURSDAY, topic="5Б thursday")
    with in_region(region):
        for value, kind, comment in (("5", "answer", "Без ошибок"), ("3", "test", "")):
            record_mark(
                region=region,
                lesson=maths,
                pupil=world.people["sidorov"],
                value=value,
                kind=kind,
                comment=comment,
                actor=teacher,
            )
        wrong = record_mark(
            region=region,
            lesson=russian,
            pupil=world.people["sidorov"],
            value="2",
            kind="answer",
            actor=teacher,
        )
        delete_mark(region=region, mark=wrong, actor=teacher)
        record_mark(
            region=region,
            lesson=maths,
            pupil=world.people["kuznetsova"],
            value="4",
            kind="answer",
            actor=teacher,
        )
        record_attendance(
            region=region,
            lesson=maths,
            pupil=world.people["sidorov"],
            status="late",
            reason="Транспорт",
            actor=teacher,
        )
        set_homework(region=region, lesson=earlier, text="Set last week", due_lesson=maths, actor=teacher)
        set_homework(region=region, lesson=earlier, text="Due on Monday", due_on=MONDAY, actor=teacher)
        set_homework(
            region=region,
            lesson=maths,
            text="№ 112",
            due_lesson=a_thursday,
            links=[("Учебник", "https://books.example/math5")],
            files=[SimpleUploadedFile("worksheet.pdf", b"%PDF-1.4 fractions")],
            actor=teacher,
        )
        set_homework(region=region, lesson=russian, text="Упражнение 305", due_on=TUESDAY, actor=teacher)
        set_homework(
            region=region,
            lesson=b_monday,
            text="Due in the new class",
            due_on=THURSDAY,
            actor=world.teacher("petrova"),
        )
        cancel_lesson(region=region, lesson=cancelled, reason="Учитель болен", actor=world.people["director"])
    world.pupil("sidorov", "5Б", since=WEDNESDAY)


def api_week(client, world: World, week_of: date, who: str = "sidorov") -> dict:
    """sidorov's week around `week_of`, as `who` reads it through the API."""
    response = Api(client, world)(
        who, "get", f"/api/v1/diary/?pupil={world.people['sidorov'].pk}&week_of={week_of}"
    )
    assert response.status_code == 200, response.json()
    return response.json()


@pytest.mark.parametrize("week_of", [MONDAY, THURSDAY + timedelta(days=7), LAST_FRIDAY])
def test_the_week_api_answers_exactly_what_its_schema_describes(client, week_of: date) -> None:
    world = classroom(factories.region("RU-MOS"))
    busy_week(world)

    for who in ("sidorov", "sidorova"):
        assert_matches_schema(api_week(client, world, week_of, who), "/api/v1/diary/")


def test_the_validated_week_holds_every_kind_of_thing(client) -> None:
    world = classroom(factories.region("RU-MOS"))
    busy_week(world)

    body = api_week(client, world, MONDAY)

    lessons = [lesson for day in body["days"] for lesson in day["lessons"]]
    assert [lesson["topic"] for lesson in lessons] == ["Дроби", "", "Суффиксы", "5Б thursday"]
    assert [mark["value"] for mark in lessons[0]["marks"]] == ["5", "3"]
    assert lessons[0]["attendance"] == {"status": "late", "reason": "Транспорт"}
    assert lessons[1]["attendance"] is None
    assert lessons[2]["status"] == "cancelled"
    urls = [attachment["url"] for attachment in lessons[0]["homework"][0]["attachments"]]
    assert urls[0] == "https://books.example/math5" and urls[1].endswith("worksheet.pdf")
    due = {day["date"]: [item["text"] for item in day["homework_due"]] for day in body["days"]}
    assert due[str(MONDAY)] == ["Set last week", "Due on Monday"]
    assert due[str(THURSDAY)] == ["Due in the new class"]
    assert due[str(TUESDAY)] == ["Упражнение 305"]


def test_the_averages_api_answers_exactly_what_its_schema_describes(client) -> None:
    world = classroom(factories.region("RU-MOS"))
    busy_week(world)
    api = Api(client, world)

    with in_region(world.region):
        quarter = world.year.periods.get(scheme="quarters", number=2)
    for query in (f"&period={quarter.pk}", f"&academic_year={world.year.pk}"):
        response = api("sidorov", "get", f"/api/v1/diary/averages/?pupil={world.people['sidorov'].pk}{query}")
        assert response.status_code == 200, response.json()
        body = response.json()
        assert_matches_schema(body, "/api/v1/diary/averages/")
        assert [s["subject"]["name"] for s in body["subjects"] if s["average"]] == ["Математика"]
    assert body["period"] is None


def test_the_schema_check_catches_a_document_that_drifts(client) -> None:
    world = classroom(factories.region("RU-MOS"))
    busy_week(world)
    body = api_week(client, world, MONDAY)

    for drift in (
        lambda lesson: lesson.update(classroom="12"),  # a key the schema does not declare
        lambda lesson: lesson.pop("room"),  # a declared key missing
        lambda lesson: lesson.update(topic=None),  # null where the schema says a string
        lambda lesson: lesson["marks"][0].update(weight="heavy"),  # not a decimal
    ):
        changed = json.loads(json.dumps(body))
        drift(changed["days"][0]["lessons"][0])
        with pytest.raises(AssertionError):
            assert_matches_schema(changed, "/api/v1/diary/")


def test_each_region_reads_its_own_rows(client) -> None:
    """The week's queries are compiled once per process and serve every region."""
    moscow, kamchatka = classroom(factories.region("RU-MOS")), classroom(factories.region("RU-KAM"))
    moscow.lesson("ivanova", "Математика", "5А", MONDAY, topic="Москва")
    kamchatka.lesson("ivanova", "Математика", "5А", MONDAY, topic="Камчатка")

    for world, topic in ((moscow, "Москва"), (kamchatka, "Камчатка"), (moscow, "Москва")):
        response = Api(client, world)("sidorov", "get", f"/api/v1/diary/?week_of={MONDAY}")
        topics = [lesson["topic"] for day in response.json()["days"] for lesson in day["lessons"]]
        assert topics == [topic]
