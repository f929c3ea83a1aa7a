"""A region's data to take away: one archive with its roster, journal, portfolios and files.

Region schema, read-only, one repeatable-read snapshot. People, classes and
subjects are named by the same sourcedIds as in the roster bundle inside the
archive, so the journal files join to it. README.md describes the format.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from django.core.files.storage import default_storage
from django.utils import timezone

from academics.models import MarkKind
from journal.models import Attendance, FinalMark, Homework, HomeworkAttachment, Mark
from portfolio.models import Achievement
from rostering.export import snapshot, write_roster
from rostering.merging import table
from rostering.writing import sid, write_csv
from schedule.models import Lesson
from tenants.context import require_region
from tenants.models import Region

README = """# {name} ({code}): данные региона / the region's data

Выгружено / exported: {when}

- `roster/` — контингент в формате OneRoster 1.2 CSV (школы, учебные годы и периоды, предметы,
  классы, люди, роли, зачисления). Его можно загрузить в другую систему (Canvas, Clever, Microsoft
  School Data Sync) или обратно в «Мою школу». / The roster as a OneRoster 1.2 CSV bundle.
- `journal/marks.csv` — отметки / marks (deleted ones with `deleted_at`).
- `journal/attendance.csv` — посещаемость / attendance (no row: present).
- `journal/homework.csv` — домашние задания; вложенные файлы в `files/` по пути из `files`.
- `journal/final_marks.csv` — отметки за периоды и годовые (пустой `period`) / period and year marks.
- `portfolio/achievements.csv` — достижения учеников / pupils' achievements.
- `files/` — файлы, загруженные в регион / uploaded files.

Люди, классы, предметы и периоды названы теми же `sourcedId`, что и в `roster/`
(`user-17`, `class-5`, …): `pupil` в `marks.csv` — это `sourcedId` в `roster/users.csv`.
People, classes, subjects and periods are named by their sourcedIds in `roster/`.
Даты — ГГГГ-ММ-ДД, время — ISO 8601 в UTC. Файлы CSV — UTF-8, разделитель — запятая.
"""


def _user(expr: str) -> str:
    return sid("user", expr, "user")


def _journal_queries() -> dict[str, tuple[tuple[str, ...], str]]:
    marks, attendance, lessons = table(Mark), table(Attendance), table(Lesson)
    kinds, finals = table(MarkKind), table(FinalMark)
    homework, files, achievements = table(Homework), table(HomeworkAttachment), table(Achievement)
    class_sid = sid("class", "ls.class_group_id", "class", " AND l.subject_id IS NULL")
    course = sid("course", "ls.subject_id", "course")
    period_sid = sid("session", "f.period_id", "session", " AND NOT l.is_year")
    year_sid = sid("session", "f.academic_year_id", "session-year", " AND l.is_year")
    return {
        "journal/marks.csv": (
            ("id", "date", "class", "subject", "pupil", "value", "points", "kind", "weight", "comment",
             "given_by", "created_at", "deleted_at"),
            f"SELECT m.id, ls.date, {class_sid}, {course}, {_user('m.pupil_id')}, m.value, m.points, k.code,"
            f" m.weight, m.comment, {_user('m.given_by_id')}, m.created_at, m.deleted_at FROM {marks} m"
            f" JOIN {lessons} ls ON ls.id = m.lesson_id JOIN {kinds} k ON k.id = m.kind_id ORDER BY m.id",
        ),
        "journal/attendance.csv": (
            ("date", "class", "subject", "pupil", "status", "reason", "recorded_by"),
            f"SELECT ls.date, {class_sid}, {course}, {_user('a.pupil_id')}, a.status, a.reason,"
            f" {_user('a.recorded_by_id')} FROM {attendance} a JOIN {lessons} ls ON ls.id = a.lesson_id"
            " ORDER BY ls.date, a.id",
        ),
        "journal/homework.csv": (
            ("id", "date", "class", "subject", "due_on", "text", "files", "links", "set_by"),
            f"SELECT h.id, ls.date, {class_sid}, {course}, h.due_on, h.text,"
            f" (SELECT string_agg(f.file, ' ' ORDER BY f.id) FROM {files} f WHERE f.homework_id = h.id"
            " AND f.file <> ''),"
            f" (SELECT string_agg(f.url, ' ' ORDER BY f.id) FROM {files} f WHERE f.homework_id = h.id"
            f" AND f.url <> ''), {_user('h.set_by_id')} FROM {homework} h"
            f" JOIN {lessons} ls ON ls.id = h.lesson_id ORDER BY h.id",
        ),
        "journal/final_marks.csv": (
            ("pupil", "subject", "year", "period", "value", "points", "set_by", "updated_at"),
            f"SELECT {_user('f.pupil_id')}, {sid('course', 'f.subject_id', 'course')}, {year_sid},"
            f" CASE WHEN f.period_id IS NULL THEN '' ELSE {period_sid} END, f.value, f.points,"
            f" {_user('f.set_by_id')}, f.updated_at FROM {finals} f ORDER BY f.id",
        ),
        "portfolio/achievements.csv": (
            ("pupil", "kind", "title", "subject", "level", "result", "organiser", "achieved_on",
             "certificate_url", "status", "review_note"),
            f"SELECT {_user('a.pupil_id')}, a.kind, a.title, a.subject, a.level, a.result, a.organiser,"
            f" a.achieved_on, a.certificate_url, a.status, a.review_note FROM {achievements} a ORDER BY a.id",
        ),
    }


def export_region_archive(*, region: Region, out: Path) -> dict[str, int]:
    """Write everything `region` holds about its schools and people into the zip `out`.

    Returns rows (or files) per archive member. Read-only; one snapshot.
    """
    require_region(region)
    counts: dict[str, int] = {}
    with snapshot(), zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        archive.writestr("README.md", README.format(name=region.name, code=region.code,
                                                    when=timezone.now().isoformat(timespec="seconds")))
        roster = write_roster(archive, region=region, folder="roster/")
        counts.update({f"roster/{name}": count for name, count in roster.items()})
        for name, (header, sql) in _journal_queries().items():
            counts[name] = write_csv(archive, name, header, sql, {})
        counts["files"] = 0
        for name in HomeworkAttachment.objects.exclude(file="").values_list("file", flat=True).iterator():
            with default_storage.open(name, "rb") as source, archive.open(f"files/{name}", "w") as target:
                while chunk := source.read(1 << 20):
                    target.write(chunk)
            counts["files"] += 1
    return counts
