"""Set-based SQL that writes the library into a region's catalogue.

The rows come from the public tables (release entries, item versions, items),
named from their models' `_meta`; the region's copy is written by
`catalogue.replica`, the interface the catalogue app owns. Callers run these
inside one transaction together with the region's bookkeeping rows.

A region's catalogue at sequence S must equal the *expected state at S*: for
every item carried by some release ≤ S, the entry of the latest such release
(its version, collections, and whether it is withdrawn). Applying releases one
by one, backfilling a new region, and repairing drift all converge on it.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Model

from catalogue import replica
from federation.models import EntryAction, ReleaseEntry
from shared_library.models import ItemVersion, LibraryItem

ApplyCounts = replica.Written


def _col(model: type[Model], alias: str, field: str) -> str:
    return f"{alias}.{model._meta.get_field(field).column}"


def _e(field: str) -> str:
    return _col(ReleaseEntry, "e", field)


def _v(field: str) -> str:
    return _col(ItemVersion, "v", field)


# Each column of the region's catalogue row, and how it comes from a release
# entry `e`, its version `v` and its item `i` (all public). Its keys must be
# exactly replica.columns() (a test checks that they do not drift apart).
SOURCE_COLUMNS: dict[str, str] = {
    "item_id": _e("item"),
    "version_id": _v("id"),
    "version_number": _v("number"),
    "kind": _col(LibraryItem, "i", "kind"),
    "title": _v("title"),
    "description": _v("description"),
    "subjects": _v("subjects"),
    "grades": _v("grades"),
    "topics": _v("topics"),
    "language": _v("language"),
    "author_organisation": _v("author_organisation"),
    "licence": _v("licence"),
    "manifest": _v("manifest"),
    "checksum": _v("checksum"),
    "collections": _e("collections"),
    "search_vector": _v("search_vector"),
    "sequence": _e("release"),
    "withdrawn": f"{_e('action')} = '{EntryAction.WITHDRAW.value}'",
    "withdrawn_reason": _e("withdrawn_reason"),
}


def _public(model: type[Model]) -> str:
    return f"public.{connection.ops.quote_name(model._meta.db_table)}"


def _select() -> str:
    return ", ".join(f"{SOURCE_COLUMNS[name]} AS {name}" for name in replica.columns())


def _source() -> str:
    return (
        f"{_public(ReleaseEntry)} e"
        f" JOIN {_public(ItemVersion)} v ON {_v('id')} = {_e('version')}"
        f" JOIN {_public(LibraryItem)} i ON {_col(LibraryItem, 'i', 'id')} = {_e('item')}"
    )


def release_rows_sql() -> str:
    """SELECT of release %s's catalogue rows, columns named and ordered as replica.columns()."""
    return f"SELECT {_select()} FROM {_source()} WHERE {_e('release')} = %s"


def apply_release(schema: str, sequence: int) -> ApplyCounts:
    """Write release `sequence` into `schema`'s catalogue: one statement, idempotent.

    A row already written by this or a later release is left alone, so applying
    twice is applying once.
    """
    return replica.write_newer(schema, release_rows_sql(), [sequence])


def _expected() -> str:
    """The expected state at a sequence (parameter %(seq)s): the latest entry per item up to it."""
    return (
        f"SELECT DISTINCT ON ({_e('item')}) {_select()} FROM {_source()}"
        f" WHERE {_e('release')} <= %(seq)s ORDER BY {_e('item')}, {_e('release')} DESC"
    )


def write_expected_state(schema: str, sequence: int) -> ApplyCounts:
    """Make `schema`'s catalogue equal the expected state at `sequence`. Idempotent.

    Used to backfill a new region (an empty catalogue) and to repair drift:
    only rows that differ are written, rows no release carries are deleted.
    Returns how many rows were inserted, rewritten and deleted (as `withdrawn`).
    """
    present = (f"SELECT {_e('item')} AS item_id FROM {_public(ReleaseEntry)} e"
               f" WHERE {_e('release')} <= %(seq)s")
    return replica.write_exactly(schema, _expected(), present, {"seq": sequence})


def catalogue_checksum(schema: str) -> str:
    """A fingerprint of what `schema`'s catalogue holds (row count and row hashes)."""
    return replica.checksum(schema)


def expected_checksum(sequence: int) -> str:
    """The fingerprint a catalogue at `sequence` must have."""
    with connection.cursor() as cursor:
        cursor.execute(replica.fingerprint_sql(_expected()), {"seq": sequence})
        return cursor.fetchone()[0]
