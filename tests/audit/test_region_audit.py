"""Every service that changes a region's settings, schools, people or timetable checks its actor
and leaves one row in the region's audit: who, when, what, before → after."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time
from decimal import Decimal

import pytest

from academics.models import MarkKind
from academics.services import (
    DateRange,
    change_mark_kind,
    create_academic_year,
    create_mark_kind,
    set_grading_scale_enabled,
)
from accounts.models import Role
from audit.models import AuditEntry
from myschool.errors import Forbidden
from schedule.models import TimetableEntry
from schedule.services import (
    add_timetable_entry,
    cancel_lesson,
    change_timetable_entry,
    generate_lessons,
    move_lesson,
    remove_timetable_entry,
)
from schools.models import TeachingAssignment
from schools.services import (
    add_person,
    assign_teacher,
    change_school,
    create_class_group,
    create_school,
    create_subject,
    enrol_pupil,
    link_parent,
    remove_assignment,
)
from tenants.context import in_federation, in_region
from tenants.models import Region
from tenants.services.region_settings import update_region_time_zone
from tests.api import Api
from tests.world import World

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 11, 23)


def _entry(world: World, actor: object) -> TimetableEntry:
    return add_timetable_entry(
        region=world.region, class_group=world.group("5А"), weekday=1, number=3, starts_at=time(10, 0),
        ends_at=time(10, 45), subject=world.subject("Математика"), teacher=world.teacher("ivanova"),
        actor=actor, room="12",
    )


def _system_entry(world: World) -> TimetableEntry:
    return _entry(world, None)


# action, what the region admin (or the school's director) does, the person acting, before ⊆, after ⊆
CHANGES: list[tuple[str, str, Callable[[World, object], object], dict | None, dict | None]] = [
    ("region.time_zone_changed", "regionadmin",
     lambda w, a: update_region_time_zone(region=w.region, time_zone="Asia/Kamchatka", actor=a),
     {"time_zone": "Europe/Moscow"}, {"time_zone": "Asia/Kamchatka"}),
    ("mark_kind.created", "regionadmin",
     lambda w, a: create_mark_kind(region=w.region, code="quiz", name="Опрос", weight="1.5", actor=a),
     None, {"code": "quiz", "weight": "1.50"}),
    ("mark_kind.changed", "regionadmin",
     lambda w, a: change_mark_kind(region=w.region, kind=MarkKind.objects.get(code="test"), weight="3",
                                   actor=a),
     {"weight": "2.00"}, {"weight": "3.00"}),
    ("grading_scale.enabled", "regionadmin",
     lambda w, a: set_grading_scale_enabled(region=w.region, code="ten_point", enabled=True, actor=a),
     {"is_enabled": False}, {"is_enabled": True}),
    ("academic_year.created", "regionadmin",
     lambda w, a: create_academic_year(
         region=w.region, name="2027/2028", starts_on=date(2027, 9, 1), ends_on=date(2028, 5, 31),
         periods={"halves": [DateRange("1", date(2027, 9, 1), date(2027, 12, 28)),
                             DateRange("2", date(2028, 1, 12), date(2028, 5, 31))]},
         actor=a),
     None, {"name": "2027/2028", "starts_on": "2027-09-01", "periods": {"halves": ["1", "2"]}}),
    ("school.created", "regionadmin",
     lambda w, a: create_school(region=w.region, name="Школа № 3", actor=a),
     None, {"name": "Школа № 3"}),
    ("school.changed", "director",
     lambda w, a: change_school(region=w.region, school=w.school, address="ул. Ленина, 1", actor=a),
     {"address": ""}, {"address": "ул. Ленина, 1"}),
    ("subject.created", "regionadmin",
     lambda w, a: create_subject(region=w.region, name="История", actor=a),
     None, {"name": "История"}),
    ("class_group.created", "director",
     lambda w, a: create_class_group(region=w.region, school=w.school, academic_year=w.year, grade=7,
                                     letter="В", actor=a),
     None, {"grade": 7, "letter": "В"}),
    ("enrolment.created", "director",
     lambda w, a: enrol_pupil(region=w.region, pupil=w.people["popov"], class_group=w.group("5А"),
                              starts_on=MONDAY, actor=a),
     {}, {"starts_on": "2026-11-23"}),
    ("assignment.created", "director",
     lambda w, a: assign_teacher(region=w.region, teacher=w.teacher("petrova"), actor=a,
                                 subject=w.subject("Физическая культура"), class_group=w.group("5Б")),
     None, {}),
    ("assignment.removed", "director",
     lambda w, a: remove_assignment(region=w.region, actor=a, assignment=TeachingAssignment.objects.get(
         teacher=w.people["ivanova"], subject__name="Физическая культура")),
     {}, None),
    ("person.created", "director",
     lambda w, a: add_person(region=w.region, email="new@school.example", role=Role.TEACHER,
                             full_name="Новикова Анна", school=w.school, actor=a),
     None, {"email": "new@school.example", "role": "teacher"}),
    ("guardianship.created", "director",
     lambda w, a: link_parent(region=w.region, parent=w.people["sidorova"], child=w.people["smirnov"],
                              actor=a),
     None, {}),
    ("timetable_entry.created", "director", _entry, None, {"weekday": 1, "number": 3, "room": "12"}),
    ("timetable_entry.changed", "director",
     lambda w, a: change_timetable_entry(region=w.region, entry=_system_entry(w), changes={"room": "14"},
                                         actor=a, effective_from=MONDAY),
     {"room": "12"}, {"room": "14", "effective_from": "2026-11-23"}),
    ("timetable_entry.removed", "director",
     lambda w, a: remove_timetable_entry(region=w.region, entry=_system_entry(w), actor=a,
                                         effective_from=MONDAY),
     {"room": "12"}, {"effective_from": "2026-11-23"}),
    ("lessons.generated", "director",
     lambda w, a: (_system_entry(w), generate_lessons(region=w.region, class_group=w.group("5А"),
                                                     starts_on=MONDAY, ends_on=MONDAY, actor=a)),
     None, {"lessons": 1}),
    ("lesson.moved", "director",
     lambda w, a: move_lesson(region=w.region, lesson=w.lesson("ivanova", "Математика", "5А", MONDAY),
                              room="101", actor=a),
     {"room": ""}, {"room": "101"}),
    ("lesson.cancelled", "director",
     lambda w, a: cancel_lesson(region=w.region, lesson=w.lesson("ivanova", "Математика", "5А", MONDAY),
                                reason="Карантин", actor=a),
     {"status": "scheduled"}, {"status": "cancelled", "cancel_reason": "Карантин"}),
]
IDS = [change[0] for change in CHANGES]


@pytest.mark.parametrize(("action", "who", "change", "before", "after"), CHANGES, ids=IDS)
def test_each_change_leaves_one_audit_row_with_who_what_before_and_after(
    world: World, action, who, change, before, after
) -> None:
    actor = world.people[who]
    with in_region(world.region):
        AuditEntry.objects.all().delete()  # the world was built by the system
        change(world, actor)
        [entry] = AuditEntry.objects.filter(action=action)

    assert entry.actor_id == actor.pk and entry.at is not None
    if before is None:
        assert entry.before is None
    else:
        assert before.items() <= entry.before.items()
    if after is None:
        assert entry.after is None
    else:
        assert after.items() <= entry.after.items()


@pytest.mark.parametrize(("action", "who", "change", "before", "after"), CHANGES, ids=IDS)
def test_each_service_refuses_a_teacher_and_writes_nothing(
    world: World, action, who, change, before, after
) -> None:
    with in_region(world.region):
        written = AuditEntry.objects.filter(action=action).count()  # by the system, building the world
        with pytest.raises(Forbidden):
            change(world, world.people["ivanova"])
        assert AuditEntry.objects.filter(action=action).count() == written


@pytest.mark.parametrize(
    ("action", "change"),
    [(action, change) for action, who, change, _b, _a in CHANGES if who == "director"],
    ids=[action for action, who, *_rest in CHANGES if who == "director"],
)
def test_school_changes_refuse_the_admin_of_another_school(
    other: World, world: World, action, change
) -> None:
    with in_region(world.region), pytest.raises(Forbidden):
        change(world, other.people["director2"])


def test_an_unchanged_setting_writes_no_audit_row(world: World) -> None:
    admin = world.people["regionadmin"]
    with in_region(world.region):
        AuditEntry.objects.all().delete()
        update_region_time_zone(region=world.region, time_zone="Europe/Moscow", actor=admin)
        change_mark_kind(region=world.region, kind=MarkKind.objects.get(code="test"), weight=Decimal(2),
                         actor=admin)
        change_school(region=world.region, school=world.school, name=world.school.name, actor=admin)
        assert not AuditEntry.objects.exists()


def test_the_region_admin_reads_the_audit_newest_first_filtered_and_paginated(api: Api, world: World) -> None:
    api("regionadmin", "patch", "/api/v1/settings/", {"time_zone": "Asia/Kamchatka"})
    api("regionadmin", "post", "/api/v1/mark-kinds/", {"code": "quiz", "name": "Опрос", "weight": "1.5"})
    api("regionadmin", "patch", "/api/v1/mark-kinds/quiz/", {"weight": "2"})
    api("director", "patch", f"/api/v1/schools/{world.school.pk}/", {"address": "ул. Мира, 5"})

    kinds = api("regionadmin", "get", "/api/v1/audit/?action=mark_kind").json()
    assert kinds["count"] == 2
    changed, created = kinds["results"]
    assert (changed["action"], created["action"]) == ("mark_kind.changed", "mark_kind.created")
    assert changed["before"] == {"weight": "1.50"} and changed["after"] == {"weight": "2.00"}
    assert created["before"] is None and created["after"]["name"] == "Опрос"
    assert changed["actor"]["email"] == "regionadmin@school.example"
    assert changed["target_type"] == "mark_kind" and changed["target_label"] == "Опрос"

    director = api.id("director")
    by_director = api("regionadmin", "get", f"/api/v1/audit/?actor={director}").json()["results"]
    assert [e["action"] for e in by_director] == ["school.changed"]
    page = api("regionadmin", "get", "/api/v1/audit/?target_type=region&limit=1").json()
    assert page["count"] == 1 and page["results"][0]["after"] == {"time_zone": "Asia/Kamchatka"}

    for who in ("director", "ivanova", "sidorov", "sidorova"):
        assert api(who, "get", "/api/v1/audit/").status_code == 403, who
    assert api("regionadmin", "get", "/api/v1/audit/?actor=someone").status_code == 400


def test_a_region_reads_only_its_own_audit(api: Api, world: World) -> None:
    from tests import factories
    from tests.schools.api import region_world

    api("regionadmin", "patch", "/api/v1/settings/", {"time_zone": "Asia/Kamchatka"})
    with in_federation():
        neighbour, _ = region_world("RU-TA")
    with in_region(neighbour.region):
        assert not AuditEntry.objects.filter(action="region.time_zone_changed").exists()
    other_api = Api(api.client, neighbour)
    assert other_api("regionadmin", "get", "/api/v1/audit/?action=region").json()["count"] == 0
    assert api("regionadmin", "get", "/api/v1/audit/?action=region").json()["count"] == 1
    assert Region.objects.get(code="RU-MOS").time_zone == "Asia/Kamchatka"
    assert factories.host(neighbour.region) != api.host
