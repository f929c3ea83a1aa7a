"""Benchmark: rostering a region from a OneRoster 1.2 bundle, against raw COPY of the same rows.

    .venv/bin/python bench/bench_roster.py [--pupils 100000]

Builds a throwaway database (bench_roster_<pid>, dropped afterwards), onboards
RU-TA and RU-DA, writes a bundle for `--pupils` pupils (with a parent for most,
siblings sharing one, teachers, one school per ~330 pupils, 25 pupils a class,
four subjects a class), then prints:

  import        the bundle applied in RU-TA (manage.py roster_import, its own process)
  raw COPY      the same rows COPYed straight into the same tables of RU-DA, in this run
  ratio         import throughput / raw COPY throughput          (target >= 30 %)
  again         the same bundle again: rows written, time ratio   (target 0 rows, <= 20 %)
  delta 1 %     a delta renaming 1 % of the people: rows written
  export        manage.py roster_export of RU-TA
  peak memory   the largest resident size of each of those processes (target: flat in size)

The 100 000-pupil bundle has over 400 000 rows. A child process runs each
import and export, so its peak memory is its own.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import resource
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pgdb

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "platform")]
PUPILS_PER_CLASS = 25
CLASSES_PER_SCHOOL = 13
SUBJECTS = ("Математика", "Русский язык", "Литература", "История")
CLASSES_PER_TEACHER = 6
SIBLINGS_EVERY = 10  # every 10th pupil shares the previous pupil's parent
QUARTERS = [
    ("2026-09-01", "2026-10-24"),
    ("2026-11-05", "2026-12-28"),
    ("2027-01-12", "2027-03-21"),
    ("2027-03-30", "2027-05-31"),
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pupils", type=int, default=100_000)
    return parser.parse_args()


class Region:
    """The synthetic region's shape, row by row: the same rows for the bundle and for raw COPY."""

    def __init__(self, pupils: int) -> None:
        self.pupils = pupils
        self.classes = max(1, -(-pupils // PUPILS_PER_CLASS))
        self.schools = max(1, -(-self.classes // CLASSES_PER_SCHOOL))
        self.teachers = max(1, -(-self.classes * len(SUBJECTS) // CLASSES_PER_TEACHER))

    def school_of_class(self, c: int) -> int:
        return c // CLASSES_PER_SCHOOL

    def teacher_of(self, c: int, s: int) -> int:
        return (c * len(SUBJECTS) + s) // CLASSES_PER_TEACHER

    def parent_of(self, p: int) -> int:
        return p - 1 if p % SIBLINGS_EVERY == 1 else p

    def grade_letter(self, c: int) -> tuple[int, str]:
        n = c % CLASSES_PER_SCHOOL
        return 1 + n % 11, "АБВГ"[n // 11]

    def files(self) -> dict[str, Iterator[list[str]]]:
        return {
            "orgs": self.orgs(),
            "academicSessions": self.sessions(),
            "courses": self.courses(),
            "classes": self.class_rows(),
            "users": self.users(),
            "roles": self.roles(),
            "enrollments": self.enrollments(),
        }

    def orgs(self) -> Iterator[list[str]]:
        yield ["ta", "", "", "Республика Татарстан", "state", "RU-TA", ""]
        for s in range(self.schools):
            yield [f"s{s}", "", "", f"Школа № {s + 1}", "school", "", "ta"]

    def sessions(self) -> Iterator[list[str]]:
        yield ["y", "", "", "2026/2027", "schoolYear", "2026-09-01", "2027-05-31", "", "2027"]
        for n, (start, end) in enumerate(QUARTERS, start=1):
            yield [f"q{n}", "", "", f"{n} четверть", "term", start, end, "y", "2027"]

    def courses(self) -> Iterator[list[str]]:
        for n, title in enumerate(SUBJECTS):
            yield [f"k{n}", "", "", "y", title, "", "", "ta", "", ""]

    def class_rows(self) -> Iterator[list[str]]:
        for c in range(self.classes):
            grade, letter = self.grade_letter(c)
            name, school = f"{grade}{letter}", f"s{self.school_of_class(c)}"
            yield [f"c{c}", "", "", name, f"{grade:02}", "k0", name, "homeroom", "", school, "y", "", "", ""]
            for s, title in enumerate(SUBJECTS):
                yield [
                    f"c{c}-{s}",
                    "",
                    "",
                    f"{name} {title}",
                    f"{grade:02}",
                    f"k{s}",
                    name,
                    "scheduled",
                    "",
                    school,
                    "y",
                    "",
                    "",
                    "",
                ]

    def user(self, sid: str, given: str, family: str, email: str, agents: str, org: str) -> list[str]:
        return [
            sid,
            "",
            "",
            "true",
            sid,
            "",
            given,
            family,
            "",
            "",
            email,
            "",
            "",
            agents,
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            org,
            "",
        ]

    def users(self) -> Iterator[list[str]]:
        for t in range(self.teachers):
            yield self.user(
                f"t{t}",
                "Мария",
                f"Учитель{t}",
                f"t{t}@school.example",
                "",
                f"s{self.school_of_class(t * CLASSES_PER_TEACHER // len(SUBJECTS))}",
            )
        for p in range(self.pupils):
            parent = f"par{self.parent_of(p)}"
            yield self.user(
                f"p{p}", "Пётр", f"Ученик{p}", "", parent, f"s{self.school_of_class(p // PUPILS_PER_CLASS)}"
            )
            if self.parent_of(p) == p:
                children = ",".join(f"p{k}" for k in (p, p + 1) if self.parent_of(k) == p and k < self.pupils)
                yield self.user(parent, "Елена", f"Родитель{p}", f"{parent}@family.example", children, "")

    def roles(self) -> Iterator[list[str]]:
        for t in range(self.teachers):
            school = self.school_of_class(t * CLASSES_PER_TEACHER // len(SUBJECTS))
            yield [f"rt{t}", "", "", f"t{t}", "primary", "teacher", "", "", f"s{school}", ""]
        for p in range(self.pupils):
            school = f"s{self.school_of_class(p // PUPILS_PER_CLASS)}"
            yield [f"rp{p}", "", "", f"p{p}", "primary", "student", "", "", school, ""]
            if self.parent_of(p) == p:
                yield [f"rpar{p}", "", "", f"par{p}", "primary", "parent", "", "", school, ""]

    def enrollments(self) -> Iterator[list[str]]:
        for p in range(self.pupils):
            c = p // PUPILS_PER_CLASS
            yield [f"e{p}", "", "", f"c{c}", f"s{self.school_of_class(c)}", f"p{p}", "student", "", "", ""]
        for c in range(self.classes):
            school = f"s{self.school_of_class(c)}"
            for s in range(len(SUBJECTS)):
                teacher = self.teacher_of(c, s)
                yield [f"et{c}-{s}", "", "", f"c{c}-{s}", school, f"t{teacher}", "teacher", "true", "", ""]
                if s == 0:
                    yield [f"ec{c}", "", "", f"c{c}", school, f"t{teacher}", "teacher", "true", "", ""]


def write_bundle(path: Path, files: dict[str, Iterator[list[str]]], mode: str = "bulk") -> int:
    """Stream `files` into the zip `path`; return the number of rows."""
    from rostering.spec import FILES

    rows = 0
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr(
            "manifest.csv",
            "propertyName,value\nmanifest.version,1.0\noneroster.version,1.2\n"
            + "".join(f"file.{name},{mode}\n" for name in files),
        )
        for name, generator in files.items():
            with (
                archive.open(f"{name}.csv", "w") as member,
                io.TextIOWrapper(member, "utf-8", newline="") as text,
            ):
                writer = csv.writer(text, lineterminator="\n")
                writer.writerow(FILES[name].columns)
                for row in generator:
                    writer.writerow(row)
                    rows += 1
    return rows


def delta_files(region: Region, share: float) -> dict[str, Iterator[list[str]]]:
    """A delta renaming every 1/share-th pupil."""
    step = max(1, round(1 / share))

    def users() -> Iterator[list[str]]:
        for p in range(0, region.pupils, step):
            row = region.user(
                f"p{p}",
                "Павел",
                f"Ученик{p}",
                "",
                f"par{region.parent_of(p)}",
                f"s{region.school_of_class(p // PUPILS_PER_CLASS)}",
            )
            row[1:3] = ["active", "2026-10-01T00:00:00Z"]
            yield row

    return {"users": users()}


def raw_copy(region: Region, schema: str) -> float:
    """Seconds to COPY the bundle's rows, already as the region's rows, straight into `schema`'s tables."""
    from django.db import connection

    from academics.models import AcademicYear, GradingScale, Period
    from accounts.models import User
    from schools.models import (
        ClassGroup,
        Enrolment,
        Guardianship,
        School,
        StaffMembership,
        Subject,
        TeachingAssignment,
    )

    def copy(model: Any, columns: list[str], rows: Iterator[tuple]) -> None:
        with cursor.copy(
            f'COPY "{schema}"."{model._meta.db_table}" ({", ".join(columns)}) FROM STDIN'
        ) as out:
            for row in rows:
                out.write_row(row)

    r = region
    started = time.perf_counter()
    raw = connection.connection
    with raw.transaction(), raw.cursor() as cursor:
        cursor.execute(
            f'SELECT id FROM "{schema}"."{GradingScale._meta.db_table}" WHERE code = \'five_point\''
        )
        scale = cursor.fetchone()[0]
        copy(
            School,
            ["id", "name", "short_name", "address", "created_at"],
            ((s + 1, f"Школа № {s + 1}", "", "", "now") for s in range(r.schools)),
        )
        copy(
            AcademicYear,
            [
                "id",
                "name",
                "starts_on",
                "ends_on",
                "period_scheme",
                "senior_period_scheme",
                "senior_from_grade",
            ],
            iter([(1, "2026/2027", "2026-09-01", "2027-05-31", "quarters", "", 10)]),
        )
        copy(
            Period,
            ["academic_year_id", "scheme", "number", "name", "starts_on", "ends_on"],
            ((1, "quarters", q, f"{q} четверть", *dates) for q, dates in enumerate(QUARTERS, start=1)),
        )
        copy(
            Subject,
            ["id", "name", "short_name", "grading_scale_id"],
            ((s + 1, title, "", scale) for s, title in enumerate(SUBJECTS)),
        )
        copy(
            ClassGroup,
            ["id", "school_id", "academic_year_id", "grade", "letter", "class_teacher_id"],
            (
                (c + 1, r.school_of_class(c) + 1, 1, *r.grade_letter(c), 10_000_000 + r.teacher_of(c, 0))
                for c in range(r.classes)
            ),
        )
        teacher_id, pupil_id, parent_id = 10_000_000, 20_000_000, 30_000_000

        def people() -> Iterator[tuple]:
            for t in range(r.teachers):
                yield (
                    teacher_id + t,
                    "!x",
                    f"t{t}@school.example",
                    f"Учитель{t} Мария",
                    "teacher",
                    True,
                    "now",
                    "",
                )
            for p in range(r.pupils):
                yield (
                    pupil_id + p,
                    "!x",
                    f"p{p}@roster.invalid",
                    f"Ученик{p} Пётр",
                    "pupil",
                    True,
                    "now",
                    "",
                )
                if r.parent_of(p) == p:
                    yield (
                        parent_id + p,
                        "!x",
                        f"par{p}@family.example",
                        f"Родитель{p} Елена",
                        "parent",
                        True,
                        "now",
                        "",
                    )

        copy(
            User,
            ["id", "password", "email", "full_name", "role", "is_active", "date_joined", "language"],
            people(),
        )
        copy(
            StaffMembership,
            ["school_id", "user_id"],
            (
                (r.school_of_class(t * CLASSES_PER_TEACHER // len(SUBJECTS)) + 1, teacher_id + t)
                for t in range(r.teachers)
            ),
        )
        copy(
            Guardianship,
            ["parent_id", "child_id"],
            ((parent_id + r.parent_of(p), pupil_id + p) for p in range(r.pupils)),
        )
        copy(
            Enrolment,
            ["pupil_id", "class_group_id", "starts_on"],
            ((pupil_id + p, p // PUPILS_PER_CLASS + 1, "2026-09-01") for p in range(r.pupils)),
        )
        copy(
            TeachingAssignment,
            ["teacher_id", "subject_id", "class_group_id"],
            (
                (teacher_id + r.teacher_of(c, s), s + 1, c + 1)
                for c in range(r.classes)
                for s in range(len(SUBJECTS))
            ),
        )
    return time.perf_counter() - started


def child(args: list[str]) -> None:
    """In a process of its own: run one command, print its seconds, output and peak memory as JSON."""
    import django
    from django.core.management import call_command

    django.setup()
    out = io.StringIO()
    started = time.perf_counter()
    call_command(*args, stdout=out, stderr=io.StringIO())
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "output": out.getvalue(), "peak_mb": peak_kb / 1024}))


def run_child(*args: str) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, __file__, "--child", *args],
        capture_output=True,
        text=True,
        env=os.environ,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def written(output: str) -> int:
    for line in output.splitlines():
        if line.startswith("Applied:"):
            return int(line.split()[1])
    raise ValueError(output)


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2:])
        return
    args = parse_args()
    with pgdb.throwaway_database("roster", DEBUG="0"):
        import tempfile

        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections

        from tenants.models import Region as RegionRow
        from tenants.services.onboarding import onboard_region

        call_command("migrate", interactive=False, verbosity=0)
        for code, name in (("RU-TA", "Республика Татарстан"), ("RU-DA", "Республика Дагестан")):
            run = onboard_region(
                code=code, name=name, time_zone="Europe/Moscow", admin_email=f"admin@{code.lower()}.example"
            )
            assert run.state == "done", run.error
        region = Region(args.pupils)
        folder = Path(tempfile.mkdtemp(prefix="bench_roster_"))
        bundle = folder / "bundle.zip"
        started = time.perf_counter()
        rows = write_bundle(bundle, region.files())
        print(
            f"bundle: {args.pupils} pupils, {region.schools} schools, {region.classes} classes, {rows}"
            " rows, "
            f"{bundle.stat().st_size / 2**20:.1f} MB zipped, written in"
            f" {time.perf_counter() - started:.1f} s",
            flush=True,
        )
        connections.close_all()

        first = run_child("roster_import", "--region", "RU-TA", str(bundle))
        copy_seconds = raw_copy(region, RegionRow.objects.get(code="RU-DA").schema_name)
        connections.close_all()
        again = run_child("roster_import", "--region", "RU-TA", str(bundle))
        delta = folder / "delta.zip"
        delta_rows = write_bundle(delta, delta_files(region, 0.01), mode="delta")
        changed = run_child("roster_import", "--region", "RU-TA", str(delta))
        exported = run_child("roster_export", "--region", "RU-TA", str(folder / "export.zip"))

        ratio = copy_seconds / first["seconds"]  # the same rows: throughputs in the inverse ratio of times
        print(
            f"import       {first['seconds']:7.1f} s  {rows / first['seconds']:9.0f} rows/s  "
            f"{written(first['output'])} rows written"
        )
        print(f"raw COPY     {copy_seconds:7.1f} s  {rows / copy_seconds:9.0f} rows/s")
        print(f"ratio        {ratio:7.1%}  (target >= 30 %)")
        print(
            f"again        {again['seconds']:7.1f} s  {again['seconds'] / first['seconds']:.1%} of the"
            " first "
            f"import, {written(again['output'])} rows written  (target 0 rows, <= 20 %)"
        )
        print(
            f"delta 1 %    {changed['seconds']:7.1f} s  {delta_rows} rows in the bundle, "
            f"{written(changed['output'])} rows written"
        )
        print(f"export       {exported['seconds']:7.1f} s")
        print(
            "peak memory  "
            + ", ".join(
                f"{label} {r['peak_mb']:.0f} MB"
                for label, r in (
                    ("import", first),
                    ("again", again),
                    ("delta", changed),
                    ("export", exported),
                )
            )
        )
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()


if __name__ == "__main__":
    main()
