"""Merging a bundle's people: users (their role from roles.csv), staff memberships, parents (agents),
enrolments and teaching. Region schema, inside the import's transaction; set-based.

Nothing is hard-deleted except links that only open a door: a teacher's
membership of a school or assignment to a class whose role or enrolment the
bundle deletes. A deleted user is archived (inactive); a deleted pupil
enrolment ends.
"""

from __future__ import annotations

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.utils.translation import gettext as _

from academics.models import AcademicYear
from accounts.models import ApiToken, Role, User
from rostering.merging import LINKS, Merge, duplicate_message, known, sequence, table
from rostering.spec import ROLE_MAP, UNSUPPORTED_ROLES
from rostering.staging import staging_table
from schools.models import ClassGroup, Enrolment, Guardianship, StaffMembership, TeachingAssignment

NO_EMAIL_DOMAIN = "roster.invalid"
STAFF = (Role.TEACHER, Role.SCHOOL_ADMIN)
UNSUPPORTED_SQL = ", ".join(f"'{role}'" for role in UNSUPPORTED_ROLES)


def _role_sql(column: str) -> str:
    """SQL mapping a OneRoster role in `column` to the region's role."""
    cases = " ".join(f"WHEN '{theirs}' THEN '{ours}'" for theirs, ours in ROLE_MAP.items())
    return f"CASE {column} {cases} END"


def check_roles(m: Merge) -> None:
    """The roles' own errors, before users take their role from them."""
    m.flag_duplicates("roles", duplicate_message)
    m.flag("roles", "role", lambda role: _(
        "The role “%(role)s” is not imported: region administrators are appointed in the region's settings."
    ) % {"role": role}, f"s.role IN ({UNSUPPORTED_SQL})", "s.role")
    m.flag("roles", "orgSourcedId", lambda org: _("Unknown organisation “%(id)s”.") % {"id": org},
           f"NOT {known('org', 's.org')}", "s.org")


def merge_users(m: Merge) -> None:
    """Users become people with an unusable password; each takes the role of their primary role.

    An unlinked user whose e-mail the region already has takes over that
    person. A user without an e-mail gets one under roster.invalid (no
    invitation goes there).
    """
    st, roles, users = staging_table("users"), staging_table("roles"), table(User)
    m.flag_duplicates("users", duplicate_message)
    m.run(f"UPDATE {st} SET email = lower(regexp_replace(sid, '[^A-Za-z0-9._-]', '_', 'g'))"
          f" || '@{NO_EMAIL_DOMAIN}' WHERE email = ''")
    m.flag("users", "email", lambda email: _("“%(email)s” is not a valid e-mail address.") % {"email": email},
           "s.email !~ '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$' OR length(s.email) > 254", "s.email")
    m.flag("users", "email", lambda email: _("The e-mail %(email)s is given to another user above.")
           % {"email": email}, "d.line = s.line AND d.line <> d.first", "s.email",
           using=f"(SELECT line, min(line) OVER (PARTITION BY email) AS first FROM {st} WHERE NOT bad) d")
    m.resolve("users", "user")
    m.run(f"UPDATE {st} s SET role_code = r.role_code, org = r.org FROM (SELECT DISTINCT"
          " ON (user_sid) user_sid,"
          f" {_role_sql('role')} AS role_code, org FROM {roles} WHERE NOT bad AND status = 'active'"
          " ORDER BY user_sid, role_type = 'primary' DESC, line) r WHERE r.user_sid = s.sid AND NOT s.bad")
    m.run(f"UPDATE {st} s SET role_code = u.role FROM {users} u WHERE s.role_code IS NULL"
          " AND u.id = s.target")
    m.flag("users", "sourcedId", lambda sid: _("The user “%(id)s” has no role in roles.csv.") % {"id": sid},
           "s.role_code IS NULL AND s.status = 'active'")
    m.run(f"UPDATE {st} s SET target = u.id FROM {users} u WHERE s.target IS NULL AND NOT s.bad"
          f" AND u.email = s.email AND NOT EXISTS (SELECT 1 FROM {LINKS} l WHERE l.kind = 'user'"
          " AND l.object_id = u.id)")
    m.flag("users", "email", lambda email: _("The e-mail %(email)s belongs to another person in the region.")
           % {"email": email}, f"EXISTS (SELECT 1 FROM {users} u WHERE u.email = s.email"
           " AND u.id IS DISTINCT FROM s.target)", "s.email")
    m.skip_stale("users", "user")
    m.run(f"UPDATE {st} s SET action = 'archive' FROM {users} u WHERE u.id = s.target AND NOT s.bad"
          " AND s.action IS NULL AND s.status = 'tobedeleted' AND u.is_active")
    m.write(f"UPDATE {users} u SET is_active = false FROM {st} s WHERE s.action = 'archive'"
            " AND u.id = s.target")
    m.run(f"UPDATE {st} SET action = 'same' WHERE status = 'tobedeleted' AND action IS NULL AND NOT bad")
    m.run(f"UPDATE {st} SET target = {sequence(User)}, action = 'create'"
          " WHERE NOT bad AND target IS NULL AND action IS NULL")
    m.write(
        # language '': not chosen yet (Russian), as for anyone the services create.
        f"INSERT INTO {users} (id, password, email, full_name, role, is_active, date_joined, language,"
        " session_epoch)"
        f" SELECT target, '{UNUSABLE_PASSWORD_PREFIX}' || substr(md5(random()::text)"
        f" || md5(random()::text), 1, 40), email, full_name, role_code, enabled, now(), '', 0"
        f" FROM {st} WHERE action = 'create'"
    )
    m.run(f"UPDATE {st} s SET action = 'change' FROM {users} u WHERE u.id = s.target AND s.action IS NULL"
          " AND NOT s.bad AND (u.email, u.full_name, u.role, u.is_active)"
          " IS DISTINCT FROM (s.email, s.full_name, s.role_code, s.enabled)")
    m.write(f"UPDATE {users} u SET email = s.email, full_name = s.full_name, role = s.role_code,"
            f" is_active = s.enabled FROM {st} s WHERE s.action = 'change' AND u.id = s.target")
    m.link("users", "user")
    if m.modes.get("users") == "bulk":
        m.absent["users"] = m.write(
            f"UPDATE {users} u SET is_active = false FROM {LINKS} l WHERE u.id = l.object_id AND u.is_active"
            f" AND {m.absent_from('users', 'user')}"
        )
    # An archived person's sign-ins end with the account, as User.save() ends them.
    m.run(f"DELETE FROM {table(ApiToken)} t USING {users} u WHERE t.user_id = u.id AND NOT u.is_active")


