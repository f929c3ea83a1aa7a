"""Hot reads built with the ORM once per process, then run again with new values.

Building a queryset and compiling it to SQL costs more Python than the
database spends answering the small queries of a diary week or a journal
(about half a millisecond a query). A PreparedQuery builds its queryset once,
with Param placeholders where values change, keeps the compiled SQL and runs it
with each call's values, returning rows as .values() would. The SQL names no
schema, so one compiled query serves every region (the connection's search
path picks the region, as for any query).

PostgreSQL, in turn, spends more time planning these queries than running
them. So they run as server-side prepared statements: values bound on the
server, each statement parsed and planned once per connection and then reused
(settings: `prepare_threshold`). A prepared statement is parsed again when the
search path has changed since its last run, so a connection moving between
regions still reads each region's own tables.

Lists are passed as one array parameter (`any_of`: column = ANY(%s)), so the
SQL does not change with their length. Queries built with `any_of` run as
ordinary querysets too, with a list in place of the Param.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from weakref import WeakKeyDictionary

import psycopg
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.postgresql.base import ServerBindingCursor
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper
from django.db.models import Expression, F, Lookup, Model, QuerySet
from django.db.models.query import ModelIterable, ValuesIterable, get_related_populators
from django.db.models.sql.compiler import SQLCompiler
from django_tenants.utils import get_limit_set_calls
from psycopg import adapters
from psycopg.pq import Format


class Param(Expression):
    """A named placeholder in a prepared query, bound to a value on each run."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        return "%s", [self]


class AnyOf(Lookup):
    """column = ANY(array): the array is a list, or a Param bound to one."""

    lookup_name = "any_of"
    prepare_rhs = False

    def get_db_prep_lookup(self, value: Any, connection: Any) -> tuple[str, list[Any]]:
        return "%s", [list(value)]

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", [*lhs_params, *rhs_params]


# What a query builder shared by prepared and ordinary queries takes: a value, or a Param.
Id = int | Param
Ids = list[int] | Param
Day = date | Param


def any_of(field: str, values: Ids) -> AnyOf:
    """A filter: `field` is one of `values` (in one array parameter, whatever their number)."""
    return AnyOf(F(field), values)


@dataclass(frozen=True)
class Compiled:
    db: str
    sql: str
    params: list[Any]
    compiler: SQLCompiler
    converters: dict[int, Any]
    names: list[str]  # of a .values() row
    build: Callable[[Sequence[Any]], Model] | None  # the instance of a row of a model queryset


class PreparedQuery:
    """A queryset from `build`, compiled on first use and run with values for its Params.

    A .values() queryset answers rows(): dicts keyed like its rows. A model
    queryset answers objects(): instances, with those select_related names, as
    iterating it gives. Either way in the query's order. Every Param in the query
    must get a value on each run (a missing one is a KeyError).
    """

    def __init__(self, build: Callable[[], QuerySet]) -> None:
        self.build = build
        self.compiled: Compiled | None = None

    def compile(self) -> Compiled:
        queryset = self.build()
        query = queryset.query
        compiler = query.get_compiler(queryset.db)
        sql, params = compiler.as_sql()
        converters = compiler.get_converters([column for column, _sql, _alias in compiler.select])
        names, build = [], None
        if queryset._iterable_class is ValuesIterable:
            # Named as ValuesIterable names the columns of a .values() row.
            names = (
                list(query.selected)
                if query.selected
                else [*query.extra_select, *query.values_select, *query.annotation_select]
            )
        elif queryset._iterable_class is ModelIterable:
            build = instance_builder(compiler, queryset.db)
        else:
            raise TypeError("A prepared query is a .values() or a model queryset.")
        return Compiled(queryset.db, sql, list(params), compiler, converters, names, build)

    def rows(self, **values: Any) -> list[dict[str, Any]]:
        """The rows of a .values() queryset for these values of the query's Params."""
        compiled = self.compiled_once()
        if compiled.build is not None:
            raise TypeError("Ask a model queryset for its objects().")
        return [dict(zip(compiled.names, row, strict=True)) for row in self.run(values)]

    def objects(self, **values: Any) -> list[Model]:
        """The instances of a model queryset for these values of the query's Params."""
        compiled = self.compiled_once()
        if compiled.build is None:
            raise TypeError("Ask a .values() queryset for its rows().")
        return [compiled.build(row) for row in self.run(values)]

    def get(self, **values: Any) -> Model:
        """The one instance for these values, else the model's DoesNotExist (or MultipleObjectsReturned)."""
        found = self.objects(**values)
        if len(found) == 1:
            return found[0]
        model = self.compiled_once().compiler.query.model
        if not found:
            raise model.DoesNotExist(f"No {model._meta.object_name} for {values}.")
        raise model.MultipleObjectsReturned(f"{len(found)} {model._meta.object_name} rows for {values}.")

    def compiled_once(self) -> Compiled:
        if self.compiled is None:
            self.compiled = self.compile()
        return self.compiled

    def run(self, values: dict[str, Any]) -> Iterable[Sequence[Any]]:
        compiled = self.compiled_once()
        params = [values[param.name] if isinstance(param, Param) else param for param in compiled.params]
        cursor = prepared_statement_cursor(connections[compiled.db])
        cursor.execute(compiled.sql, params)
        rows = cursor.fetchall()
        if compiled.converters:
            return compiled.compiler.apply_converters(rows, compiled.converters)
        return rows


