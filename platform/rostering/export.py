"""Writing a region's roster as a OneRoster 1.2 CSV bundle. Region schema, read-only.

Rows keep the sourcedId an import gave them; rows made in the region get one
from their id (`user-17`). The bundle imports back into an empty region as the
same schools, years, subjects, class groups, people, staff, enrolments,
teaching and parents. Rows are streamed from server-side cursors into the zip:
memory stays flat in the region's size.

What OneRoster cannot carry is left out: region administrators (appointed in
the region's settings, never imported), the periods of a year's second scheme
(senior grades' halves), holidays.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from django.db import connection, transaction

from academics.models import AcademicYear, Period
from accounts.models import Role, User
from rostering.gradebook import FILES as GRADEBOOK_FILES
from rostering.gradebook import write_gradebook
from rostering.merging import LINKS, table
from rostering.spec import EXPORT_ROLE, FILES, ONEROSTER_VERSION, ROSTER_FILES
from rostering.spec import GRADEBOOK_FILES as GRADEBOOK_SPECS
from rostering.writing import sid, write_csv
from schools.models import (
    ClassGroup,
    Enrolment,
    Guardianship,
    School,
    StaffMembership,
    Subject,
    TeachingAssignment,
)
from tenants.context import require_region
from tenants.models import Region

EXPORTED = ("orgs", "academicSessions", "courses", "classes", "users", "roles", "enrollments")


def region_org_sid(region: Region) -> str:
    """The region's own (state) org: the one an import brought, else `region-<code>`."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT min(sourced_id) FROM {LINKS} WHERE kind = 'org' AND object_id = 0")
        found = cursor.fetchone()[0]
    return found or f"region-{region.code}"


def _class_name(alias: str) -> str:
    return f"({alias}.grade || {alias}.letter)"


