"""Every scope rule, prepared once per role through access.fetch's AnyUser, reaches what it reaches
for each real user.

fetch.prepared_rule builds a rule's queryset for a stand-in user (AnyUser: a
role, a standing, the id as a parameter) and reuses it for every user of that
role and standing. That holds only while no rule reads anything else of the
user, or runs a query while it is being built. This test runs every rule of
access.scope that takes a user and gives model rows through the stand-in and
compares, for every person of a lived-in region (every role, two of most,
someone inactive) and every row of the rule's model, the prepared answer with
the rule's own.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from datetime import date

import pytest
from django.db.models import QuerySet
from django.db.models.query import ModelIterable

from access import fetch, scope
from accounts.models import Role, User
from journal.services import record_mark, set_homework
from myschool.errors import NotFound
from schools.services import link_parent
from tenants.context import in_region
from tests import factories
from tests.world import World, classroom

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 11, 23)


def user_rules() -> Iterator[tuple[str, Callable[[User], object]]]:
    """The functions of access.scope whose only required argument is the user."""
    for name, rule in inspect.getmembers(scope, inspect.isfunction):
        if rule.__module__ != scope.__name__:
            continue
        parameters = inspect.signature(rule).parameters.values()
        required = [p.name for p in parameters if p.default is inspect.Parameter.empty]
        if required == ["user"]:
            yield name, rule


@pytest.fixture
def world() -> Iterator[World]:
    built = classroom(factories.region("RU-MOS"))
    with in_region(built.region):
        for name, role in (("boss", Role.REGION_ADMIN), ("retired", Role.REGION_ADMIN)):
            built.people[name] = factories.region_user(built.region, f"{name}@mos.example", role)
        built.people["retired"].is_active = False
        built.people["retired"].save(update_fields=["is_active"])
        built.people["smirnova"] = factories.region_user(built.region, "smirnova@mos.example", Role.PARENT)
        link_parent(region=built.region, parent=built.people["smirnova"], child=built.people["smirnov"])
        for teacher, group in (("ivanova", "5А"), ("petrova", "5Б")):
            lesson = built.lesson(teacher, "Математика", group, MONDAY)
            pupil = next(p for p in built.people.values() if p.role == Role.PUPIL)
            set_homework(
                region=built.region, lesson=lesson, text="§ 1", due_on=MONDAY, actor=built.teacher(teacher)
            )
            if group == "5А":
                record_mark(
                    region=built.region,
                    lesson=lesson,
                    pupil=pupil,
                    value="5",
                    kind="answer",
                    actor=built.teacher(teacher),
                )
        yield built


def reached_through_any_user(rule: Callable, user: User, candidates: list[int]) -> set[int]:
    reached = set()
    for pk in candidates:
        try:
            fetch.get_for_user(rule, user, pk, "object")
        except NotFound:
            continue
        reached.add(pk)
    return reached


def test_every_scope_rule_answers_the_same_prepared_for_any_user_of_a_role(world) -> None:
    people = list(world.people.values())
    assert {p.role for p in people} >= {
        Role.REGION_ADMIN,
        Role.SCHOOL_ADMIN,
        Role.TEACHER,
        Role.PUPIL,
        Role.PARENT,
    }
    checked = []
    for name, rule in user_rules():
        sample = rule(people[0])
        if not isinstance(sample, QuerySet) or sample._iterable_class is not ModelIterable:
            continue  # a yes/no or a column of ids: not fetched by id
        candidates = list(sample.model._base_manager.values_list("pk", flat=True))
        for user in people:
            expected = set(rule(user).values_list("pk", flat=True))
            assert reached_through_any_user(rule, user, candidates) == expected, (name, user.email)
        checked.append(name)

    # The rules the hot reads fetch through, and enough of the others that none was skipped by mistake.
    assert {"pupils_for", "rosters_for", "lessons_for", "marks_for", "homework_for"} <= set(checked)
    assert len(checked) >= 15, checked


def test_a_rule_that_reads_more_of_the_user_than_its_role_fails_loudly(world) -> None:
    """What the test above guards against: a rule using an attribute AnyUser does not have."""

    def by_email(user: User) -> QuerySet[User]:
        return User.objects.filter(email=user.email)

    with pytest.raises(AttributeError):
        fetch.get_for_user(by_email, world.people["sidorov"], world.people["sidorov"].pk, "pupil")
