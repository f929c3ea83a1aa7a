"""Merging a bundle's structure: orgs -> schools, sessions -> years and periods, courses -> subjects,
classes -> class groups. Region schema, inside the import's transaction; set-based.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from academics.models import AcademicYear, GradingScale, Period
from rostering.merging import LINKS, Merge, duplicate_message, known, sequence, table
from rostering.spec import SCHEME_BY_TERMS
from rostering.staging import staging_table
from schools.models import ClassGroup, Enrolment, School, Subject


def merge_orgs(m: Merge) -> None:
    """Schools become School rows; a district or state org is the region itself (linked to 0)."""
    st, schools = staging_table("orgs"), table(School)
    m.flag_duplicates("orgs", duplicate_message)
    m.resolve("orgs", "org")
    m.flag("orgs", "status", lambda sid: _("A school is not removed by an import; close it in the console."),
           "s.status = 'tobedeleted' AND s.type = 'school'")
    m.run(f"UPDATE {st} SET target = 0, action = 'same' WHERE NOT bad AND type <> 'school'")
    m.skip_stale("orgs", "org")
    m.run(f"UPDATE {st} SET target = {sequence(School)}, action = 'create'"
          " WHERE NOT bad AND target IS NULL AND action IS NULL")
    m.write(f"INSERT INTO {schools} (id, name, short_name, address, created_at)"
            f" SELECT target, left(name, 300), '', '', now() FROM {st} WHERE action = 'create'")
    m.run(f"UPDATE {st} s SET action = 'change' FROM {schools} t WHERE t.id = s.target AND s.action IS NULL"
          " AND NOT s.bad AND t.name IS DISTINCT FROM left(s.name, 300)")
    m.write(f"UPDATE {schools} t SET name = left(s.name, 300) FROM {st} s"
            " WHERE s.action = 'change' AND t.id = s.target")
    m.link("orgs", "org")


def merge_sessions(m: Merge) -> None:
    """School years become AcademicYear rows; their terms, numbered by start date, the years' periods.

    A year's period scheme follows its number of terms (4 quarters, 3
    trimesters, 2 halves). A year or term already in the region under the same
    name (year) or number (term) is taken over rather than duplicated.
    """
    st, years, periods = staging_table("academicSessions"), table(AcademicYear), table(Period)
    m.flag_duplicates("academicSessions", duplicate_message)
    m.resolve("academicSessions", "session")
    m.flag("academicSessions", "status",
           lambda sid: _("An academic session is not removed by an import."), "s.status = 'tobedeleted'")
    m.flag("academicSessions", "title", lambda title: _("The school year “%(title)s” is given twice.") % {
        "title": title}, "d.line = s.line AND d.line <> d.first", "s.title",
           using=f"(SELECT line, min(line) OVER (PARTITION BY left(title, 20)) AS first FROM {st}"
                 " WHERE type = 'schoolYear' AND NOT bad) d")
    m.skip_stale("academicSessions", "session")
    # Years.
    m.run(f"UPDATE {st} s SET target = y.id FROM {years} y WHERE s.type = 'schoolYear' AND NOT s.bad"
          " AND s.target IS NULL AND y.name = left(s.title, 20)")
    scheme = " ".join(f"WHEN {n} THEN '{name}'" for n, name in SCHEME_BY_TERMS.items())
    m.run(f"UPDATE {st} SET target = {sequence(AcademicYear)}, action = 'create'"
          " WHERE type = 'schoolYear' AND NOT bad AND target IS NULL AND action IS NULL")
    m.write(
        f"INSERT INTO {years} (id, name, starts_on, ends_on, period_scheme, senior_period_scheme,"
        " senior_from_grade) SELECT s.id, s.name, s.starts, s.ends, coalesce(CASE s.terms"
        f" {scheme} END, 'quarters'), '', 10 FROM (SELECT y.target AS id, left(y.title, 20) AS name,"
        f" y.starts, y.ends, (SELECT count(*) FROM {st} t WHERE t.parent = y.sid AND NOT t.bad"
        f" AND t.type <> 'schoolYear') AS terms FROM {st} y WHERE y.action = 'create') s"
    )
    m.run(f"UPDATE {st} s SET action = 'change' FROM {years} y WHERE y.id = s.target AND s.action IS NULL"
          " AND NOT s.bad AND s.type = 'schoolYear'"
          " AND (y.name, y.starts_on, y.ends_on) IS DISTINCT FROM (left(s.title, 20), s.starts, s.ends)")
    m.write(f"UPDATE {years} y SET name = left(s.title, 20), starts_on = s.starts, ends_on = s.ends"
            f" FROM {st} s WHERE s.action = 'change' AND s.type = 'schoolYear' AND y.id = s.target")
    m.link("academicSessions", "session", is_year="true", where="s.type = 'schoolYear'")
    # Terms.
    m.flag("academicSessions", "parentSourcedId",
           lambda parent: _("Unknown school year “%(id)s”.") % {"id": parent},
           f"s.type <> 'schoolYear' AND NOT {known('session', 's.parent', ' AND l.is_year')}", "s.parent")
    m.run(f"UPDATE {st} s SET year_id = l.object_id, number = n.number FROM {LINKS} l, (SELECT sid,"
          f" row_number() OVER (PARTITION BY parent ORDER BY starts, line) AS number FROM {st}"
          " WHERE type <> 'schoolYear' AND NOT bad) n WHERE l.kind = 'session' AND l.sourced_id = s.parent"
          " AND n.sid = s.sid AND NOT s.bad")
    m.run(f"UPDATE {st} s SET target = p.id FROM {periods} p, {years} y WHERE s.target IS NULL"
          " AND NOT s.bad AND s.type <> 'schoolYear' AND y.id = s.year_id AND p.academic_year_id = y.id"
          " AND p.scheme = y.period_scheme AND p.number = s.number")
    m.run(f"UPDATE {st} SET target = {sequence(Period)}, action = 'create'"
          " WHERE type <> 'schoolYear' AND NOT bad AND target IS NULL AND action IS NULL")
    m.write(f"INSERT INTO {periods} (id, academic_year_id, scheme, number, name, starts_on, ends_on)"
            f" SELECT s.target, s.year_id, y.period_scheme, s.number, left(s.title, 50), s.starts, s.ends"
            f" FROM {st} s JOIN {years} y ON y.id = s.year_id WHERE s.action = 'create'")
    m.run(f"UPDATE {st} s SET action = 'change' FROM {periods} p WHERE p.id = s.target AND s.action IS NULL"
          " AND NOT s.bad AND s.type <> 'schoolYear'"
          " AND (p.name, p.starts_on, p.ends_on) IS DISTINCT FROM (left(s.title, 50), s.starts, s.ends)")
    m.write(f"UPDATE {periods} p SET name = left(s.title, 50), starts_on = s.starts, ends_on = s.ends"
            f" FROM {st} s WHERE s.action = 'change' AND s.type <> 'schoolYear' AND p.id = s.target")
    m.link("academicSessions", "session", where="s.type <> 'schoolYear'")


def merge_courses(m: Merge) -> None:
    """Courses become the region's subjects, one per title (five-point scale for new ones)."""
    st, subjects = staging_table("courses"), table(Subject)
    m.flag_duplicates("courses", duplicate_message)
    m.flag("courses", "orgSourcedId", lambda org: _("Unknown organisation “%(id)s”.") % {"id": org},
           f"NOT {known('org', 's.org')}", "s.org")
    scale = GradingScale.objects.filter(code="five_point").values_list("id", flat=True).first()
    m.write(f"INSERT INTO {subjects} (name, short_name, grading_scale_id) SELECT DISTINCT title, '', %s"
            f" FROM {st} WHERE NOT bad AND status = 'active' ON CONFLICT (name) DO NOTHING", [scale])
    m.run(f"UPDATE {st} s SET target = t.id FROM {subjects} t WHERE t.name = s.title AND NOT s.bad")
    m.run(f"UPDATE {st} s SET action = 'create' WHERE NOT s.bad AND s.target IS NOT NULL"
          f" AND NOT {known('course', 's.sid')}")
    m.run(f"UPDATE {st} s SET action = 'change' FROM {LINKS} l WHERE l.kind = 'course'"
          " AND l.sourced_id = s.sid AND s.action IS NULL AND NOT s.bad AND l.object_id <> s.target")
    m.link("courses", "course")


