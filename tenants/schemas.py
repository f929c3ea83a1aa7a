"""Creating region schemas fast: clone a template kept at the current migration state.

Replaying every migration for each new region grows with the project's history;
copying the structure of `region_template` with a handful of DDL statements does
not. The copy runs inside the caller's transaction, so a failure leaves no
schema behind. When the template is missing or behind the code's migrations the
new schema is built by migrations instead, which is always correct, only slower.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Literal

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.db.migrations.loader import MigrationLoader
from django_tenants.utils import schema_context

logger = logging.getLogger(__name__)

CreationPath = Literal["template", "migrations"]


class CloneUnsupported(Exception):
    """The template holds an object the cloner does not copy; use migrations."""


def template_schema() -> str:
    return settings.REGION_TEMPLATE_SCHEMA


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


@cache
def expected_migrations() -> frozenset[tuple[str, str]]:
    """Every migration the code defines; a region schema records all of them.

    Django records shared-only apps' migrations in a region schema too (the
    router only turns their operations into no-ops), so the full graph is the
    expected state.
    """
    return frozenset(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)


def applied_migrations(schema: str) -> set[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [f"{_quote(schema)}.django_migrations"])
        if not cursor.fetchone()[0]:
            return set()
        cursor.execute(f"SELECT app, name FROM {_quote(schema)}.django_migrations")
        return set(cursor.fetchall())


def template_is_current() -> bool:
    return expected_migrations() <= applied_migrations(template_schema())


def create_region_schema(schema: str) -> CreationPath:
    """Create `schema` at the current migration state and say how it was built.

    Must run inside a transaction: on any failure the schema is rolled back
    with it. Public schema is active again on return.
    """
    if template_is_current():
        try:
            clone_schema(template_schema(), schema)
            return "template"
        except CloneUnsupported as exc:
            logger.warning("Template cannot be cloned (%s); building %s by migrations", exc, schema)
    else:
        logger.warning("Template schema is behind the code; building %s by migrations", schema)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE SCHEMA {_quote(schema)}")
        # Every migration runs in this one transaction, not in its own: a data
        # migration's deferred foreign-key checks would still be pending when a
        # later migration alters the table, which PostgreSQL refuses.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    _migrate(schema, verbosity=0)
    return "migrations"


def distribute_region_schema(schema: str) -> bool:
    """On a Citus coordinator, make `schema` a distributed schema; say whether it did.

    Only with CITUS_DISTRIBUTE_REGION_SCHEMAS: Citus then places the schema's
    tables, colocated, on one worker node (citus_schema_move moves them later).
    Runs in the caller's transaction right after the schema is built, so a
    failure rolls the new region back with it. The template is never
    distributed: it stays on the coordinator to be cloned from.
    """
    if not settings.CITUS_DISTRIBUTE_REGION_SCHEMAS:
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT citus_schema_distribute(%s::regnamespace)", [schema])
    return True


def foreign_keys_leaving(schema: str) -> list[str]:
    """Foreign keys from a table in `schema` to a table in any other schema.

    A region schema must have none: Citus can only distribute a schema whose
    tables reference nothing outside it, and regions refer to the public
    library by id. Each as "table.constraint -> other_schema.table".
    """
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname || '.' || k.conname || ' -> ' || tn.nspname || '.' || t.relname
              FROM pg_constraint k
              JOIN pg_class c ON c.oid = k.conrelid
              JOIN pg_class t ON t.oid = k.confrelid
              JOIN pg_namespace tn ON tn.oid = t.relnamespace
             WHERE k.contype = 'f' AND c.relnamespace = %s::regnamespace
               AND t.relnamespace <> c.relnamespace
             ORDER BY 1
            """,
            [schema],
        )
        return [row[0] for row in cursor.fetchall()]


def _migrate(schema: str, verbosity: int) -> None:
    with schema_context(schema):
        call_command(
            "migrate_schemas",
            tenant=True,
            schema_name=schema,
            interactive=False,
            verbosity=verbosity,
        )