def merge_roles(m: Merge) -> None:
    """Staff roles at a school make the person a member of its staff; a deleted one ends that."""
    st, staff = staging_table("roles"), table(StaffMembership)
    m.flag("roles", "userSourcedId", lambda user: _("Unknown user “%(id)s”.") % {"id": user},
           f"NOT {known('user', 's.user_sid')}", "s.user_sid")
    m.run(f"UPDATE {st} s SET user_id = u.object_id, school_id = o.object_id, target = u.object_id"
          f" FROM {LINKS} u, {LINKS} o WHERE NOT s.bad AND u.kind = 'user' AND u.sourced_id = s.user_sid"
          " AND o.kind = 'org' AND o.sourced_id = s.org")
    staff_role = f"{_role_sql('s.role')} IN ({', '.join(repr(str(r)) for r in STAFF)})"
    m.run(f"UPDATE {st} s SET action = 'create' WHERE NOT s.bad AND s.status = 'active' AND s.school_id > 0"
          f" AND {staff_role} AND NOT EXISTS (SELECT 1 FROM {staff} t WHERE t.school_id = s.school_id"
          " AND t.user_id = s.user_id)")
    m.write(f"INSERT INTO {staff} (school_id, user_id) SELECT DISTINCT school_id, user_id FROM {st}"
            " WHERE action = 'create' ON CONFLICT DO NOTHING")
    m.run(f"UPDATE {st} s SET action = 'archive' WHERE NOT s.bad AND s.status = 'tobedeleted'"
          f" AND {staff_role} AND EXISTS (SELECT 1 FROM {staff} t WHERE t.school_id = s.school_id"
          " AND t.user_id = s.user_id)")
    m.write(f"DELETE FROM {staff} t USING {st} s WHERE s.action = 'archive' AND t.school_id = s.school_id"
            " AND t.user_id = s.user_id")
    _change_roles_of_unstaged_users(m)
    m.run(f"UPDATE {st} s SET action = 'create' WHERE action IS NULL AND NOT bad AND NOT"
          f" {known('role', 's.sid')}")
    m.link("roles", "role")


def _change_roles_of_unstaged_users(m: Merge) -> None:
    """A delta's roles.csv may change the primary role of someone its users.csv does not list."""
    st, users, staged = staging_table("roles"), table(User), staging_table("users")
    primary = (f"(SELECT DISTINCT ON (user_id) line, user_id, {_role_sql('role')} AS role_code FROM {st}"
               " WHERE NOT bad AND status = 'active' ORDER BY user_id, role_type = 'primary' DESC, line) r")
    changed = ("u.id = r.user_id AND u.role IS DISTINCT FROM r.role_code"
               f" AND NOT EXISTS (SELECT 1 FROM {staged} x WHERE x.target = u.id)")
    m.run(f"UPDATE {st} s SET action = 'change' FROM {primary}, {users} u WHERE s.line = r.line"
          f" AND s.action IS NULL AND {changed}")
    m.write(f"UPDATE {users} u SET role = r.role_code FROM {primary} WHERE {changed}")


