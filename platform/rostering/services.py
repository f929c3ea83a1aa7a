"""Importing a OneRoster 1.2 bundle into a region: upload, dry run, apply. Region schema.

An import is one transaction: staging tables filled with COPY, then merged
step by step into the region's tables (rostering.merge_structure,
rostering.merge_people). A dry run is the same transaction rolled back, so
its preview is exactly what applying would do. A killed worker leaves the
region as before; running the same bundle twice writes nothing the second
time. One import runs in a region at a time.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.rights import require_region_admin
from accounts.services import send_invitation
from myschool.celery import app
from myschool.errors import ApplicationError, Conflict
from rostering import merge_people, merge_structure
from rostering.bundle import Bundle, BundleRejected, RowError
from rostering.merging import LINKS, Merge
from rostering.models import ImportState, LinkKind, RosterImport, SourcedLink
from rostering.progress import Progress
from rostering.spec import ROSTER_FILES
from rostering.staging import UNCHANGED, create_tables, stage_file, staging_table
from schedule.times import region_today
from schools.models import School
from tenants.context import require_region
from tenants.models import Region

logger = logging.getLogger(__name__)

ZIP_MAGIC = b"PK\x03\x04"
IMPORT_TASK = "rostering.tasks.import_roster_task"
INVITE_TASK = "rostering.tasks.import_invitations_task"
# How many row errors a report keeps (all are counted).
MAX_REPORTED_ERRORS = 5000
# The merge, in order: each step refers only to what the steps before it linked.
STEPS: tuple[Callable[[Merge], None], ...] = (
    merge_structure.merge_orgs,
    merge_structure.merge_sessions,
    merge_structure.merge_courses,
    merge_structure.merge_classes,
    merge_people.check_roles,
    merge_people.merge_users,
    merge_people.merge_roles,
    merge_people.merge_agents,
    merge_people.merge_enrollments,
)
# Which column of each staging table names the school a row belongs to, for the preview.
SCHOOL_OF = {
    "orgs": "CASE WHEN s.type = 'school' THEN s.sid END",
    "academicSessions": "NULL",
    "courses": "s.org",
    "classes": "s.school",
    "users": "s.org",
    "roles": "s.org",
    "enrollments": "s.school",
}
# Before the merge a user's school is still only in the staged roles.
SCHOOL_OF_STAGED_USER = (
    f"(SELECT r.org FROM {staging_table('roles')} r WHERE r.user_sid = s.sid"
    " ORDER BY r.role_type = 'primary' DESC, r.line LIMIT 1)"
)
LINK_KIND = {
    "orgs": LinkKind.ORG, "academicSessions": LinkKind.SESSION, "courses": LinkKind.COURSE,
    "classes": LinkKind.CLASS, "users": LinkKind.USER, "roles": LinkKind.ROLE,
    "enrollments": LinkKind.ENROLLMENT,
}


class _DryRun(Exception):
    """Raised to roll a dry run (or a refused application) back."""


def upload_bundle(
    *, region: Region, actor: User | None, upload: UploadedFile, skip_errors: bool
) -> RosterImport:
    """Keep an uploaded bundle and queue its dry run; the admin applies it after reading the report.

    The size and the file type are checked before anything is read. Only the region admin
    (or the system) may roster the region.
    """
    require_region(region)
    require_region_admin(actor)
    if upload.size > settings.ROSTER_MAX_UPLOAD_BYTES:
        raise ApplicationError.for_field("file", _("The file is larger than %(limit)d MB.") % {
            "limit": settings.ROSTER_MAX_UPLOAD_BYTES // 2**20})
    head = upload.read(len(ZIP_MAGIC))
    upload.seek(0)
    if not (upload.name or "").lower().endswith(".zip") or head != ZIP_MAGIC:
        raise ApplicationError.for_field("file", _("Upload a zip archive of OneRoster 1.2 CSV files."))
    folder = Path(settings.MEDIA_ROOT) / region.schema_name / "roster"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4()}.zip"
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    with transaction.atomic():
        roster_import = record_bundle(region=region, actor=actor, path=path, name=upload.name or path.name,
                                      skip_errors=skip_errors)
        transaction.on_commit(lambda: _queue(IMPORT_TASK, region, roster_import, False))
    return roster_import


def record_bundle(
    *, region: Region, actor: User | None, path: Path, name: str, skip_errors: bool
) -> RosterImport:
    """Record a bundle on disk (a zip, or a folder from the command line) as an import to run."""
    require_region(region)
    roster_import = RosterImport.objects.create(
        file=str(path), original_name=name[:300], size=_size(path), skip_errors=skip_errors, created_by=actor
    )
    logger.info("Roster bundle %s recorded as import %s (by %s)", name, roster_import.pk, actor)
    return roster_import


def request_apply(*, region: Region, roster_import: RosterImport, actor: User) -> RosterImport:
    """Queue the application of a checked import. A bundle with errors applies only with skip_errors.

    Only the region admin (or the system) may apply it.
    """
    require_region(region)
    require_region_admin(actor)
    with transaction.atomic():
        roster_import = RosterImport.objects.select_for_update().get(pk=roster_import.pk)
        if roster_import.state != ImportState.CHECKED:
            raise Conflict(_("Only a checked import can be applied."))
        if roster_import.report.get("error_count") and not roster_import.skip_errors:
            raise Conflict(_("The bundle has errors: correct them, or upload it again choosing to skip rows"
                             " with errors."))
        roster_import.state = ImportState.APPLYING
        roster_import.save(update_fields=["state"])
        transaction.on_commit(lambda: _queue(IMPORT_TASK, region, roster_import, True))
    logger.info("Roster import %s applied by %s", roster_import.pk, actor)
    return roster_import


def run_import(
    *, region: Region, roster_import: RosterImport, apply: bool,
    listener: Callable[[dict[str, Any]], None] | None = None,
) -> RosterImport:
    """Check (dry run) or apply `roster_import` and store its report; return it.

    Applying writes everything or nothing: a bundle with errors writes nothing
    unless the import skips rows with errors, and then its report lists them.
    """
    require_region(region)
    roster_import.state = ImportState.APPLYING if apply else ImportState.CHECKING
    roster_import.save(update_fields=["state"])
    try:
        report = _run(region, roster_import, apply=apply, listener=listener)
    except Exception as error:
        reason = error.one_line() if isinstance(error, ApplicationError) else repr(error)[:2000]
        roster_import.state, roster_import.error = ImportState.FAILED, reason
        roster_import.save(update_fields=["state", "error"])
        raise
    roster_import.report = report
    refused = apply and report["error_count"] and not roster_import.skip_errors
    if not apply or refused:
        roster_import.state, roster_import.checked_at = ImportState.CHECKED, timezone.now()
    else:
        roster_import.state, roster_import.applied_at = ImportState.APPLIED, timezone.now()
    roster_import.save(update_fields=["report", "state", "checked_at", "applied_at"])
    return roster_import


def _run(region: Region, roster_import: RosterImport, *, apply: bool,
         listener: Callable[[dict[str, Any]], None] | None) -> dict[str, Any]:
    errors: list[RowError] = []
    report: dict[str, Any] = {}
    with Bundle(Path(roster_import.file)) as bundle:
        files = [spec.name for spec in ROSTER_FILES if bundle.mode(spec.name) != "absent"]
        progress = Progress(schema=region.schema_name, import_id=roster_import.pk,
                            total_bytes=sum(bundle.size(name) for name in files), listener=listener)
        try:
            with transaction.atomic():
                _lock_region()
                create_tables()
                progress.begin("reading")
                for name in files:
                    on_row = partial(progress.add_row, name)
                    stage_file(bundle, name, errors, progress.add_bytes, on_row)
                modes = {name: bundle.mode(name) for name in files}
                merge = Merge(roster_import.pk, errors, modes=modes, today=region_today(region))
                for name in files:
                    if name in LINK_KIND:
                        school = SCHOOL_OF_STAGED_USER if name == "users" else SCHOOL_OF[name]
                        merge.drop_unchanged(name, LINK_KIND[name], school)
                merge.run(f"ANALYZE {UNCHANGED}")
                progress.begin("merging", len(STEPS))
                for step in STEPS:
                    step(merge)
                    progress.step()
                report = _report(files, errors, merge, modes=modes)
                if not apply or (errors and not roster_import.skip_errors):
                    raise _DryRun
                transaction.on_commit(lambda: _queue(INVITE_TASK, region, roster_import))
        except _DryRun:
            pass
        finally:
            progress.begin("done")
            progress.close()
    if not apply:
        report["written"] = 0
    return report


def _lock_region() -> None:
    """One import per region at a time; the lock goes with the transaction (or a killed worker)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(hashtext(%s))", [f"roster:{connection.schema_name}"])
        if not cursor.fetchone()[0]:
            raise Conflict(_("Another import is running in this region; try again when it ends."))


