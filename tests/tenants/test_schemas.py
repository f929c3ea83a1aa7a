"""Region schemas cloned from the template equal schemas built by migrations."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.backends.utils import CursorWrapper

from tenants.migration_executor import schemas_behind
from tenants.schemas import (
    _migrate,
    applied_migrations,
    clone_schema,
    create_region_schema,
    expected_migrations,
    template_is_current,
)

pytestmark = pytest.mark.django_db


def describe(schema: str) -> dict[str, list[tuple]]:
    """Everything that makes up a schema's structure, with the schema's name taken out."""
    queries = {
        "tables": "SELECT relname, relkind::text FROM pg_class WHERE relnamespace = %(ns)s::regnamespace"
                  " ORDER BY 1",
        "columns": """
            SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                   a.attidentity, a.attgenerated, coalesce(pg_get_expr(d.adbin, d.adrelid), ''),
                   -- the column's place among the live ones: a clone leaves out dropped columns
                   row_number() OVER (PARTITION BY c.oid ORDER BY a.attnum)
              FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
              LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
             WHERE c.relnamespace = %(ns)s::regnamespace AND a.attnum > 0 AND NOT a.attisdropped
             ORDER BY 1, 8""",
        "constraints": """
            SELECT c.relname, k.conname, k.contype::text, pg_get_constraintdef(k.oid),
                   k.condeferrable, k.condeferred
              FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
             WHERE c.relnamespace = %(ns)s::regnamespace ORDER BY 1, 2""",
        "indexes": "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = %(ns)s ORDER BY 1",
        "sequences": """
            SELECT sequencename, data_type::text, start_value, increment_by, min_value, max_value,
                   cycle, last_value FROM pg_sequences WHERE schemaname = %(ns)s ORDER BY 1""",
        "migrations": "SELECT app, name FROM {schema}.django_migrations ORDER BY 1, 2",
    }
    result = {}
    with connection.cursor() as cursor:
        # Constraint definitions name other tables relative to the search path.
        cursor.execute("SELECT set_config('search_path', %s, true)", [schema])
        for key, sql in queries.items():
            cursor.execute(sql.replace("{schema}", f'"{schema}"'), {"ns": schema})
            result[key] = [
                tuple(str(v).replace(schema, "<schema>") for v in row) for row in cursor.fetchall()
            ]
        cursor.execute("SELECT set_config('search_path', 'public', true)")
    return result


def test_template_is_kept_current_by_migrate() -> None:
    assert template_is_current()


def test_cloned_schema_is_identical_to_migrated_schema() -> None:
    clone_schema("region_template", "region_cmp_clone")
    with connection.cursor() as cursor:
        cursor.execute('CREATE SCHEMA "region_cmp_migrated"')
    _migrate("region_cmp_migrated", verbosity=0)

    cloned, migrated = describe("region_cmp_clone"), describe("region_cmp_migrated")

    assert cloned["tables"], "the clone is empty"
    assert ("accounts_user", "email") in {row[:2] for row in cloned["columns"]}
    assert any(row[2] == "f" for row in cloned["constraints"]), "no foreign keys were compared"
    for part in migrated:
        assert cloned[part] == migrated[part], part


def test_stale_template_falls_back_to_migrations() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM region_template.django_migrations WHERE app = 'accounts'"
        )
    assert not template_is_current()

    assert create_region_schema("region_cmp_stale") == "migrations"
    assert applied_migrations("region_cmp_stale") >= expected_migrations()
    assert ("accounts_user", "email") in {row[:2] for row in describe("region_cmp_stale")["columns"]}


def test_migrate_finds_only_the_schemas_behind() -> None:
    for schema in ("region_cmp_a", "region_cmp_b"):
        clone_schema("region_template", schema)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM region_cmp_b.django_migrations WHERE app = 'tenants'")
        cursor.execute('CREATE SCHEMA "region_cmp_empty"')

    assert schemas_behind(["region_cmp_a", "region_cmp_b", "region_cmp_empty"]) == [
        "region_cmp_b", "region_cmp_empty",
    ]


def sequence_owners(cursor: CursorWrapper, schema: str) -> list[tuple[str, str, int | None]]:
    """(sequence, table owning it, last value) for every identity sequence of `schema`."""
    cursor.execute(
        """
        SELECT seq.relname, tab.relname, ps.last_value
          FROM pg_class tab
          JOIN pg_depend d ON d.refobjid = tab.oid AND d.deptype = 'i'
          JOIN pg_class seq ON seq.oid = d.objid AND seq.relkind = 'S'
          JOIN pg_sequences ps ON ps.schemaname = %s AND ps.sequencename = seq.relname
         WHERE tab.relnamespace = %s::regnamespace
         ORDER BY 1
        """,
        [schema, schema],
    )
    return cursor.fetchall()


def test_clone_keeps_the_sequence_of_a_renamed_table() -> None:
    # What RenameModel leaves behind: the table's identity sequence keeps the
    # old table's name, and a new table may then take that old name.
    with connection.cursor() as cursor:
        cursor.execute(
            """
            CREATE SCHEMA region_cmp_src;
            CREATE TABLE region_cmp_src.lesson (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY);
            INSERT INTO region_cmp_src.lesson DEFAULT VALUES;
            INSERT INTO region_cmp_src.lesson DEFAULT VALUES;
            ALTER TABLE region_cmp_src.lesson RENAME TO session;
            CREATE TABLE region_cmp_src.lesson (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY);
            """
        )
        clone_schema("region_cmp_src", "region_cmp_dst")

        assert sequence_owners(cursor, "region_cmp_dst") == [
            ("lesson_id_seq", "session", 2), ("lesson_id_seq1", "lesson", None),
        ]
        assert sequence_owners(cursor, "region_cmp_dst") == sequence_owners(cursor, "region_cmp_src")
        cursor.execute("INSERT INTO region_cmp_dst.session DEFAULT VALUES RETURNING id")
        assert cursor.fetchone()[0] == 3
