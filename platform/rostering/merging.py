"""What every merge step shares: flagging bad staged rows, resolving links, writing links.

A step works on one staging table with set-based statements in the import's
transaction. Each staged row ends with an `action`: create, change, archive, or
same / none (nothing to write); rows found wrong get `bad` and a RowError.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import UUID

from django.db import connection
from django.db.models import Model
from django.utils.translation import gettext as _

from rostering.bundle import RowError
from rostering.models import SourcedLink
from rostering.spec import FILES
from rostering.staging import UNCHANGED, staging_table

LINKS = SourcedLink._meta.db_table
ANALYZE_AFTER_ROWS = 1000


def table(model: type[Model]) -> str:
    return model._meta.db_table


def sequence(model: type[Model]) -> str:
    """The SQL that takes the next id of `model`'s table."""
    return f"nextval(pg_get_serial_sequence('{table(model)}', 'id'))"


def duplicate_message(sid: str, first: int) -> str:
    return _("The sourcedId “%(id)s” is used twice in this file (first on line %(first)s).") % {
        "id": sid, "first": first,
    }


def known(kind: str, sid_sql: str, extra: str = "") -> str:
    """SQL: an earlier step (or import) linked `sid_sql` of `kind`."""
    return f"EXISTS (SELECT 1 FROM {LINKS} l WHERE l.kind = '{kind}' AND l.sourced_id = {sid_sql}{extra})"


class Merge:
    """One import's merge: its errors, how many region rows it wrote, and SQL helpers."""

    def __init__(
        self, import_id: UUID, errors: list[RowError], *, modes: dict[str, str], today: date
    ) -> None:
        self.import_id = import_id
        self.errors = errors
        self.modes = modes
        self.today = today
        self.written = 0
        # Rows an earlier import brought that a bulk file no longer lists, archived per file.
        self.absent: dict[str, int] = {}

    def absent_from(self, name: str, kind: str) -> str:
        """SQL: link `l` (of `kind`) names a row bulk file `name` leaves out.

        Rows with errors count as listed: a mistake never archives anyone.
        """
        return (f"l.kind = '{kind}'"
                f" AND NOT EXISTS (SELECT 1 FROM {staging_table(name)} x WHERE x.sid = l.sourced_id)"
                f" AND NOT EXISTS (SELECT 1 FROM {UNCHANGED} x WHERE x.file = '{name}'"
                " AND x.sid = l.sourced_id)")

    def run(self, sql: str, params: Any = None) -> int:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.rowcount

    def write(self, sql: str, params: Any = None) -> int:
        """Run a statement that writes region rows; count them."""
        count = self.run(sql, params)
        self.written += max(count, 0)
        return count

    def flag(self, name: str, column: str, message: Callable[[str], str], condition: str,
             value: str = "s.sid", using: str = "") -> None:
        """Mark the staged rows of `name` matching `condition` bad, one error each.

        `value` is the SQL of the offending value, passed to `message`.
        """
        st = staging_table(name)
        using_sql = f" FROM {using}" if using else ""
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {st} s SET bad = true{using_sql} WHERE NOT s.bad AND ({condition})"
                f" RETURNING s.line, {value}"
            )
            rows = cursor.fetchall()
        file_name = FILES[name].file_name
        for line, bad_value in sorted(rows, key=lambda row: row[0]):
            self.errors.append(RowError(file_name, line, column, message(str(bad_value or ""))))

    def flag_duplicates(self, name: str, message: Callable[[str, int], str]) -> None:
        """A sourcedId given twice in one file: every line after the first is an error."""
        st = staging_table(name)
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {st} s SET bad = true FROM (SELECT line, sid, min(line) OVER (PARTITION BY sid)"
                f" AS first FROM {st}) d WHERE s.line = d.line AND d.line <> d.first"
                " RETURNING s.line, s.sid, d.first"
            )
            rows = cursor.fetchall()
        file_name = FILES[name].file_name
        for line, sid, first in sorted(rows):
            self.errors.append(RowError(file_name, line, "sourcedId", message(sid, first)))

    def drop_unchanged(self, name: str, kind: str, school: str) -> None:
        """Rows identical to the ones the last import applied leave the merge at once.

        They are counted as unchanged for the preview (with the school `school`,
        an SQL expression over staged row `s`, names), and nothing of them is
        merged again: a second import of the same bundle is little more than reading it.
        """
        self.run(
            f"WITH gone AS (DELETE FROM {staging_table(name)} s USING {LINKS} l WHERE l.kind = %s"
            " AND l.sourced_id = s.sid AND l.row_hash = s.row_hash AND NOT s.bad"
            f" RETURNING s.sid, {school} AS school) INSERT INTO {UNCHANGED} (file, sid, school)"
            " SELECT %s, sid, school FROM gone",
            [kind, name],
        )

    def resolve(self, name: str, kind: str) -> None:
        """Each staged row's region row, when an earlier import linked its sourcedId."""
        self.run(
            f"UPDATE {staging_table(name)} s SET target = l.object_id FROM {LINKS} l"
            " WHERE l.kind = %s AND l.sourced_id = s.sid AND NOT s.bad",
            [kind],
        )

    def skip_stale(self, name: str, kind: str) -> None:
        """Delta rows no newer than what an earlier import wrote change nothing."""
        self.run(
            f"UPDATE {staging_table(name)} s SET action = 'same' FROM {LINKS} l"
            " WHERE l.kind = %s AND l.sourced_id = s.sid AND NOT s.bad AND s.action IS NULL"
            " AND s.modified IS NOT NULL AND l.modified_at IS NOT NULL AND s.modified <= l.modified_at",
            [kind],
        )

    def link(self, name: str, kind: str, *, subject: str = "NULL", is_year: str = "false",
             role: str = "''", where: str = "true") -> None:
        """Keep each good staged row's sourcedId -> region row; unchanged links are not rewritten.

        After many new links the table's statistics are refreshed, so the
        next steps' joins on it are planned for its real size.
        """
        count = self.write(
            f"INSERT INTO {LINKS} (kind, sourced_id, object_id, subject_id, is_year, enrollment_role,"
            " modified_at, row_hash, created_by_import_id)"
            f" SELECT %s, s.sid, s.target, {subject}, {is_year}, {role}, s.modified, s.row_hash, %s"
            f" FROM {staging_table(name)} s WHERE NOT s.bad AND s.target IS NOT NULL AND ({where})"
            " ON CONFLICT (kind, sourced_id) DO UPDATE SET object_id = EXCLUDED.object_id,"
            " subject_id = EXCLUDED.subject_id, is_year = EXCLUDED.is_year,"
            " enrollment_role = EXCLUDED.enrollment_role, row_hash = EXCLUDED.row_hash,"
            f" modified_at = coalesce(EXCLUDED.modified_at, {LINKS}.modified_at)"
            f" WHERE ({LINKS}.object_id, {LINKS}.subject_id, {LINKS}.is_year, {LINKS}.enrollment_role,"
            f" {LINKS}.row_hash) IS DISTINCT FROM (EXCLUDED.object_id, EXCLUDED.subject_id, EXCLUDED.is_year,"
            f" EXCLUDED.enrollment_role, EXCLUDED.row_hash)"
            f" OR EXCLUDED.modified_at > coalesce({LINKS}.modified_at, '-infinity')",
            [kind, self.import_id],
        )
        if count > ANALYZE_AFTER_ROWS:
            self.run(f"ANALYZE {LINKS}")