def merge_agents(m: Merge) -> None:
    """A parent's agents are their children; a pupil's agents, their parents."""
    st, links = staging_table("users"), table(Guardianship)
    m.flag("users", "agentSourcedIds", lambda agent: _("Unknown user “%(id)s”.") % {"id": agent},
           "x.line = s.line", "x.agent",
           using=f"(SELECT DISTINCT ON (u.line) u.line, a.agent FROM {st} u CROSS"
                 " JOIN LATERAL unnest(u.agents)"
                 f" AS a(agent) LEFT JOIN {LINKS} l ON l.kind = 'user' AND l.sourced_id = a.agent"
                 " WHERE l.id IS NULL AND NOT u.bad ORDER BY u.line, a.agent) x")
    m.write(
        f"INSERT INTO {links} (parent_id, child_id) SELECT DISTINCT"
        f" CASE WHEN s.role_code = '{Role.PARENT}' THEN s.target ELSE l.object_id END,"
        f" CASE WHEN s.role_code = '{Role.PARENT}' THEN l.object_id ELSE s.target END"
        f" FROM {st} s CROSS JOIN LATERAL unnest(s.agents) a JOIN {LINKS} l ON l.kind = 'user'"
        f" AND l.sourced_id = a WHERE NOT s.bad AND s.status = 'active'"
        f" AND s.role_code IN ('{Role.PARENT}', '{Role.PUPIL}') AND l.object_id <> s.target"
        " ON CONFLICT DO NOTHING"
    )


def merge_enrollments(m: Merge) -> None:
    """Pupils in homerooms become enrolments; teachers of scheduled classes, teaching assignments;
    the primary teacher of a homeroom, its class teacher. Pupils of scheduled classes add nothing:
    they learn there through their homeroom.
    """
    st = staging_table("enrollments")
    groups, enrolments = table(ClassGroup), table(Enrolment)
    assignments, staff = table(TeachingAssignment), table(StaffMembership)
    m.flag_duplicates("enrollments", duplicate_message)
    m.flag("enrollments", "classSourcedId",
           lambda cls: _("No class “%(id)s” in the bundle or the region.") % {"id": cls},
           f"NOT {known('class', 's.class')}", "s.class")
    m.flag("enrollments", "userSourcedId", lambda user: _("Unknown user “%(id)s”.") % {"id": user},
           f"NOT {known('user', 's.user_sid')}", "s.user_sid")
    m.flag("enrollments", "schoolSourcedId", lambda org: _("Unknown school “%(id)s”.") % {"id": org},
           f"NOT {known('org', 's.school', ' AND l.object_id > 0')}", "s.school")
    m.run(f"UPDATE {st} s SET group_id = c.object_id, subject_id = c.subject_id, user_id = u.object_id,"
          " kind = CASE WHEN s.role = 'student' THEN CASE WHEN c.subject_id IS NULL THEN 'pupil' END"
          " WHEN c.subject_id IS NULL THEN 'class_teacher' ELSE 'assignment' END"
          f" FROM {LINKS} c, {LINKS} u WHERE NOT s.bad AND c.kind = 'class' AND c.sourced_id = s.class"
          " AND u.kind = 'user' AND u.sourced_id = s.user_sid")
    m.resolve("enrollments", "enrollment")
    m.skip_stale("enrollments", "enrollment")
    m.run(f"UPDATE {st} SET action = 'same' WHERE kind IS NULL AND NOT bad")
    _merge_pupils(m, st, groups, enrolments)
    if m.modes.get("enrollments") == "bulk":
        m.absent["enrollments"] = m.write(
            f"UPDATE {enrolments} e SET ends_on = greatest(e.starts_on, %s) FROM {LINKS} l"
            " WHERE e.id = l.object_id AND l.enrollment_role = 'pupil' AND (e.ends_on IS NULL OR e.ends_on"
            " > %s)"
            f" AND {m.absent_from('enrollments', 'enrollment')}",
            [m.today, m.today],
        )
    # Teachers: members of the class group's school's staff, then its subject or its class.
    m.write(f"INSERT INTO {staff} (school_id, user_id) SELECT DISTINCT g.school_id, s.user_id FROM {st} s"
            f" JOIN {groups} g ON g.id = s.group_id WHERE NOT s.bad AND s.status = 'active'"
            " AND s.kind IN ('assignment', 'class_teacher') AND s.action IS NULL ON CONFLICT DO NOTHING")
    m.run(f"UPDATE {st} s SET action = 'create' WHERE NOT s.bad AND s.action IS NULL"
          " AND s.kind = 'assignment'"
          f" AND s.status = 'active' AND NOT EXISTS (SELECT 1 FROM {assignments} a"
          " WHERE a.teacher_id = s.user_id"
          " AND a.subject_id = s.subject_id AND a.class_group_id = s.group_id)")
    m.write(f"INSERT INTO {assignments} (teacher_id, subject_id, class_group_id) SELECT DISTINCT user_id,"
            f" subject_id, group_id FROM {st} WHERE action = 'create' AND kind = 'assignment'"
            " ON CONFLICT DO NOTHING")
    m.run(f"UPDATE {st} s SET target = a.id FROM {assignments} a WHERE NOT s.bad AND s.kind = 'assignment'"
          " AND s.status = 'active' AND a.teacher_id = s.user_id AND a.subject_id = s.subject_id"
          " AND a.class_group_id = s.group_id")
    m.run(f"UPDATE {st} s SET action = 'archive' FROM {assignments} a WHERE NOT s.bad AND s.action IS NULL"
          " AND s.kind = 'assignment' AND s.status = 'tobedeleted' AND a.id = s.target")
    m.write(f"DELETE FROM {assignments} a USING {st} s WHERE s.action = 'archive' AND s.kind = 'assignment'"
            " AND a.id = s.target")
    m.run(f"UPDATE {st} s SET target = s.group_id, action = CASE WHEN s.status = 'tobedeleted' THEN"
          " 'archive' WHEN s.target IS NULL THEN 'create' ELSE 'change' END FROM "
          f"{groups} g WHERE NOT s.bad AND s.action IS NULL AND s.kind = 'class_teacher'"
          " AND g.id = s.group_id"
          " AND CASE WHEN s.status = 'active' THEN g.class_teacher_id IS DISTINCT FROM s.user_id"
          " ELSE g.class_teacher_id = s.user_id END")
    m.write(f"UPDATE {groups} g SET class_teacher_id = CASE WHEN s.action <> 'archive' THEN s.user_id END"
            f" FROM {st} s WHERE s.kind = 'class_teacher' AND s.action IN ('create', 'change', 'archive')"
            " AND g.id = s.group_id")
    m.run(f"UPDATE {st} SET target = group_id WHERE kind = 'class_teacher' AND NOT bad")
    m.link("enrollments", "enrollment", role="s.kind", where="s.kind IS NOT NULL")


