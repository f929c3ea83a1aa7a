"""Canaries for the private parts of Django, django-tenants and psycopg that myschool.prepared uses.

A PreparedQuery compiles a queryset as QuerySet.__iter__ would and turns rows
into dicts or instances as ValuesIterable and ModelIterable do; it decides
whether a connection is ready from django-tenants' record of the search path
it set, and keeps its own server-binding cursor. None of that is public API.
After an upgrade of Django, django-tenants or psycopg, these tests say which
piece moved, before the diary and the journal answer wrongly.
"""

from __future__ import annotations

import inspect

import pytest
from django.db import connection
from django.db.backends.postgresql.base import ServerBindingCursor
from django.db.backends.utils import CursorDebugWrapper
from django.db.models import Count
from django.db.models.query import ModelIterable, ValuesIterable, get_related_populators
from django_tenants.utils import get_limit_set_calls

from myschool import prepared
from schedule.models import Lesson
from tenants.context import in_federation, in_region
from tests import factories

pytestmark = pytest.mark.django_db


def test_querysets_still_say_how_they_iterate_and_name_their_values() -> None:
    values = Lesson.objects.values("topic", "subject__name").annotate(n=Count("id"))
    models = Lesson.objects.select_related("subject")

    assert values._iterable_class is ValuesIterable and models._iterable_class is ModelIterable
    query = values.query
    # PreparedQuery names a .values() row's columns from these, as ValuesIterable does.
    assert hasattr(query, "selected"), "Query.selected is gone: see ValuesIterable.__iter__"
    assert list(query.selected) == ["topic", "subject__name", "n"]
    for name in ("extra_select", "values_select", "annotation_select"):
        assert hasattr(query, name), f"Query.{name} is gone"


def test_compilers_still_expose_what_instances_are_built_from() -> None:
    queryset = Lesson.objects.select_related("subject").annotate(mark_count=Count("marks"))
    compiler = queryset.query.get_compiler(queryset.db)
    compiler.as_sql()

    assert {"model", "select_fields"} <= set(compiler.klass_info), compiler.klass_info.keys()
    assert compiler.klass_info["model"] is Lesson
    assert isinstance(compiler.select, list) and all(len(column) == 3 for column in compiler.select)
    assert compiler.annotation_col_map.keys() == {"mark_count"}
    assert callable(compiler.get_converters) and callable(compiler.apply_converters)
    populators = get_related_populators(compiler.klass_info, compiler.select, queryset.db)
    assert [p.model_cls.__name__ for p in populators] == ["Subject"]
    assert all(callable(p.populate) for p in populators)
    assert inspect.signature(Lesson.from_db).parameters.keys() >= {"db", "field_names", "values"}


def test_connections_still_keep_the_state_a_prepared_query_checks() -> None:
    region = factories.region("RU-MOS")
    for name in ("health_check_done", "health_check_enabled", "queries_logged"):
        assert hasattr(connection, name), f"DatabaseWrapper.{name} is gone"
    assert callable(connection.make_cursor) and callable(connection.ops.compose_sql)
    assert hasattr(CursorDebugWrapper, "debug_sql")
    assert get_limit_set_calls(), "TENANT_LIMIT_SET_CALLS: _ready relies on it"

    # django-tenants' record of the search path it set: None after a switch, set by the next cursor.
    with in_region(region):
        assert connection.search_path_set_schemas is None
        assert not prepared._ready(connection)
        connection.cursor().close()
        assert connection.search_path_set_schemas is not None
        assert prepared._ready(connection)
        with in_federation():
            assert connection.search_path_set_schemas is None
            assert not prepared._ready(connection)


def test_the_server_binding_cursor_still_takes_a_psycopg_loader() -> None:
    with in_region(factories.region("RU-MOS")):
        cursor = prepared.prepared_statement_cursor(connection)
        cursor.execute("SELECT now(), %s::int", [1])
        moment, one = cursor.fetchone()

    assert isinstance(prepared._server_cursors[connection.connection], ServerBindingCursor)
    assert one == 1 and moment.utcoffset() is not None and moment.utcoffset().total_seconds() == 0
