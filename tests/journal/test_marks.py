"""Giving, changing and deleting marks through the services: validation, frozen weights, history."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

import pytest

from academics.models import MarkKind
from academics.services import change_mark_kind
from journal.averages import averages
from journal.models import ChangeKind, Mark
from journal.services import change_mark, delete_mark, record_mark
from myschool.errors import ApplicationError, Conflict, Forbidden, NotFound
from schedule.services import cancel_lesson
from tests.journal.conftest import MONDAY, history, journal_rows

pytestmark = pytest.mark.django_db


def give(world, lesson, pupil="sidorov", value="5", kind="answer", actor="ivanova", **extra):
    return record_mark(
        region=world.region,
        lesson=lesson,
        pupil=world.people[pupil],
        value=value,
        kind=kind,
        actor=world.people[actor],
        **extra,
    )


def test_a_mark_copies_points_and_weight_and_writes_history(world, maths) -> None:
    mark = give(world, maths, value="4", kind="test", comment="  fractions ")

    mark.refresh_from_db()
    assert (mark.value, mark.points, mark.kind.code, mark.weight) == ("4", Decimal(4), "test", Decimal(2))
    assert mark.comment == "fractions" and mark.given_by == world.teacher("ivanova")
    change = history().get()
    assert (change.target_type, change.target_id, change.person, change.before) == (
        ChangeKind.MARK,
        str(mark.pk),
        world.people["sidorov"],
        None,
    )
    assert change.action == "mark.created" and change.after == {
        "value": "4",
        "points": "4.00",
        "kind": "test",
        "weight": "2.00",
        "comment": "fractions",
    }


def test_a_pass_fail_mark_has_no_points(world) -> None:
    lesson = world.lesson("ivanova", "Физическая культура", "5А", MONDAY, at=time(10, 0))
    mark = give(world, lesson, value="pass")
    assert mark.points is None


INVALID = [
    (
        "6",
        "answer",
        "value",
        "“6” is not a mark of the Пятибалльная scale of Математика; use one of: 5, 4, 3, 2, 1.",
    ),
    ("pass", "answer", "value", "“pass” is not a mark of the Пятибалльная scale"),
    ("", "answer", "value", "“” is not a mark of"),
    ("5", "dance", "kind", "No mark kind “dance”."),
]


def test_an_invalid_mark_is_refused_naming_the_field_and_nothing_is_written(world, maths) -> None:
    before = journal_rows()
    for value, kind, field, message in INVALID:
        with pytest.raises(ApplicationError) as refused:
            give(world, maths, value=value, kind=kind)
        assert list(refused.value.fields) == [field]
        assert refused.value.fields[field][0].startswith(message)
    assert journal_rows() == before


def test_a_kind_out_of_use_is_refused(world, maths) -> None:
    change_mark_kind(region=world.region, kind=MarkKind.objects.get(code="exam"), is_active=False, actor=None)
    before = journal_rows()
    with pytest.raises(ApplicationError) as refused:
        give(world, maths, kind="exam")
    assert refused.value.fields == {"kind": ["The mark kind “Экзамен” is no longer in use."]}
    assert journal_rows() == before


def test_the_lesson_of_another_teacher_is_refused(world, maths) -> None:
    before = journal_rows()
    # petrova does not teach 5А at all: the lesson does not exist for her
    with pytest.raises(NotFound):
        give(world, maths, actor="petrova")
    # once she teaches PE there, she reads 5А's maths journal but may not write it
    world.assign("petrova", "Физическая культура", "5А")
    with pytest.raises(Forbidden) as refused:
        give(world, maths, actor="petrova")
    assert refused.value.status == 403 and "Математика" in refused.value.message
    # nor may a pupil or a parent give marks
    for reader in ("sidorov", "sidorova"):
        with pytest.raises(Forbidden):
            give(world, maths, actor=reader)
    assert journal_rows() == before


def test_a_pupil_not_enrolled_on_the_lessons_date_is_refused(world, maths) -> None:
    newcomer = world.pupil("volkov", "5А", since=date(2026, 12, 1))
    before = journal_rows()
    for pupil in ("popov", "volkov"):  # popov is in 5Б; volkov joins 5А a week later
        with pytest.raises(ApplicationError) as refused:
            give(world, maths, pupil=pupil)
        assert list(refused.value.fields) == ["pupil"]
        assert "was not in 5А on 2026-11-23" in refused.value.fields["pupil"][0]
    assert journal_rows() == before
    later = world.lesson("ivanova", "Математика", "5А", date(2026, 12, 7))
    assert give(world, later, pupil="volkov").pupil == newcomer


def test_a_cancelled_lesson_takes_no_marks(world, maths) -> None:
    cancel_lesson(region=world.region, lesson=maths, reason="Quarantine", actor=world.people["director"])
    before = journal_rows()
    with pytest.raises(ApplicationError) as refused:
        give(world, maths)
    assert refused.value.fields == {"lesson": ["The lesson on 2026-11-23 was cancelled."]}
    assert journal_rows() == before


def test_mark_history_keeps_create_change_and_delete(world, maths) -> None:
    ivanova, director = world.teacher("ivanova"), world.people["director"]
    mark = give(world, maths, value="3")
    change_mark(region=world.region, mark=mark, actor=ivanova, value="4", comment="retook it")
    delete_mark(region=world.region, mark=mark, actor=director)

    changes = list(history(ChangeKind.MARK, mark.pk))
    assert [(c.actor, c.before and c.before["value"], c.after and c.after["value"]) for c in changes] == [
        (ivanova, None, "3"),
        (ivanova, "3", "4"),
        (director, "4", None),
    ]
    assert changes[1].after["comment"] == "retook it" and changes[1].after["points"] == "4.00"
    assert [c.action for c in changes] == ["mark.created", "mark.changed", "mark.deleted"]
    mark.refresh_from_db()
    assert mark.deleted_at is not None and mark.value == "4"  # the row stays, out of the journal


def test_an_unchanged_save_writes_no_history(world, maths) -> None:
    mark = give(world, maths, value="5", kind="answer", comment="good")
    changed_at = Mark.objects.get().updated_at
    change_mark(
        region=world.region,
        mark=mark,
        actor=world.teacher("ivanova"),
        value="5",
        kind="answer",
        comment="good",
    )
    assert history().count() == 1
    assert Mark.objects.get().updated_at == changed_at


def test_a_deleted_mark_cannot_be_changed_or_deleted_again(world, maths) -> None:
    ivanova = world.teacher("ivanova")
    mark = give(world, maths, value="3")
    delete_mark(region=world.region, mark=mark, actor=ivanova)
    before = journal_rows()
    with pytest.raises(Conflict) as refused:
        change_mark(region=world.region, mark=mark, actor=ivanova, value="5")
    assert list(refused.value.fields) == ["mark"]
    with pytest.raises(Conflict):
        delete_mark(region=world.region, mark=mark, actor=ivanova)
    assert journal_rows() == before
    assert Mark.objects.get().value == "3"


def test_an_invalid_change_writes_nothing(world, maths) -> None:
    mark = give(world, maths, value="3")
    before = journal_rows()
    for change, field in (
        ({"value": "7"}, "value"),
        ({"kind": "dance"}, "kind"),
        ({"comment": "x" * 501}, "comment"),
    ):
        with pytest.raises(ApplicationError) as refused:
            change_mark(region=world.region, mark=mark, actor=world.teacher("ivanova"), **change)
        assert list(refused.value.fields) == [field]
    assert journal_rows() == before
    assert Mark.objects.get().value == "3"


def test_changing_a_kinds_weight_never_rewrites_marks_given(world, maths) -> None:
    period = (date(2026, 11, 5), date(2026, 12, 28))
    sidorov, groups = world.people["sidorov"], [maths.class_group_id]
    over = {"starts_on": period[0], "ends_on": period[1]}
    give(world, maths, value="5", kind="answer")
    test_mark = give(world, maths, value="3", kind="test")
    average = averages(**over, pupil_ids=[sidorov.pk], class_group_ids=groups)
    assert average == {(sidorov.pk, maths.subject_id): Decimal("3.67")}  # (5 + 6) / 3

    change_mark_kind(region=world.region, kind=MarkKind.objects.get(code="test"), weight="5", actor=None)

    test_mark.refresh_from_db()
    assert test_mark.weight == Decimal(2)
    assert averages(**over, pupil_ids=[sidorov.pk], class_group_ids=groups) == average
    # a mark given from now on, or changed to that kind, takes the new weight
    changed = change_mark(
        region=world.region, mark=give(world, maths), actor=world.teacher("ivanova"), kind="test"
    )
    assert changed.weight == Decimal(5)