@contextmanager
def _search_path(cursor: CursorWrapper, path: str) -> Iterator[None]:
    """Temporarily point catalog functions at one schema, within the transaction.

    pg_get_constraintdef leaves names unqualified when they are visible, which
    is what lets one definition be replayed in another schema.
    """
    cursor.execute("SELECT current_setting('search_path')")
    previous = cursor.fetchone()[0]
    cursor.execute("SELECT set_config('search_path', %s, true)", [_quote(path)])
    try:
        yield
    finally:
        cursor.execute("SELECT set_config('search_path', %s, true)", [previous])


def _check_cloneable(cursor: CursorWrapper, source: str) -> None:
    cursor.execute(
        """
        SELECT 'relation ' || c.relname FROM pg_class c
         WHERE c.relnamespace = %(ns)s::regnamespace AND c.relkind IN ('v', 'm', 'p', 'f')
        UNION ALL
        SELECT 'sequence ' || c.relname FROM pg_class c
         WHERE c.relnamespace = %(ns)s::regnamespace AND c.relkind = 'S'
           AND NOT EXISTS (SELECT 1 FROM pg_depend d
                            WHERE d.objid = c.oid AND d.deptype = 'i')
        UNION ALL
        SELECT 'function ' || p.proname FROM pg_proc p WHERE p.pronamespace = %(ns)s::regnamespace
        UNION ALL
        SELECT 'type ' || t.typname FROM pg_type t
         WHERE t.typnamespace = %(ns)s::regnamespace AND t.typtype IN ('e', 'd', 'r', 'm')
        UNION ALL
        SELECT 'trigger ' || t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
         WHERE c.relnamespace = %(ns)s::regnamespace AND NOT t.tgisinternal
        UNION ALL
        SELECT 'default ' || c.relname || '.' || a.attname FROM pg_attrdef d
          JOIN pg_class c ON c.oid = d.adrelid
          JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
         WHERE c.relnamespace = %(ns)s::regnamespace
           AND pg_get_expr(d.adbin, d.adrelid) LIKE '%%nextval(%%'
        """,
        {"ns": source},
    )
    unsupported = [row[0] for row in cursor.fetchall()]
    if unsupported:
        raise CloneUnsupported(", ".join(unsupported))


def clone_schema(source: str, target: str) -> None:
    """Copy the structure and rows of `source` into a new schema `target`.

    Tables, columns, defaults, identity sequences (with their positions), check,
    primary, unique, exclusion and foreign key constraints and indexes keep
    their names, so later migrations that refer to them by name still apply.
    Raises CloneUnsupported before writing anything if `source` holds objects
    this function does not copy.
    """
    src, dst = _quote(source), _quote(target)
    with connection.cursor() as cursor:
        _check_cloneable(cursor, source)
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relnamespace = %s::regnamespace AND relkind = 'r'"
            " ORDER BY relname",
            [source],
        )
        tables = [row[0] for row in cursor.fetchall()]
        with _search_path(cursor, source):
            # Constraints that own an index first, foreign keys after all of them.
            cursor.execute(
                """
                SELECT c.relname, k.conname, pg_get_constraintdef(k.oid), k.contype = 'f'
                  FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
                 WHERE c.relnamespace = %s::regnamespace AND k.contype IN ('p', 'u', 'x', 'f')
                 ORDER BY k.contype = 'f', c.relname, k.conname
                """,
                [source],
            )
            constraints = cursor.fetchall()
            cursor.execute(
                """
                SELECT i.relname, pg_get_indexdef(x.indexrelid)
                  FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
                 WHERE i.relnamespace = %s::regnamespace
                   AND NOT EXISTS (SELECT 1 FROM pg_constraint k
                                    WHERE k.conindid = x.indexrelid AND k.contype IN ('p', 'u', 'x'))
                 ORDER BY i.relname
                """,
                [source],
            )
            indexes = cursor.fetchall()
        identity_columns = _identity_sequences(cursor, source)
        cursor.execute("SELECT quote_ident(%s)", [source])
        source_prefix = f" ON {cursor.fetchone()[0]}."

        statements = [f"CREATE SCHEMA {dst}"]
        for table in tables:
            statements.append(
                f"CREATE TABLE {dst}.{_quote(table)} (LIKE {src}.{_quote(table)}"
                " INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING IDENTITY"
                " INCLUDING GENERATED INCLUDING STORAGE INCLUDING COMMENTS)"
            )
            statements.append(
                f"INSERT INTO {dst}.{_quote(table)} OVERRIDING SYSTEM VALUE"
                f" SELECT * FROM {src}.{_quote(table)}"
            )
        for table, name, definition, _is_fk in constraints:
            statements.append(
                f"ALTER TABLE {dst}.{_quote(table)} ADD CONSTRAINT {_quote(name)} {definition}"
            )
        for _name, definition in indexes:
            # pg_get_indexdef always qualifies the table: "... ON <source>.<table> USING ..."
            statements.append(definition.replace(source_prefix, f" ON {dst}.", 1))
        with _search_path(cursor, target):
            cursor.execute(";\n".join(statements))
        _match_identity_sequences(cursor, source, target, identity_columns)


