"""Prepared queries: compiled once, they answer each run's values as the ordinary queryset would."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.db import DataError, connection, transaction
from django.test.utils import CaptureQueriesContext

from accounts.models import ApiToken
from myschool.prepared import Param, PreparedQuery, any_of
from schedule.models import Lesson
from tenants.context import in_federation, in_region
from tests import factories
from tests.journal.conftest import MONDAY
from tests.world import classroom

pytestmark = pytest.mark.django_db


def lessons(group_ids, day):
    return Lesson.objects.filter(any_of("class_group_id", group_ids), date=day).order_by("starts_at", "id")


def test_each_run_answers_its_own_values_like_the_queryset(world) -> None:
    world.lesson("ivanova", "Математика", "5А", MONDAY, topic="5А first")
    world.lesson("ivanova", "Математика", "5А", MONDAY, at=time(10, 0), topic="5А second")
    world.lesson("petrova", "Математика", "5Б", MONDAY, topic="5Б")
    prepared = PreparedQuery(lambda: lessons(Param("groups"), Param("day")).values("topic", "subject__name"))
    a, b = world.group("5А").pk, world.group("5Б").pk

    for groups in ([a], [b], [a, b], []):
        assert prepared.rows(groups=groups, day=MONDAY) == list(
            lessons(groups, MONDAY).values("topic", "subject__name")
        )
    assert [row["topic"] for row in prepared.rows(groups=[b], day=MONDAY)] == ["5Б"]


def test_a_model_queryset_answers_its_instances_with_their_related_ones(world) -> None:
    world.lesson("ivanova", "Математика", "5А", MONDAY, topic="first")
    world.lesson("petrova", "Математика", "5Б", MONDAY, at=time(10, 0), topic="second")
    prepared = PreparedQuery(
        lambda: lessons(Param("groups"), Param("day")).select_related("subject", "teacher")
    )
    groups = [world.group("5А").pk, world.group("5Б").pk]

    found = prepared.objects(groups=groups, day=MONDAY)

    expected = list(lessons(groups, MONDAY).select_related("subject", "teacher"))
    assert [vars_of(lesson) for lesson in found] == [vars_of(lesson) for lesson in expected]
    with CaptureQueriesContext(connection) as queries:
        assert [(lesson.subject.name, lesson.teacher.email) for lesson in found] == [
            ("Математика", "ivanova@school.example"),
            ("Математика", "petrova@school.example"),
        ]
    assert not queries.captured_queries


def vars_of(lesson: Lesson) -> tuple[dict, dict, dict]:
    """A lesson's field values and those of its subject and teacher."""

    def fields(instance):
        return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}

    return fields(lesson), fields(lesson.subject), fields(lesson.teacher)


def test_rows_come_from_values_querysets_and_objects_from_model_querysets(world) -> None:
    with pytest.raises(TypeError):
        PreparedQuery(lambda: lessons(Param("groups"), MONDAY)).rows(groups=[])
    with pytest.raises(TypeError):
        PreparedQuery(lambda: lessons(Param("groups"), MONDAY).values("id")).objects(groups=[])
    with pytest.raises(TypeError):
        PreparedQuery(lambda: lessons(Param("groups"), MONDAY).values_list("id")).rows(groups=[])


def test_a_prepared_query_answers_again_after_its_transaction_failed(world) -> None:
    """Its statement is prepared on the server inside a transaction that then rolls back."""
    world.lesson("ivanova", "Математика", "5А", MONDAY, topic="Дроби")
    prepared = PreparedQuery(lambda: lessons(Param("groups"), Param("day")).values("topic"))
    groups = [world.group("5А").pk]

    with pytest.raises(DataError), transaction.atomic():
        assert prepared.rows(groups=groups, day=MONDAY) == [{"topic": "Дроби"}]
        connection.cursor().execute("SELECT 1 / 0")

    assert prepared.rows(groups=groups, day=MONDAY) == [{"topic": "Дроби"}]


def test_the_query_log_shows_a_prepared_query_with_its_values(world) -> None:
    world.lesson("ivanova", "Математика", "5А", MONDAY, topic="Дроби")
    prepared = PreparedQuery(lambda: lessons(Param("groups"), Param("day")).values("topic"))
    group = world.group("5А").pk

    with CaptureQueriesContext(connection) as queries:
        prepared.rows(groups=[group], day=MONDAY)

    (logged,) = [query["sql"] for query in queries.captured_queries if "schedule_lesson" in query["sql"]]
    assert f"{{{group}}}" in logged and "'2026-11-23'" in logged


def test_a_prepared_query_reads_the_region_the_connection_is_switched_to(world) -> None:
    """Between two runs the connection moves to another region: the second run reads that one."""
    world.lesson("ivanova", "Математика", "5А", MONDAY, topic="Московская область")
    with in_federation():
        other = classroom(factories.region("RU-TA"))
    with in_region(other.region):
        other.lesson("ivanova", "Математика", "5А", MONDAY, topic="Татарстан")
        other_group = other.group("5А").pk
    prepared = PreparedQuery(lambda: lessons(Param("groups"), Param("day")).values("topic"))
    group = world.group("5А").pk

    assert prepared.rows(groups=[group, other_group], day=MONDAY) == [{"topic": "Московская область"}]
    with in_region(other.region):
        assert prepared.rows(groups=[group, other_group], day=MONDAY) == [{"topic": "Татарстан"}]
    assert prepared.rows(groups=[group, other_group], day=MONDAY) == [{"topic": "Московская область"}]


def test_timestamps_read_by_a_prepared_query_are_the_instants_django_reads(world) -> None:
    tokens = [ApiToken.objects.create(user=world.people[name]) for name in ("sidorov", "ivanova")]
    prepared = PreparedQuery(lambda: ApiToken.objects.filter(key=Param("key")))

    for token in tokens:
        (read,) = prepared.objects(key=token.key)
        assert read.created == ApiToken.objects.get(key=token.key).created == token.created
        assert read.created.utcoffset() == timedelta(0)