def _report(files: list[str], errors: list[RowError], merge: Merge, modes: dict[str, str]) -> dict[str, Any]:
    """Created / changed / archived / unchanged rows per file and per school, and the row errors.

    Rows a bulk file no longer lists count as archived in their file (no school).
    """
    per_file: dict[str, dict[str, int]] = {}
    per_school: dict[str, dict[str, dict[str, int]]] = {}

    def add(name: str, school_sid: str | None, action: str, count: int) -> None:
        counts = per_file.setdefault(name, {})
        counts[action] = counts.get(action, 0) + count
        if school_sid:
            school_counts = per_school.setdefault(school_sid, {}).setdefault(name, {})
            school_counts[action] = school_counts.get(action, 0) + count

    with connection.cursor() as cursor:
        for name in files:
            if name not in SCHOOL_OF:
                continue
            school = SCHOOL_OF[name]
            cursor.execute(
                f"SELECT {school} AS school, CASE WHEN s.bad THEN 'error' ELSE coalesce(s.action, 'same')"
                " END,"
                f" count(*) FROM {staging_table(name)} s GROUP BY 1, 2"
            )
            for school_sid, action, count in cursor.fetchall():
                add(name, school_sid, action, count)
        for name, count in merge.absent.items():
            if count:
                add(name, None, "archive", count)
        cursor.execute(f"SELECT file, school, 'same', count(*) FROM {UNCHANGED} GROUP BY 1, 2")
        for name, school_sid, action, count in cursor.fetchall():
            add(name, school_sid, action, count)
        cursor.execute(
            f"SELECT l.sourced_id, t.name FROM {LINKS} l JOIN {School._meta.db_table} t ON t.id = l.object_id"
            " WHERE l.kind = %s AND l.sourced_id = ANY(%s)", [LinkKind.ORG, list(per_school)]
        )
        names = dict(cursor.fetchall())
    return {
        "modes": modes,
        "files": per_file,
        "schools": [{"sourced_id": sid, "name": names.get(sid, ""), "files": counts}
                    for sid, counts in sorted(per_school.items(), key=lambda i: names.get(i[0], i[0]))],
        "errors": [e.as_dict() for e in sorted(errors, key=_error_order)[:MAX_REPORTED_ERRORS]],
        "error_count": len(errors),
        "written": merge.written,
    }