def _identity_sequences(cursor: CursorWrapper, schema: str) -> dict[tuple[str, str], str]:
    """(table, column) -> name of its identity sequence, for every identity column in `schema`."""
    cursor.execute(
        """
        SELECT c.relname, a.attname, s.relname
          FROM pg_attribute a
          JOIN pg_class c ON c.oid = a.attrelid
          JOIN pg_depend d ON d.refobjid = c.oid AND d.refobjsubid = a.attnum AND d.deptype = 'i'
          JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
         WHERE c.relnamespace = %s::regnamespace AND a.attidentity <> '' AND NOT a.attisdropped
        """,
        [schema],
    )
    return {(table, column): sequence for table, column, sequence in cursor.fetchall()}


def _match_identity_sequences(
    cursor: CursorWrapper, source: str, target: str, source_sequences: dict[tuple[str, str], str]
) -> None:
    """Give the clone's identity sequences the source's names, types and positions.

    CREATE TABLE ... LIKE names a new identity sequence after the table, but a
    table renamed by a migration keeps its sequence under the old name. Names
    are swapped through temporary ones, since the name one sequence needs may
    be held by another until it moves.
    """
    src, dst = _quote(source), _quote(target)
    target_sequences = _identity_sequences(cursor, target)
    renames = [
        (target_sequences[key], name)
        for key, name in source_sequences.items()
        if target_sequences[key] != name
    ]
    statements = [
        f"ALTER SEQUENCE {dst}.{_quote(current)} RENAME TO {_quote(f'clone_tmp_seq_{i}')}"
        for i, (current, _name) in enumerate(renames)
    ]
    statements += [
        f"ALTER SEQUENCE {dst}.{_quote(f'clone_tmp_seq_{i}')} RENAME TO {_quote(name)}"
        for i, (_current, name) in enumerate(renames)
    ]
    # LIKE makes a bigint sequence for a column a migration widened; the source's kept its type.
    cursor.execute(
        "SELECT sequencename, data_type::text FROM pg_sequences WHERE schemaname = %s", [source]
    )
    source_types = dict(cursor.fetchall())
    statements += [
        f"ALTER SEQUENCE {dst}.{_quote(name)} AS {source_types[name]}"
        for name in source_sequences.values()
        if name in source_types
    ]
    statements += [
        f"SELECT setval('{dst}.{_quote(name)}', last_value, is_called) FROM {src}.{_quote(name)}"
        for name in source_sequences.values()
    ]
    if statements:
        cursor.execute(";\n".join(statements))
