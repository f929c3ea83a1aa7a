"""A lesson is on its local date wherever the region is: Kamchatka (UTC+12) and Kaliningrad (UTC+2)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from tests.api import Api
from tests.schedule.world import SUNDAY, schedule_world

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("code", "offset", "utc_date"),
    [
        ("RU-KAM", "+12:00", date(2026, 11, 22)),  # 08:30 in Kamchatka is 20:30 on Sunday in UTC
        ("RU-KGD", "+02:00", date(2026, 11, 23)),
    ],
)
def test_a_monday_lesson_is_on_monday_in_the_regions_own_time(
    client, code: str, offset: str, utc_date: date
) -> None:
    world = schedule_world(code)
    api = Api(client, world)
    timetable = f"/api/v1/class-groups/{world.group('5А').pk}/timetable/"
    entry = {
        "weekday": 1,
        "number": 1,
        "starts_at": "08:30",
        "ends_at": "09:15",
        "subject": world.subject("Математика").pk,
        "teacher": world.teacher("ivanova").pk,
    }
    assert api("director", "post", timetable, entry).status_code == 201
    generated = api(
        "director", "post", timetable + "generate/", {"starts_on": str(MONDAY), "ends_on": str(SUNDAY)}
    )
    assert generated.json() == {"starts_on": "2026-11-23", "ends_on": "2026-11-29", "created": 1}

    def on(date_from: str, date_to: str) -> list[dict]:
        response = api("ivanova", "get", f"/api/v1/lessons/?date_from={date_from}&date_to={date_to}")
        return response.json()["results"]

    [lesson] = on("2026-11-23", "2026-11-23")
    assert lesson["date"] == "2026-11-23"
    assert (lesson["starts_at"], lesson["ends_at"]) == (
        f"2026-11-23T08:30:00{offset}",
        f"2026-11-23T09:15:00{offset}",
    )
    starts_at = datetime.fromisoformat(lesson["starts_at"])
    assert (starts_at.time(), starts_at.astimezone(UTC).date()) == (time(8, 30), utc_date)
    assert on("2026-11-22", "2026-11-22") == []
    assert on("2026-11-24", "2026-11-29") == []
    assert (
        api("sidorov", "get", f"/api/v1/lessons/{lesson['id']}/").json()["starts_at"] == lesson["starts_at"]
    )