def _error_order(error: RowError) -> tuple[int, int, str]:
    order = [spec.file_name for spec in ROSTER_FILES]
    return (order.index(error.file) if error.file in order else len(order), error.line, error.column)


def _queue(task: str, region: Region, roster_import: RosterImport, *args: object) -> None:
    """Send a rostering task by name (rostering.tasks calls these services, not the other way)."""
    app.send_task(task, args=[region.schema_name, str(roster_import.pk), *args])


def invite_imported_people(*, region: Region, roster_import: RosterImport) -> int:
    """E-mail each person an import created the link to set their password; return how many.

    People without an e-mail of their own (roster.invalid) get none.
    """
    require_region(region)
    ids = SourcedLink.objects.filter(kind=LinkKind.USER, created_by_import=roster_import).values("object_id")
    users = User.objects.filter(pk__in=ids, is_active=True).exclude(
        email__endswith=f"@{merge_people.NO_EMAIL_DOMAIN}").values_list("pk", flat=True)
    count = 0
    for user_id in users.iterator():
        send_invitation(region=region, user_id=user_id)
        count += 1
    return count


def _size(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.iterdir() if p.is_file())
    return path.stat().st_size


__all__ = ["BundleRejected", "invite_imported_people", "record_bundle", "request_apply", "run_import",
           "upload_bundle"]
