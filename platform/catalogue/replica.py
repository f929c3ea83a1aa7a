"""The region's copy of the library as the sync layer writes it: the interface `catalogue` owns.

The federation hands over rows as SQL (a SELECT whose columns are named after
`columns()`) and this module writes them into one region's `CatalogueItem`
table, by schema name and set-based. Table and column names come from the
model's `_meta`; nothing else in a region is touched. `structure_differences`
and `restore_structure` compare the tables, keys and indexes a write relies on
with the template schema that every region is cloned from.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

from catalogue.models import CatalogueItem, Material

# The fields whose values a region must hold identically (its rows' fingerprint).
_FINGERPRINT_FIELDS = ("item_id", "version_id", "checksum", "withdrawn", "collections")


@dataclass(frozen=True)
class Written:
    added: int
    changed: int
    withdrawn: int


def columns() -> list[str]:
    """The catalogue row's columns, in model order: what a row source must select."""
    return [field.column for field in CatalogueItem._meta.concrete_fields]


def _column(name: str) -> str:
    return CatalogueItem._meta.get_field(name).column


def _key() -> str:
    return CatalogueItem._meta.pk.column


def item_table(schema: str) -> str:
    """The region's catalogue table, qualified and quoted."""
    return f"{connection.ops.quote_name(schema)}.{connection.ops.quote_name(CatalogueItem._meta.db_table)}"


def material_table(schema: str) -> str:
    """The region's table of materials given on lessons and homework, qualified and quoted."""
    return f"{connection.ops.quote_name(schema)}.{connection.ops.quote_name(Material._meta.db_table)}"


def _updates(only: list[str]) -> str:
    return ", ".join(f"{name} = EXCLUDED.{name}" for name in only)


def write_newer(schema: str, rows_sql: str, params: list | dict) -> Written:
    """Insert the rows of `rows_sql`, and overwrite a held row only if the new one's sequence is later.

    One statement, idempotent. Counts rows added, changed and (among those written) withdrawn.
    """
    names = columns()
    key, sequence, withdrawn = _key(), _column("sequence"), _column("withdrawn")
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH written AS (
                INSERT INTO {item_table(schema)} AS c ({", ".join(names)})
                {rows_sql}
                ON CONFLICT ({key}) DO UPDATE SET {_updates([n for n in names if n != key])}
                WHERE c.{sequence} < EXCLUDED.{sequence}
                RETURNING (xmax = 0) AS inserted, {withdrawn} AS withdrawn
            )
            SELECT count(*) FILTER (WHERE inserted AND NOT withdrawn),
                   count(*) FILTER (WHERE NOT inserted AND NOT withdrawn),
                   count(*) FILTER (WHERE withdrawn)
            FROM written
            """,
            params,
        )
        return Written(*cursor.fetchone())


def write_exactly(schema: str, rows_sql: str, present_sql: str, params: list | dict) -> Written:
    """Make the catalogue hold exactly the rows of `rows_sql`: write only rows that differ,
    delete rows whose item `present_sql` (one column of item ids) does not list.

    Returns rows inserted (`added`), rewritten (`changed`) and deleted (`withdrawn`).
    """
    names = columns()
    key = _key()
    differs = " OR ".join(f"c.{n} IS DISTINCT FROM EXCLUDED.{n}" for n in names if n != key)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH written AS (
                INSERT INTO {item_table(schema)} AS c ({", ".join(names)})
                {rows_sql}
                ON CONFLICT ({key}) DO UPDATE SET {_updates([n for n in names if n != key])}
                WHERE {differs}
                RETURNING (xmax = 0) AS inserted
            )
            SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM written
            """,
            params,
        )
        inserted, rewritten = cursor.fetchone()
        cursor.execute(
            f"DELETE FROM {item_table(schema)} c WHERE NOT EXISTS"
            f" (SELECT 1 FROM ({present_sql}) p WHERE p.item_id = c.{key})",
            params,
        )
        return Written(inserted, rewritten, cursor.rowcount)


def fingerprint_sql(rows_sql: str) -> str:
    """SQL giving `count:sum of row hashes` of the rows of `rows_sql` (catalogue-named columns)."""
    fields = ", ".join(f"x.{_column(name)}" + ("::text" if name == "collections" else "")
                       for name in _FINGERPRINT_FIELDS)
    row_hash = f"('x' || substr(md5(concat_ws('|', {fields})), 1, 16))::bit(64)::bigint"
    return f"SELECT count(*) || ':' || coalesce(sum({row_hash}), 0) FROM ({rows_sql}) x"


def checksum(schema: str) -> str:
    """A fingerprint of what `schema`'s catalogue holds (row count and row hashes)."""
    with connection.cursor() as cursor:
        cursor.execute(fingerprint_sql(f"SELECT * FROM {item_table(schema)}"))
        return cursor.fetchone()[0]


# --- Structure: what the writes rely on, compared with the template schema ---

