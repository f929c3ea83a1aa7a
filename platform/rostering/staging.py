"""Staging a bundle: each file's rows checked one by one and COPYed into a temporary table.

The tables live in the import's own transaction (ON COMMIT DROP), so a killed
worker leaves nothing behind. A row with a value that cannot be read (a bad
date, an unknown value, an empty required column) is reported and not staged.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime

from django.db import connection
from django.utils.translation import gettext as _

from rostering.bundle import Bundle, RowError
from rostering.spec import (
    CLASS_TYPES,
    ENROLLMENT_ROLES,
    FILES,
    ORG_TYPES,
    ROLE_TYPES,
    ROLES,
    SESSION_TYPES,
    STATUSES,
    TRUE_FALSE,
    FileSpec,
)

# Every staging table also has: line, sid, status, modified, and (filled by
# the merge) target, action, bad.
TABLES: dict[str, str] = {
    "orgs": "name text, type text, parent text",
    "academicSessions": "title text, type text, starts date, ends date, parent text",
    "courses": "title text, org text",
    "classes": "title text, class_type text, course text, school text, term text, grade int, letter text",
    "users": "enabled bool, full_name text, email text, agents text[]",
    "roles": "user_sid text, role_type text, role text, org text",
    "enrollments": "class text, school text, user_sid text, role text, is_primary bool, begins date, ends"
                   " date",
    "demographics": "birth date",
}
# Filled in by the merge, not by COPY.
DERIVED: dict[str, str] = {
    "academicSessions": ", year_id bigint, number int",
    "classes": ", school_id bigint, year_id bigint, subject_id bigint, group_id bigint",
    "users": ", role_code text, org text",
    "roles": ", user_id bigint, school_id bigint",
    "enrollments": ", kind text, group_id bigint, subject_id bigint, user_id bigint",
}
CLASS_NAME = re.compile(r"^\s*(\d{1,2})\s*[-\s]?\s*([^\d\s-][^\s-]{0,3})\s*$")


UNCHANGED = "roster_unchanged"


def staging_table(name: str) -> str:
    return f"roster_{name.lower()}"





class RowReader:
    """Reads one row's values, collecting an error per unreadable value."""

    def __init__(self, spec: FileSpec, line: int, row: dict[str, str], delta: bool) -> None:
        self.spec, self.line, self.row, self.delta = spec, line, row, delta
        self.errors: list[RowError] = []

    def error(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.spec.file_name, self.line, column, message))

    def text(self, column: str) -> str:
        value = self.row.get(column, "")
        if not value and (column in self.spec.required or (self.delta and column in ("status",))):
            self.error(column, _("A value is required."))
        return value

    def choice(self, column: str, choices: tuple[str, ...]) -> str:
        value = self.text(column)
        if value and value not in choices:
            self.error(
                column,
                _("Unknown value “%(value)s”; expected one of: %(choices)s.")
                % {"value": value, "choices": ", ".join(choices)},
            )
        return value

    def day(self, column: str) -> date | None:
        value = self.text(column)
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.error(column, _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": value})
            return None

    def flag(self, column: str) -> bool | None:
        value = self.choice(column, TRUE_FALSE)
        return None if not value else value == "true"

    def list(self, column: str) -> list[str]:
        return [v.strip() for v in self.text(column).split(",") if v.strip()]

    def head(self) -> tuple:
        """line, sourcedId, status, dateLastModified: the columns every file begins with."""
        sid = self.text("sourcedId")
        status = self.choice("status", STATUSES) if self.delta else (self.row.get("status") or "active")
        modified = None
        raw = self.row.get("dateLastModified", "")
        if raw:
            try:
                modified = datetime.fromisoformat(raw)
            except ValueError:
                message = _("“%(value)s” is not a date and time (ISO 8601).") % {"value": raw}
                self.error("dateLastModified", message)
            if modified is not None and modified.tzinfo is None:
                self.error("dateLastModified", _("Give the time zone, e.g. 2026-09-01T00:00:00Z."))
        elif self.delta:
            self.error("dateLastModified", _("A value is required."))
        return (self.line, sid, status or "active", modified)


def _orgs(r: RowReader) -> tuple:
    return (r.text("name"), r.choice("type", ORG_TYPES), r.text("parentSourcedId"))


def _sessions(r: RowReader) -> tuple:
    starts, ends = r.day("startDate"), r.day("endDate")
    if starts and ends and ends < starts:
        r.error("endDate", _("The session ends before it starts."))
    kind = r.choice("type", SESSION_TYPES)
    if kind and kind != "schoolYear" and not r.row.get("parentSourcedId"):
        r.error("parentSourcedId", _("A term needs the school year it belongs to."))
    return (r.text("title"), kind, starts, ends, r.text("parentSourcedId"))


def _courses(r: RowReader) -> tuple:
    return (r.text("title")[:100], r.text("orgSourcedId"))


def _classes(r: RowReader) -> tuple:
    kind = r.choice("classType", CLASS_TYPES)
    terms = r.list("termSourcedIds")
    code = r.row.get("classCode") or r.text("title")
    match = CLASS_NAME.match(code)
    grade, letter = (int(match.group(1)), match.group(2).upper()) if match else (None, None)
    grades = r.list("grades")
    if grades and grades[0].isdigit():
        grade = int(grades[0])
    if grade is None or letter is None or not 1 <= grade <= 11:
        column = "classCode" if r.row.get("classCode") else "title"
        message = _("“%(value)s” does not name a class such as 5А (grade 1–11 and a letter).")
        r.error(column, message % {"value": code})
    return (r.text("title"), kind, r.text("courseSourcedId"), r.text("schoolSourcedId"),
            terms[0] if terms else "", grade, letter)


def _users(r: RowReader) -> tuple:
    enabled = r.flag("enabledUser")
    r.text("username")
    # "-" stands for a name part a person does not have (OneRoster requires both names).
    parts = (r.text("familyName"), r.text("givenName"), r.row.get("middleName", ""))
    name = " ".join(v for v in parts if v and v != "-")
    return (enabled, name[:300], r.row.get("email", "").lower(), r.list("agentSourcedIds"))


def _roles(r: RowReader) -> tuple:
    r.day("beginDate"), r.day("endDate")
    return (r.text("userSourcedId"), r.choice("roleType", ROLE_TYPES), r.choice("role", ROLES),
            r.text("orgSourcedId"))


def _enrollments(r: RowReader) -> tuple:
    begins, ends = r.day("beginDate"), r.day("endDate")
    if begins and ends and ends < begins:
        r.error("endDate", _("The enrolment ends before it begins."))
    primary = r.row.get("primary", "")
    if primary and primary not in TRUE_FALSE:
        r.error("primary", _("Unknown value “%(value)s”; expected one of: %(choices)s.")
                % {"value": primary, "choices": "true, false"})
    return (r.text("classSourcedId"), r.text("schoolSourcedId"), r.text("userSourcedId"),
            r.choice("role", ENROLLMENT_ROLES), primary == "true", begins, ends)


def _demographics(r: RowReader) -> tuple:
    return (r.day("birthDate"),)


READERS: dict[str, Callable[[RowReader], tuple]] = {
    "orgs": _orgs, "academicSessions": _sessions, "courses": _courses, "classes": _classes,
    "users": _users, "roles": _roles, "enrollments": _enrollments, "demographics": _demographics,
}


def create_tables() -> None:
    """The empty staging tables, dropped when the import's transaction ends.

    Inside an outer transaction (a script or test running several imports)
    the previous import's tables are still there: they go first.
    """
    with connection.cursor() as cursor:
        for name, columns in TABLES.items():
            cursor.execute(f"DROP TABLE IF EXISTS {staging_table(name)}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {staging_table(name)} (line int, sid text, status text,"
                f" modified timestamptz, row_hash bigint, {columns}{DERIVED.get(name, '')}, target bigint,"
                " action text, bad bool NOT NULL DEFAULT false) ON COMMIT DROP"
            )
        cursor.execute(f"DROP TABLE IF EXISTS {UNCHANGED}")
        cursor.execute(f"CREATE TEMPORARY TABLE {UNCHANGED} (file text, sid text, school text)"
                       " ON COMMIT DROP")
        cursor.execute(f"CREATE INDEX ON {UNCHANGED} (sid)")


def stage_file(
    bundle: Bundle, name: str, errors: list[RowError], on_bytes: Callable[[int], None],
    on_row: Callable[[], None],
) -> None:
    """COPY `name`'s readable rows into its staging table; errors go to `errors`."""
    spec, read = FILES[name], READERS[name]
    delta = bundle.mode(name) == "delta"
    own = [column.split()[0] for column in TABLES[name].split(", ")]
    columns = ["line", "sid", "status", "modified", "row_hash", *own]
    raw = connection.connection
    with raw.cursor() as cursor, cursor.copy(
        f"COPY {staging_table(name)} ({', '.join(columns)}) FROM STDIN"
    ) as copy:
        for line, row, fingerprint in bundle.rows(spec, errors, on_bytes):
            reader = RowReader(spec, line, row, delta)
            values = (*reader.head(), fingerprint, *read(reader))
            on_row()
            if reader.errors:
                errors.extend(reader.errors)
                continue
            copy.write_row(values)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE INDEX ON {staging_table(name)} (sid)")
        if name == "roles":
            cursor.execute(f"CREATE INDEX ON {staging_table(name)} (user_sid)")
        cursor.execute(f"ANALYZE {staging_table(name)}")