def merge_classes(m: Merge) -> None:
    """Homeroom classes become class groups; a scheduled class is a subject taught to one of them.

    A scheduled class names its class group by its classCode (e.g. 5А) in the
    same school and school year, since OneRoster has no link between classes.
    """
    st, groups, periods = staging_table("classes"), table(ClassGroup), table(Period)
    m.flag_duplicates("classes", duplicate_message)
    m.flag("classes", "schoolSourcedId", lambda org: _("Unknown school “%(id)s”.") % {"id": org},
           f"NOT {known('org', 's.school', ' AND l.object_id > 0')}", "s.school")
    m.flag("classes", "courseSourcedId", lambda course: _("Unknown course “%(id)s”.") % {"id": course},
           f"NOT {known('course', 's.course')}", "s.course")
    m.flag("classes", "termSourcedIds", lambda term: _("Unknown academic session “%(id)s”.") % {"id": term},
           f"NOT {known('session', 's.term')}", "s.term")
    m.run(f"UPDATE {st} s SET school_id = o.object_id, subject_id = c.object_id,"
          f" year_id = CASE WHEN t.is_year THEN t.object_id ELSE p.academic_year_id END"
          f" FROM {LINKS} o, {LINKS} c, {LINKS} t LEFT JOIN {periods} p ON p.id = t.object_id"
          " AND NOT t.is_year"
          " WHERE NOT s.bad AND o.kind = 'org' AND o.sourced_id = s.school AND c.kind = 'course'"
          " AND c.sourced_id = s.course AND t.kind = 'session' AND t.sourced_id = s.term")
    m.resolve("classes", "class")
    m.flag("classes", "classCode", lambda name: _("The class %(name)s of this school and year is given"
                                                  " twice.")
           % {"name": name}, "d.line = s.line AND d.line <> d.first", "s.grade || s.letter",
           using=f"(SELECT line, min(line) OVER (PARTITION BY school_id, year_id, grade, letter) AS first"
                 f" FROM {st} WHERE class_type = 'homeroom' AND NOT bad) d")
    m.skip_stale("classes", "class")
    # Homerooms: a linked one follows the bundle; a new one takes over its class group or makes it.
    m.run(f"UPDATE {st} s SET action = 'change' FROM {groups} g WHERE g.id = s.target AND s.action IS NULL"
          " AND NOT s.bad AND s.class_type = 'homeroom' AND s.status = 'active'"
          " AND (g.school_id, g.academic_year_id, g.grade, g.letter)"
          " IS DISTINCT FROM (s.school_id, s.year_id, s.grade, s.letter)")
    m.flag("classes", "classCode", lambda name: _("The school already has the class %(name)s in this year.")
           % {"name": name}, f"s.action = 'change' AND EXISTS (SELECT 1 FROM {groups} g"
                             " WHERE g.id <> s.target"
           " AND (g.school_id, g.academic_year_id, g.grade, g.letter) = (s.school_id, s.year_id, s.grade,"
           " s.letter))",
           "s.grade || s.letter")
    m.write(f"UPDATE {groups} g SET school_id = s.school_id, academic_year_id = s.year_id, grade = s.grade,"
            f" letter = s.letter FROM {st} s WHERE s.action = 'change' AND NOT s.bad AND g.id = s.target")
    m.run(f"UPDATE {st} s SET target = g.id, action = 'same' FROM {groups} g WHERE s.target IS NULL"
          " AND NOT s.bad AND s.class_type = 'homeroom' AND s.status = 'active' AND g.school_id = s.school_id"
          " AND g.academic_year_id = s.year_id AND g.grade = s.grade AND g.letter = s.letter")
    m.run(f"UPDATE {st} SET target = {sequence(ClassGroup)}, action = 'create' WHERE class_type = 'homeroom'"
          " AND NOT bad AND target IS NULL AND status = 'active' AND action IS NULL")
    m.write(f"INSERT INTO {groups} (id, school_id, academic_year_id, grade, letter)"
            f" SELECT target, school_id, year_id, grade, letter FROM {st} WHERE action = 'create'"
            " AND class_type = 'homeroom'")
    # A homeroom that is deleted ends its pupils' open enrolments.
    m.run(f"UPDATE {st} SET action = 'archive' WHERE status = 'tobedeleted' AND NOT bad"
          " AND target IS NOT NULL"
          " AND action IS NULL")
    _end_enrolments_of_archived_homerooms(m)
    # Scheduled classes: their class group by classCode, their subject by course.
    m.run(f"UPDATE {st} s SET group_id = g.id FROM {groups} g WHERE s.class_type = 'scheduled' AND NOT s.bad"
          " AND g.school_id = s.school_id AND g.academic_year_id = s.year_id AND g.grade = s.grade"
          " AND g.letter = s.letter")
    m.flag("classes", "classCode",
           lambda name: _("No homeroom class %(name)s at this school and year for this scheduled class.")
           % {"name": name}, "s.class_type = 'scheduled' AND s.group_id IS NULL", "s.grade || s.letter")
    m.run(f"UPDATE {st} s SET action = CASE WHEN s.target IS NULL THEN 'create' ELSE 'change' END,"
          " target = s.group_id WHERE s.class_type = 'scheduled' AND NOT s.bad AND s.action IS NULL"
          f" AND NOT EXISTS (SELECT 1 FROM {LINKS} l WHERE l.kind = 'class' AND l.sourced_id = s.sid"
          " AND l.object_id = s.group_id AND l.subject_id = s.subject_id)")
    m.link("classes", "class", subject="CASE WHEN s.class_type = 'scheduled' THEN s.subject_id END")


def _end_enrolments_of_archived_homerooms(m: Merge) -> None:
    enrolments, st = table(Enrolment), staging_table("classes")
    m.write(f"UPDATE {enrolments} e"
            " SET ends_on = greatest(e.starts_on, coalesce(s.modified::date, current_date))"
            f" FROM {st} s WHERE s.action = 'archive' AND s.class_type = 'homeroom'"
            " AND e.class_group_id = s.target"
            " AND (e.ends_on IS NULL OR e.ends_on > coalesce(s.modified::date, current_date))")
