"""Set-based SQL that writes the library into a region's catalogue.

Every statement here names the region's schema explicitly and reads the public
tables by their qualified names, whatever `search_path` is active. Callers run
them inside one transaction together with the region's bookkeeping rows.

A region's catalogue at sequence S must equal the *expected state at S*: for
every item carried by some release ≤ S, the entry of the latest such release
(its version, collections, and whether it is withdrawn). Applying releases one
by one, backfilling a new region, and repairing drift all converge on it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

CATALOGUE = "catalogue_catalogueitem"

# Columns of the region's catalogue row, and how each comes from a release
# entry `e`, its version `v` and its item `i` (all public).
_COLUMNS: dict[str, str] = {
    "item_id": "e.item_id",
    "version_id": "v.id",
    "version_number": "v.number",
    "kind": "i.kind",
    "title": "v.title",
    "description": "v.description",
    "subjects": "v.subjects",
    "grades": "v.grades",
    "topics": "v.topics",
    "language": "v.language",
    "author_organisation": "v.author_organisation",
    "licence": "v.licence",
    "manifest": "v.manifest",
    "checksum": "v.checksum",
    "collections": "e.collections",
    "search_vector": "v.search_vector",
    "sequence": "e.release_id",
    "withdrawn": "e.action = 'withdraw'",
    "withdrawn_reason": "e.withdrawn_reason",
}
_INSERT_COLUMNS = ", ".join(_COLUMNS)
_SELECT_COLUMNS = ", ".join(f"{expr} AS {name}" for name, expr in _COLUMNS.items())
_UPDATE_COLUMNS = ", ".join(f"{name} = EXCLUDED.{name}" for name in _COLUMNS if name != "item_id")
_SOURCE = (
    "public.federation_releaseentry e"
    " JOIN public.shared_library_itemversion v ON v.id = e.version_id"
    " JOIN public.shared_library_libraryitem i ON i.id = e.item_id"
)

# One row's fingerprint: everything a region must hold identically.
_ROW_HASH = (
    "('x' || substr(md5(concat_ws('|', {t}.item_id, {t}.version_id, {t}.checksum,"
    " {t}.withdrawn, {t}.collections::text)), 1, 16))::bit(64)::bigint"
)


@dataclass(frozen=True)
class ApplyCounts:
    added: int
    changed: int
    withdrawn: int


def _table(schema: str) -> str:
    return f"{connection.ops.quote_name(schema)}.{CATALOGUE}"


def apply_release(schema: str, sequence: int) -> ApplyCounts:
    """Write release `sequence` into `schema`'s catalogue: one statement, idempotent.

    A row already written by this or a later release is left alone, so applying
    twice is applying once.
    """
    table = _table(schema)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH written AS (
                INSERT INTO {table} AS c ({_INSERT_COLUMNS})
                SELECT {_SELECT_COLUMNS} FROM {_SOURCE} WHERE e.release_id = %s
                ON CONFLICT (item_id) DO UPDATE SET {_UPDATE_COLUMNS}
                WHERE c.sequence < EXCLUDED.sequence
                RETURNING (xmax = 0) AS inserted, withdrawn
            )
            SELECT count(*) FILTER (WHERE inserted AND NOT withdrawn),
                   count(*) FILTER (WHERE NOT inserted AND NOT withdrawn),
                   count(*) FILTER (WHERE withdrawn)
            FROM written
            """,
            [sequence],
        )
        added, changed, withdrawn = cursor.fetchone()
    return ApplyCounts(added, changed, withdrawn)


def _expected(sequence_param: str = "%s") -> str:
    """The expected state at a sequence: the latest entry per item up to it."""
    return (
        f"SELECT DISTINCT ON (e.item_id) {_SELECT_COLUMNS} FROM {_SOURCE}"
        f" WHERE e.release_id <= {sequence_param} ORDER BY e.item_id, e.release_id DESC"
    )


def write_expected_state(schema: str, sequence: int) -> ApplyCounts:
    """Make `schema`'s catalogue equal the expected state at `sequence`. Idempotent.

    Used to backfill a new region (an empty catalogue) and to repair drift:
    only rows that differ are written, rows no release carries are deleted.
    Returns how many rows were inserted, rewritten and deleted (as `withdrawn`).
    """
    table = _table(schema)
    differs = " OR ".join(
        f"c.{name} IS DISTINCT FROM EXCLUDED.{name}" for name in _COLUMNS if name != "item_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH written AS (
                INSERT INTO {table} AS c ({_INSERT_COLUMNS})
                {_expected()}
                ON CONFLICT (item_id) DO UPDATE SET {_UPDATE_COLUMNS} WHERE {differs}
                RETURNING (xmax = 0) AS inserted
            )
            SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM written
            """,
            [sequence],
        )
        inserted, rewritten = cursor.fetchone()
        cursor.execute(
            f"""
            DELETE FROM {table} c WHERE NOT EXISTS (
                SELECT 1 FROM public.federation_releaseentry e
                WHERE e.item_id = c.item_id AND e.release_id <= %s)
            """,
            [sequence],
        )
        deleted = cursor.rowcount
    return ApplyCounts(inserted, rewritten, deleted)


def catalogue_checksum(schema: str) -> str:
    """A fingerprint of what `schema`'s catalogue holds (row count and row hashes)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*), coalesce(sum({_ROW_HASH.format(t='c')}), 0) FROM {_table(schema)} c"
        )
        count, total = cursor.fetchone()
    return f"{count}:{total}"


def expected_checksum(sequence: int) -> str:
    """The fingerprint a catalogue at `sequence` must have."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*), coalesce(sum({_ROW_HASH.format(t='x')}), 0) FROM ({_expected()}) x",
            [sequence],
        )
        count, total = cursor.fetchone()
    return f"{count}:{total}"
