"""Period and year marks: set by the subject's teacher or the administration, on the subject's scale."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from journal.models import ChangeKind, FinalMark
from journal.services import remove_final_mark, set_final_mark
from myschool.errors import ApplicationError, Forbidden, NotFound
from tests.journal.conftest import history, journal_rows, other_school_admin, region_admin

pytestmark = pytest.mark.django_db


def quarter(world, number):
    return world.year.periods.get(scheme="quarters", number=number)


def set_mark(world, value, actor="ivanova", pupil="sidorov", subject="Математика", period=2):
    return set_final_mark(
        region=world.region,
        pupil=world.people[pupil],
        subject=world.subject(subject),
        academic_year=world.year,
        period=quarter(world, period) if isinstance(period, int) else period,
        value=value,
        actor=world.people[actor] if isinstance(actor, str) else actor,
    )


def test_the_teacher_sets_and_changes_a_period_mark_with_history(world) -> None:
    first = set_mark(world, "4")
    again = set_mark(world, "4")  # unchanged: no history
    changed = set_mark(world, "5", actor="director")

    assert first.pk == again.pk == changed.pk
    mark = FinalMark.objects.get()
    assert (mark.value, mark.points, mark.period, mark.set_by) == (
        "5",
        Decimal(5),
        quarter(world, 2),
        world.people["director"],
    )
    changes = history(ChangeKind.FINAL_MARK, mark.pk)
    assert [(c.before, c.after, c.actor.email) for c in changes] == [
        (None, {"value": "4", "points": "4.00"}, "ivanova@school.example"),
        ({"value": "4", "points": "4.00"}, {"value": "5", "points": "5.00"}, "director@school.example"),
    ]


def test_the_year_mark_is_apart_from_period_marks(world) -> None:
    set_mark(world, "4")
    year_mark = set_mark(world, "5", period=None)
    set_mark(world, "pass", subject="Физическая культура", actor=region_admin(world), period=None)

    assert year_mark.period is None and year_mark.academic_year == world.year
    assert set(FinalMark.objects.values_list("subject__name", "period__number", "value")) == {
        ("Математика", None, "5"),
        ("Математика", 2, "4"),
        ("Физическая культура", None, "pass"),
    }


def test_invalid_final_marks_are_refused_and_nothing_written(world) -> None:
    world.pupil("volkov", "5А", since=date(2027, 1, 15))
    halves = world.year.periods.get(scheme="halves", number=1)
    before = journal_rows()
    for value, period, pupil, field in (
        ("6", 2, "sidorov", "value"),
        ("pass", 2, "sidorov", "value"),
        ("5", halves, "sidorov", "period"),  # 5А has quarters; halves are the senior grades'
        ("5", 1, "volkov", "pupil"),  # joined in the third quarter
    ):
        with pytest.raises(ApplicationError) as refused:
            set_mark(world, value, period=period, pupil=pupil)
        assert list(refused.value.fields) == [field], (value, period, pupil)
    assert journal_rows() == before


def test_only_the_subjects_teachers_and_the_administration_set_final_marks(world) -> None:
    before = journal_rows()
    with pytest.raises(NotFound):  # petrova does not teach 5А: sidorov does not exist for her
        set_mark(world, "5", actor="petrova")
    world.assign("petrova", "Физическая культура", "5А")
    with pytest.raises(Forbidden):  # she teaches him PE, not maths
        set_mark(world, "5", actor="petrova")
    for reader in ("sidorov", "sidorova"):
        with pytest.raises(Forbidden):
            set_mark(world, "5", actor=reader)
    with pytest.raises(NotFound):
        set_mark(world, "5", actor=other_school_admin(world))
    assert journal_rows() == before
    assert set_mark(world, "pass", actor="petrova", subject="Физическая культура").value == "pass"


def test_final_marks_through_the_api(world, api) -> None:
    teacher = api.as_("ivanova")
    body = {
        "pupil": world.people["sidorov"].pk,
        "subject": world.subject("Математика").pk,
        "period": quarter(world, 2).pk,
        "value": "4",
    }
    response = teacher.put("/api/v1/final-marks/", body, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["value"] == "4" and response.json()["academic_year"] == world.year.pk

    year = teacher.put("/api/v1/final-marks/", {**body, "period": None}, format="json")
    assert year.status_code == 400 and list(year.json()["error"]["fields"]) == ["academic_year"]
    year = teacher.put(
        "/api/v1/final-marks/", {**body, "period": None, "academic_year": world.year.pk}, format="json"
    )
    assert year.status_code == 200 and year.json()["period"] is None

    assert teacher.put("/api/v1/final-marks/", {**body, "value": "A"}, format="json").status_code == 400
    assert api.as_("sidorov").put("/api/v1/final-marks/", body, format="json").status_code == 403
    unknown = api.as_("petrova").put("/api/v1/final-marks/", body, format="json")
    assert unknown.status_code == 400 and list(unknown.json()["error"]["fields"]) == ["pupil"]
    assert FinalMark.objects.count() == 2


def remove_mark(world, actor="ivanova", period=2):
    return remove_final_mark(
        region=world.region,
        pupil=world.people["sidorov"],
        subject=world.subject("Математика"),
        academic_year=world.year,
        period=quarter(world, period) if isinstance(period, int) else period,
        actor=world.people[actor] if isinstance(actor, str) else actor,
    )


def test_a_final_mark_set_by_mistake_is_taken_back_and_the_history_keeps_it(world) -> None:
    mark = set_mark(world, "4")
    year_mark = set_mark(world, "5", period=None)

    assert remove_mark(world) is True
    assert remove_mark(world) is False  # already gone: nothing to do

    assert list(FinalMark.objects.all()) == [year_mark]
    changes = history(ChangeKind.FINAL_MARK, mark.pk)
    assert [(c.before, c.after, c.actor.email) for c in changes] == [
        (None, {"value": "4", "points": "4.00"}, "ivanova@school.example"),
        ({"value": "4", "points": "4.00"}, None, "ivanova@school.example"),
    ]


def test_only_those_who_may_set_a_final_mark_take_it_back(world) -> None:
    set_mark(world, "4")
    before = journal_rows()
    with pytest.raises(NotFound):
        remove_mark(world, actor="petrova")
    for reader in ("sidorov", "sidorova"):
        with pytest.raises(Forbidden):
            remove_mark(world, actor=reader)
    with pytest.raises(ApplicationError) as refused:  # 5А has quarters
        remove_mark(world, period=world.year.periods.get(scheme="halves", number=1))
    assert list(refused.value.fields) == ["period"]
    assert journal_rows() == before
    assert remove_mark(world, actor="director") is True


def test_final_marks_are_taken_back_through_the_api(world, api) -> None:
    set_mark(world, "4")
    set_mark(world, "5", period=None)
    target = {"pupil": world.people["sidorov"].pk, "subject": world.subject("Математика").pk}
    teacher = api.as_("ivanova")

    vague = teacher.delete(f"/api/v1/final-marks/?pupil={target['pupil']}&subject={target['subject']}")
    assert vague.status_code == 400 and list(vague.json()["error"]["fields"]) == ["period"]
    query = "&".join(f"{k}={v}" for k, v in target.items())
    period = f"period={quarter(world, 2).pk}"
    assert api.as_("sidorov").delete(f"/api/v1/final-marks/?{query}&{period}").status_code == 403
    assert FinalMark.objects.count() == 2

    period_mark = teacher.delete(f"/api/v1/final-marks/?{query}&{period}")
    assert period_mark.status_code == 204
    assert list(FinalMark.objects.values_list("period", "value")) == [(None, "5")]
    year_mark = teacher.delete(f"/api/v1/final-marks/?{query}&academic_year={world.year.pk}")
    assert year_mark.status_code == 204
    assert not FinalMark.objects.exists()