def instance_builder(compiler: SQLCompiler, db: str) -> Callable[[Sequence[Any]], Model]:
    """What ModelIterable does with a row of a compiled model query: the instance, its related ones."""
    model = compiler.klass_info["model"]
    fields = compiler.klass_info["select_fields"]
    start, end = fields[0], fields[-1] + 1
    attnames = [column[0].target.attname for column in compiler.select[start:end]]
    populators = get_related_populators(compiler.klass_info, compiler.select, db)
    annotations = compiler.annotation_col_map

    def build(row: Sequence[Any]) -> Model:
        instance = model.from_db(db, attnames, row[start:end])
        for populator in populators:
            populator.populate(row, instance)
        for name, position in annotations.items():
            setattr(instance, name, row[position])
        return instance

    return build


def prepared_statement_cursor(connection: BaseDatabaseWrapper) -> CursorWrapper:
    """A cursor whose statements PostgreSQL prepares, wrapped as Django wraps every cursor.

    The connection is first made ready as for any query (connected, its health
    checked once per request, the region's search path set): by opening an
    ordinary cursor, unless that is already done. The wrapper logs the query
    (assertNumQueries counts it) and runs the execute wrappers. Under the
    wrapper is one server-binding cursor per database connection, kept open
    and reused (making a cursor costs about as much Python as running a small
    prepared query): do not close it.
    """
    if not _ready(connection):
        connection.cursor().close()
    cursor = _server_cursors.get(connection.connection)
    if cursor is None:
        cursor = _server_cursors[connection.connection] = _server_cursor(connection)
    if connection.queries_logged:
        return PreparedDebugWrapper(cursor, connection)
    return connection.make_cursor(cursor)


def _server_cursor(connection: BaseDatabaseWrapper) -> ServerBindingCursor:
    """The connection's server-binding cursor, reading timestamps with psycopg's C loader.

    Django's cursors read them with its own loader, a Python subclass of
    psycopg's, to pin the time zone. Django keeps the connection in UTC
    (`TimeZone` set at connect), which is what psycopg's loader reads them in:
    the same instants, five times cheaper per value (a diary week has ~60).
    """
    cursor = ServerBindingCursor(connection.connection)
    timestamptz = psycopg.postgres.types["timestamptz"].oid
    cursor.adapters.register_loader(timestamptz, adapters.get_loader(timestamptz, Format.TEXT))
    return cursor


def _ready(connection: BaseDatabaseWrapper) -> bool:
    """Opening a cursor would do nothing: connected, checked this request, the search path set.

    `search_path_set_schemas` is django-tenants' record of the search path it
    set for the current schema (None until set, and again after a switch or a
    rollback); with TENANT_LIMIT_SET_CALLS it sets it only then.
    """
    return (
        connection.connection is not None
        and (connection.health_check_done or not connection.health_check_enabled)
        and getattr(connection, "search_path_set_schemas", None) is not None
        and get_limit_set_calls()
    )


class PreparedDebugWrapper(CursorDebugWrapper):
    """Django's query log for a prepared statement: the SQL with its values, as Django logs
    those of server-side binding connections (psycopg keeps no text of a prepared run)."""

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> Any:
        try:
            text = self.db.ops.compose_sql(sql, params)
        except psycopg.DataError:  # a value PostgreSQL cannot take (a NUL in a string): the run will say
            text = sql
        with self.debug_sql(text):
            return CursorWrapper.execute(self, sql, params)


# Per psycopg connection, forgotten with it.
_server_cursors: WeakKeyDictionary[Any, ServerBindingCursor] = WeakKeyDictionary()
