"""Attendance: present, absent («Н»), late, excused with a reason; history of every change."""

from __future__ import annotations

import pytest

from journal.models import Attendance, ChangeKind
from journal.services import record_attendance
from myschool.errors import ApplicationError
from tests.journal.conftest import history, journal_rows

pytestmark = pytest.mark.django_db


def mark_present(world, lesson, pupil, status, reason=""):
    return record_attendance(
        region=world.region,
        lesson=lesson,
        pupil=world.people[pupil],
        status=status,
        reason=reason,
        actor=world.teacher("ivanova"),
    )


def test_present_with_no_row_writes_nothing(world, maths) -> None:
    row = mark_present(world, maths, "sidorov", "present")
    assert row.pk is None and row.status == "present"
    assert journal_rows()["Attendance"] == 0 and journal_rows()["history"] == 0


def test_each_change_of_attendance_is_kept(world, maths) -> None:
    first = mark_present(world, maths, "sidorov", "absent")
    mark_present(world, maths, "sidorov", "absent")  # unchanged: no history
    mark_present(world, maths, "sidorov", "excused", reason="Ill, note from the doctor")
    last = mark_present(world, maths, "sidorov", "present")

    assert last.pk == first.pk and Attendance.objects.get().status == "present"
    changes = history(ChangeKind.ATTENDANCE, first.pk)
    assert [(c.before, c.after) for c in changes] == [
        (None, {"status": "absent", "reason": ""}),
        ({"status": "absent", "reason": ""}, {"status": "excused", "reason": "Ill, note from the doctor"}),
        ({"status": "excused", "reason": "Ill, note from the doctor"}, {"status": "present", "reason": ""}),
    ]
    assert {c.person for c in changes} == {world.people["sidorov"]}


def test_invalid_attendance_is_refused_and_nothing_written(world, maths) -> None:
    before = journal_rows()
    for pupil, status, reason, field in (
        ("sidorov", "excused", "  ", "reason"),
        ("sidorov", "asleep", "", "status"),
        ("popov", "absent", "", "pupil"),
    ):
        with pytest.raises(ApplicationError) as refused:
            mark_present(world, maths, pupil, status, reason)
        assert list(refused.value.fields) == [field]
    assert journal_rows() == before


def test_the_api_takes_the_whole_class_at_once(world, maths, api) -> None:
    url = f"/api/v1/lessons/{maths.pk}/attendance/"
    people = world.people
    sheet = [
        {"pupil": people["sidorov"].pk, "status": "absent"},
        {"pupil": people["kuznetsova"].pk, "status": "late", "reason": "Bus"},
        {"pupil": people["smirnov"].pk, "status": "present"},
    ]
    response = api.as_("ivanova").put(url, sheet, format="json")

    assert response.status_code == 200, response.json()
    assert [(row["status"], row["reason"]) for row in response.json()] == [
        ("absent", ""),
        ("late", "Bus"),
        ("present", ""),
    ]
    assert sorted(Attendance.objects.values_list("pupil__email", "status")) == [
        ("kuznetsova@school.example", "late"),
        ("sidorov@school.example", "absent"),
    ]
    assert history().count() == 2


def test_the_api_writes_all_or_nothing(world, maths, api) -> None:
    url = f"/api/v1/lessons/{maths.pk}/attendance/"
    people = world.people
    teacher = api.as_("ivanova")
    before = journal_rows()

    no_reason = teacher.put(
        url,
        [
            {"pupil": people["sidorov"].pk, "status": "absent"},
            {"pupil": people["smirnov"].pk, "status": "excused"},
        ],
        format="json",
    )
    assert no_reason.status_code == 400
    assert no_reason.json()["error"]["fields"] == {"reason": ["Give the reason of an excused absence."]}

    bad_status = teacher.put(
        url,
        [{"pupil": people["sidorov"].pk, "status": "absent"}, {"pupil": people["smirnov"].pk, "status": "Н"}],
        format="json",
    )
    assert bad_status.status_code == 400 and list(bad_status.json()["error"]["fields"]) == ["status"]

    no_pupil = teacher.put(
        url, [{"pupil": people["sidorov"].pk, "status": "absent"}, {"status": "absent"}], format="json"
    )
    assert no_pupil.status_code == 400 and list(no_pupil.json()["error"]["fields"]) == ["1.pupil"]

    other_class = teacher.put(url, [{"pupil": people["popov"].pk, "status": "absent"}], format="json")
    assert other_class.status_code == 400 and list(other_class.json()["error"]["fields"]) == ["pupil"]

    not_a_list = teacher.put(url, {"pupil": people["sidorov"].pk, "status": "absent"}, format="json")
    assert not_a_list.status_code == 400
    assert journal_rows() == before