def _queries() -> dict[str, str]:
    schools, years, periods = table(School), table(AcademicYear), table(Period)
    subjects, groups, users = table(Subject), table(ClassGroup), table(User)
    staff, enrolments, assignments = table(StaffMembership), table(Enrolment), table(TeachingAssignment)
    guardians = table(Guardianship)
    school_sid = sid("org", "s.id", "org")
    year_sid = sid("session", "y.id", "session-year", " AND l.is_year")
    group_sid = sid("class", "g.id", "class", " AND l.subject_id IS NULL")
    scheduled_sid = sid("class", "a.class_group_id", "class", " AND l.subject_id = a.subject_id")
    scheduled_sid = scheduled_sid.replace("'class-' || a.class_group_id",
                                          "'class-' || a.class_group_id || '-' || a.subject_id")
    course_sid = sid("course", "c.id", "course")
    user_sid = sid("user", "u.id", "user")
    pupil_sid = sid("enrollment", "e.id", "enrollment", " AND l.enrollment_role = 'pupil'")
    teacher_sid = sid("enrollment", "a.id", "enrollment-teacher", " AND l.enrollment_role = 'assignment'")
    class_teacher_sid = sid("enrollment", "g.id", "enrollment-class-teacher", " AND l.enrollment_role ="
                                                                              " 'class_teacher'")
    people = f"u.role <> '{Role.REGION_ADMIN}'"
    export_role = "CASE u.role " + " ".join(
        f"WHEN '{ours}' THEN '{theirs}'" for ours, theirs in EXPORT_ROLE.items()
    ) + " END"
    homeroom_course = (f"(SELECT {course_sid} FROM {subjects} c"
                       " WHERE c.id = coalesce((SELECT min(a.subject_id)"
                       f" FROM {assignments} a"
                       f" WHERE a.class_group_id = g.id), (SELECT min(id) FROM {subjects})))")
    return {
        "orgs": (
            f"SELECT %(org)s, '', '', %(name)s, 'state', %(code)s, '' UNION ALL"
            f" (SELECT {school_sid}, '', '', s.name, 'school', '', %(org)s FROM {schools} s ORDER BY s.id)"
        ),
        "academicSessions": (
            f"(SELECT {year_sid}, '', '', y.name, 'schoolYear', y.starts_on::text, y.ends_on::text, '',"
            f" extract(year FROM y.ends_on)::int::text FROM {years} y ORDER BY y.starts_on)"
            f" UNION ALL (SELECT {sid('session', 'p.id', 'session', ' AND NOT l.is_year')}, '', '', p.name,"
            " CASE WHEN y.period_scheme = 'halves' THEN 'semester' ELSE 'term' END, p.starts_on::text,"
            f" p.ends_on::text, {year_sid}, extract(year FROM y.ends_on)::int::text FROM {periods} p"
            f" JOIN {years} y ON y.id = p.academic_year_id AND p.scheme = y.period_scheme ORDER BY"
            " y.starts_on, p.number)"
        ),
        "courses": (
            f"SELECT {course_sid}, '', '', '', c.name, '', '', %(org)s, '', ''"
            f" FROM {subjects} c ORDER BY c.id"
        ),
        "classes": (
            f"(SELECT {group_sid}, '', '', {_class_name('g')}, lpad(g.grade::text, 2, '0'),"
            f" {homeroom_course},"
            f" {_class_name('g')}, 'homeroom', '', {sid('org', 'g.school_id', 'org')},"
            f" {year_sid.replace('y.id', 'g.academic_year_id')}, '', '', '' FROM {groups} g ORDER BY g.id)"
            f" UNION ALL (SELECT DISTINCT ON (a.class_group_id, a.subject_id) {scheduled_sid}, '', '',"
            f" {_class_name('g')} || ' ' || c.name, lpad(g.grade::text, 2, '0'),"
            f" {course_sid}, {_class_name('g')}, 'scheduled', '', {sid('org', 'g.school_id', 'org')},"
            f" {year_sid.replace('y.id', 'g.academic_year_id')}, '', '', '' FROM {assignments} a"
            f" JOIN {groups} g ON g.id = a.class_group_id JOIN {subjects} c ON c.id = a.subject_id"
            " ORDER BY a.class_group_id, a.subject_id)"
        ),
        "users": (
            f"SELECT {user_sid}, '', '', CASE WHEN u.is_active THEN 'true' ELSE 'false' END, u.email, '',"
            " coalesce(nullif(split_part(u.full_name, ' ', 2), ''), '-'),"
            " coalesce(nullif(split_part(u.full_name,"
            " ' ', 1), ''), '-'), substr(u.full_name, length(split_part(u.full_name, ' ', 1))"
            " + length(split_part(u.full_name, ' ', 2)) + 3), '',"
            " CASE WHEN u.email LIKE '%%@roster.invalid' THEN '' ELSE u.email END, '', '',"
            f" coalesce((SELECT string_agg({sid('user', 'k.id', 'user')}, ','"
            f" ORDER BY k.id) FROM {guardians} x"
            f" JOIN {users} k ON k.id = CASE WHEN x.parent_id = u.id THEN x.child_id ELSE x.parent_id END"
            " WHERE x.parent_id = u.id OR x.child_id = u.id), ''),"
            " '', '', '', '', '', '', '', '', '' FROM " + users + f" u WHERE {people} ORDER BY u.id"
        ),
        "roles": (
            # Staff: a role at each school they work at; others: one role at their school (pupils:
            # their latest enrolment's) or the region.
            f"SELECT 'role-' || u.id || '-' || coalesce(t.school_id::text, 'region'), '', '', {user_sid},"
            " CASE WHEN row_number() OVER (PARTITION BY u.id ORDER BY t.school_id) = 1 THEN 'primary'"
            f" ELSE 'secondary' END, {export_role}, '', '',"
            f" CASE WHEN t.school_id IS NULL THEN %(org)s ELSE {sid('org', 't.school_id', 'org')} END, ''"
            f" FROM {users} u LEFT JOIN LATERAL (SELECT m.school_id FROM {staff} m WHERE m.user_id = u.id"
            f" UNION SELECT (SELECT g.school_id FROM {enrolments} e JOIN {groups} g"
            " ON g.id = e.class_group_id"
            f" WHERE e.pupil_id = u.id ORDER BY e.starts_on DESC, e.id DESC LIMIT 1)"
            f" WHERE u.role = '{Role.PUPIL}') t ON true WHERE {people} ORDER BY u.id, t.school_id"
        ),
        "enrollments": (
            f"(SELECT {pupil_sid}, '', '',"
            f" {group_sid.replace('g.id', 'e.class_group_id')}, {sid('org', 'g.school_id', 'org')},"
            f" {sid('user', 'e.pupil_id', 'user')}, 'student', '', e.starts_on::text,"
            " coalesce(e.ends_on::text, '')"
            f" FROM {enrolments} e JOIN {groups} g ON g.id = e.class_group_id ORDER BY e.id)"
            f" UNION ALL (SELECT {teacher_sid},"
            f" '', '', {scheduled_sid}, {sid('org', 'g.school_id', 'org')},"
            f" {sid('user', 'a.teacher_id', 'user')},"
            f" 'teacher', 'true', '', '' FROM {assignments} a JOIN {groups} g"
            " ON g.id = a.class_group_id ORDER BY a.id)"
            f" UNION ALL (SELECT {class_teacher_sid},"
            f" '', '', {group_sid}, {sid('org', 'g.school_id', 'org')},"
            f" {sid('user', 'g.class_teacher_id', 'user')},"
            f" 'teacher', 'true', '', '' FROM {groups} g WHERE g.class_teacher_id IS NOT NULL ORDER BY g.id)"
        ),
    }


@contextmanager
def snapshot() -> Iterator[None]:
    """A read-only transaction in which every query sees the same moment (repeatable read)."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def write_roster(
    archive: zipfile.ZipFile, *, region: Region, period: Period | None = None, folder: str = ""
) -> dict[str, int]:
    """Write the roster bundle's files (under `folder`) into an open archive; return rows per file."""
    counts: dict[str, int] = {}
    org = region_org_sid(region)
    queries = _queries()
    params = {"org": org, "name": region.name, "code": region.code}
    written = EXPORTED + (GRADEBOOK_FILES if period is not None else ())
    manifest = [("manifest.version", "1.0"), ("oneroster.version", ONEROSTER_VERSION)] + [
        (f"file.{spec.name}", "bulk" if spec.name in written else "absent")
        for spec in ROSTER_FILES + GRADEBOOK_SPECS
    ]
    lines = "".join(f"{key},{value}\n" for key, value in manifest)
    archive.writestr(f"{folder}manifest.csv", "propertyName,value\n" + lines)
    for name in EXPORTED:
        spec = FILES[name]
        counts[name] = write_csv(archive, folder + spec.file_name, spec.columns, queries[name], params)
    if period is not None:
        counts.update(write_gradebook(archive, period=period, folder=folder))
    return counts


def export_roster(*, region: Region, out: Path | IO[bytes], period: Period | None = None) -> dict[str, int]:
    """Write `region`'s roster to the zip `out` as a OneRoster 1.2 bulk bundle; return rows per file.

    With `period`, the bundle also carries that period's marks as gradebook
    files (rostering.gradebook). Read in one repeatable-read snapshot, so the
    files agree with each other.
    """
    require_region(region)
    with snapshot(), zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        return write_roster(archive, region=region, period=period)