def _tables() -> list[str]:
    return [CatalogueItem._meta.db_table]


def _structure(schema: str) -> dict[str, set[str]]:
    """{table: its columns, constraints and indexes, described without schema or names}."""
    found: dict[str, set[str]] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname, 'column ' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
                   || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            WHERE n.nspname = %(schema)s AND c.relname = ANY(%(tables)s)
            UNION ALL
            SELECT c.relname, 'constraint ' || k.conname || ' ' || pg_get_constraintdef(k.oid)
            FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = %(schema)s AND c.relname = ANY(%(tables)s)
            UNION ALL
            SELECT c.relname, 'index ' || i.relname || ' '
                   || regexp_replace(pg_get_indexdef(i.oid), '^.* USING ', 'USING ')
            FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
            JOIN pg_class c ON c.oid = x.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = %(schema)s AND c.relname = ANY(%(tables)s)
            """,
            {"schema": schema, "tables": _tables()},
        )
        for table, part in cursor.fetchall():
            found.setdefault(table, set()).add(part)
    return found


def structure_differences(schema: str, template: str) -> list[str]:
    """What `schema`'s catalogue tables lack or have beyond `template`'s, one line each; [] when equal."""
    expected, found = _structure(template), _structure(schema)
    problems: list[str] = []
    for table in _tables():
        if table not in found:
            problems.append(f"table {table} is missing")
            continue
        wanted = expected.get(table, set())
        problems += [f"{table}: missing {part}" for part in sorted(wanted - found[table])]
        problems += [f"{table}: unexpected {part}" for part in sorted(found[table] - wanted)]
    return problems


def restore_structure(schema: str, template: str) -> list[str]:
    """Give `schema`'s catalogue tables the template's keys and indexes back. A missing table is
    renamed back if it is still there under another name (it keeps the template's index names),
    else recreated empty (the caller rewrites its rows). Returns what was done, one line each.

    Columns are not altered: a column that differs is reported by
    `structure_differences` and left to an operator.
    """
    done: list[str] = []
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in _tables():
            target = f"{qn(schema)}.{qn(table)}"
            if table not in _structure(schema):
                done.append(_recreate(cursor, schema, template, table))
            cursor.execute(
                """
                SELECT k.conname, pg_get_constraintdef(k.oid) FROM pg_constraint k
                JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = %s AND c.relname = %s AND k.conname NOT IN (
                    SELECT k2.conname FROM pg_constraint k2 JOIN pg_class c2 ON c2.oid = k2.conrelid
                    JOIN pg_namespace n2 ON n2.oid = c2.relnamespace
                    WHERE n2.nspname = %s AND c2.relname = %s)
                """,
                [template, table, schema, table],
            )
            for name, definition in cursor.fetchall():
                cursor.execute(f"ALTER TABLE {target} ADD CONSTRAINT {qn(name)} {definition}")
                done.append(f"{table}: constraint {name} restored")
            cursor.execute(
                """
                SELECT i.relname, x.indisunique,
                       regexp_replace(pg_get_indexdef(i.oid), '^.* USING ', 'USING ')
                FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
                JOIN pg_class c ON c.oid = x.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = %s AND c.relname = %s AND NOT EXISTS (
                    SELECT 1 FROM pg_class i2 JOIN pg_namespace n2 ON n2.oid = i2.relnamespace
                    WHERE n2.nspname = %s AND i2.relname = i.relname)
                """,
                [template, table, schema],
            )
            for name, unique, definition in cursor.fetchall():
                kind = "UNIQUE INDEX" if unique else "INDEX"
                cursor.execute(f"CREATE {kind} {qn(name)} ON {target} {definition}")
                done.append(f"{table}: index {name} restored")
    return done


def _recreate(cursor: object, schema: str, template: str, table: str) -> str:
    """Bring back a missing table: its renamed self, or an empty copy of the template's columns."""
    qn = connection.ops.quote_name
    cursor.execute(
        """
        SELECT DISTINCT c.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
        JOIN pg_class c ON c.oid = x.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = %s AND i.relname IN (
            SELECT i2.relname FROM pg_index x2 JOIN pg_class i2 ON i2.oid = x2.indexrelid
            JOIN pg_class c2 ON c2.oid = x2.indrelid JOIN pg_namespace n2 ON n2.oid = c2.relnamespace
            WHERE n2.nspname = %s AND c2.relname = %s)
        """,
        [schema, template, table],
    )
    renamed = [name for (name,) in cursor.fetchall()]
    if len(renamed) == 1:
        cursor.execute(f"ALTER TABLE {qn(schema)}.{qn(renamed[0])} RENAME TO {qn(table)}")
        return f"table {table} renamed back from {renamed[0]}"
    cursor.execute(f"CREATE TABLE {qn(schema)}.{qn(table)}"
                   f" (LIKE {qn(template)}.{qn(table)} INCLUDING DEFAULTS INCLUDING GENERATED)")
    return f"table {table} recreated empty"