def _merge_pupils(m: Merge, st: str, groups: str, enrolments: str) -> None:
    """A pupil's enrolment starts on beginDate (else the year's first day); a deleted one ends."""
    years = table(AcademicYear)
    ends = "coalesce(s.ends, s.modified::date, current_date)"
    m.run(f"UPDATE {st} s SET action = 'archive' FROM {enrolments} e WHERE NOT s.bad AND s.action IS NULL"
          f" AND s.kind = 'pupil' AND s.status = 'tobedeleted' AND e.id = s.target"
          f" AND (e.ends_on IS NULL OR e.ends_on > {ends})")
    m.write(f"UPDATE {enrolments} e SET ends_on = greatest(e.starts_on, {ends}) FROM {st} s"
            " WHERE s.action = 'archive' AND s.kind = 'pupil' AND e.id = s.target")
    m.run(f"UPDATE {st} SET action = 'same' WHERE kind = 'pupil' AND status = 'tobedeleted'"
          " AND action IS NULL"
          " AND NOT bad")
    m.run(f"UPDATE {st} s SET begins = y.starts_on FROM {groups} g, {years} y WHERE s.kind = 'pupil'"
          " AND s.begins IS NULL AND g.id = s.group_id AND y.id = g.academic_year_id")
    m.flag("enrollments", "endDate", lambda day: _("The enrolment ends before it begins."),
           "s.kind = 'pupil' AND s.ends < s.begins", "s.ends")
    m.run(f"UPDATE {st} SET target = {sequence(Enrolment)}, action = 'create' WHERE kind = 'pupil'"
          " AND NOT bad AND target IS NULL AND action IS NULL")
    m.write(f"INSERT INTO {enrolments} (id, pupil_id, class_group_id, starts_on, ends_on)"
            f" SELECT target, user_id, group_id, begins, ends FROM {st} WHERE action = 'create'"
            " AND kind = 'pupil'")
    m.run(f"UPDATE {st} s SET action = 'change' FROM {enrolments} e WHERE e.id = s.target"
          " AND s.action IS NULL"
          " AND NOT s.bad AND s.kind = 'pupil' AND (e.pupil_id, e.class_group_id, e.starts_on, e.ends_on)"
          " IS DISTINCT FROM (s.user_id, s.group_id, s.begins, s.ends)")
    m.write(f"UPDATE {enrolments} e SET pupil_id = s.user_id, class_group_id = s.group_id,"
            f" starts_on = s.begins, ends_on = s.ends FROM {st} s WHERE s.action = 'change'"
            " AND s.kind = 'pupil'"
            " AND e.id = s.target")
