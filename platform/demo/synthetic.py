"""A large synthetic region for benchmarks: many schools, pupils, a term of lessons and marks.

Rows are written in bulk (batches of bulk_create), not through the services one
by one: 10 000 pupils and a term of lessons are half a million journal rows.
The data keep every rule the services enforce (marks on the subject's scale,
pupils enrolled at the lesson's date, lessons only from the timetable on
school days), so the benchmark reads what a real region would hold. Every
person's password is PASSWORD (one hash shared by all, to save hashing 20 000
times). Deterministic for a given seed.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

from academics.models import AcademicYear, Holiday, MarkKind
from accounts.models import Role, User
from demo.calendar import demo_academic_year, lesson_end
from journal.models import Attendance, AttendanceStatus, Homework, Mark
from schedule.models import Lesson, TimetableEntry
from schools.models import (
    ClassGroup,
    Enrolment,
    Guardianship,
    School,
    StaffMembership,
    Subject,
    TeachingAssignment,
)
from schools.services import create_subject
from tenants.context import require_region
from tenants.models import Region

PASSWORD = "synthetic-2026"
BATCH = 5000
SUBJECTS = [
    "Русский язык",
    "Литература",
    "Математика",
    "Английский язык",
    "История",
    "Биология",
    "География",
    "Физика",
    "Информатика",
    "Музыка",
]
BELLS = [time(8, 30), time(9, 25), time(10, 30), time(11, 30), time(12, 25), time(13, 20)]
PUPILS_PER_GROUP = 25
MARK_VALUES = ["5", "4", "3", "2"]
MARK_ODDS = [35, 40, 20, 5]


@dataclass(frozen=True)
class SyntheticSize:
    schools: int = 20
    pupils: int = 10_000
    weeks: int = 8


def generate_synthetic_region(
    *,
    region: Region,
    size: SyntheticSize,
    today: date,
    seed: int = 2026,
    progress: Callable[[str], None] = lambda _message: None,
) -> dict[str, int]:
    """Fill `region` (entered by the caller, with no schools yet) and return row counts.

    Lessons cover the `size.weeks` school weeks up to `today`; marks,
    attendance and homework are given on every lesson before `today`.
    """
    require_region(region)
    if School.objects.exists():
        raise RuntimeError(f"{region.code} has schools already; synthetic data go into an empty region")
    rng = random.Random(seed)
    password = make_password(PASSWORD)
    year = demo_academic_year(region, today)
    subjects = [create_subject(region=region, name=s) for s in SUBJECTS]
    kinds = list(MarkKind.objects.filter(is_active=True))

    with transaction.atomic():
        progress("schools, people, class groups")
        world = _people(region, size, year, rng, password)
        progress("timetable")
        entries = _timetable(world, subjects, year)
    counts = {
        "schools": size.schools,
        "pupils": size.pupils,
        "class groups": len(world.groups),
        "teachers": len(world.teachers),
    }
    days = _school_days(year, today, size.weeks)
    holidays_ = list(Holiday.objects.filter(academic_year=year))
    days = [d for d in days if not any(h.starts_on <= d <= h.ends_on for h in holidays_)]
    counts.update({"lessons": 0, "marks": 0, "attendance": 0, "homework": 0})
    for number, group in enumerate(world.groups, start=1):
        with transaction.atomic():
            written = _journal(group, entries[group.pk], world.pupils_of[group.pk], days, today, kinds, rng)
        for key, value in written.items():
            counts[key] += value
        if number % 50 == 0 or number == len(world.groups):
            progress(f"journal: {number}/{len(world.groups)} class groups")
    with connection.cursor() as cursor:
        # Fresh statistics, as autovacuum would gather them later: plans for the real sizes.
        cursor.execute("ANALYZE")
    return counts


@dataclass
class _World:
    groups: list[ClassGroup]
    teachers: list[User]
    teachers_of_school: dict[int, list[User]]
    pupils_of: dict[int, list[int]]


def _people(
    region: Region, size: SyntheticSize, year: AcademicYear, rng: random.Random, password: str
) -> _World:
    slug = region.code.lower()

    def people(role: str, login: str, title: str, count: int) -> list[User]:
        return User.objects.bulk_create(
            (
                User(
                    email=f"{login}{n}@{slug}.synthetic.example",
                    full_name=f"{title} {n}",
                    role=role,
                    password=password,
                )
                for n in range(count)
            ),
            batch_size=BATCH,
        )

    schools = School.objects.bulk_create(
        School(name=f"Школа № {n}", short_name=f"Школа № {n}") for n in range(1, size.schools + 1)
    )
    groups_per_school = max(1, round(size.pupils / PUPILS_PER_GROUP / size.schools))
    groups = ClassGroup.objects.bulk_create(
        ClassGroup(school=school, academic_year=year, grade=1 + g % 11, letter="АБВГДЕЖИКЛМН"[g // 11 % 12])
        for school in schools
        for g in range(groups_per_school)
    )
    teachers_per_school = max(3, groups_per_school * 3 // 2)
    teachers = people(Role.TEACHER, "teacher", "Учитель", size.schools * teachers_per_school)
    teachers_of_school = {
        s.pk: teachers[i * teachers_per_school : (i + 1) * teachers_per_school] for i, s in enumerate(schools)
    }
    StaffMembership.objects.bulk_create(
        (
            StaffMembership(school_id=school_id, user=t)
            for school_id, ts in teachers_of_school.items()
            for t in ts
        ),
        batch_size=BATCH,
    )
    admins = people(Role.SCHOOL_ADMIN, "director", "Директор", size.schools)
    StaffMembership.objects.bulk_create(
        StaffMembership(school=s, user=a) for s, a in zip(schools, admins, strict=True)
    )
    pupils = people(Role.PUPIL, "pupil", "Ученик", size.pupils)
    parents = people(Role.PARENT, "parent", "Родитель", size.pupils)
    Guardianship.objects.bulk_create(
        (Guardianship(parent=p, child=c) for p, c in zip(parents, pupils, strict=True)), batch_size=BATCH
    )
    pupils_of: dict[int, list[int]] = {g.pk: [] for g in groups}
    for n, pupil in enumerate(pupils):
        pupils_of[groups[n % len(groups)].pk].append(pupil.pk)
    Enrolment.objects.bulk_create(
        (
            Enrolment(pupil_id=p, class_group_id=g, starts_on=year.starts_on)
            for g, ps in pupils_of.items()
            for p in ps
        ),
        batch_size=BATCH,
    )
    return _World(groups, teachers, teachers_of_school, pupils_of)


def _timetable(world: _World, subjects: list[Subject], year: AcademicYear) -> dict[int, list[TimetableEntry]]:
    assignments, entries = [], []
    for group in world.groups:
        staff = world.teachers_of_school[group.school_id]
        teacher_of = {s.pk: staff[(group.pk + i) % len(staff)] for i, s in enumerate(subjects)}
        assignments += [
            TeachingAssignment(teacher=t, subject_id=s, class_group=group) for s, t in teacher_of.items()
        ]
        for weekday in range(1, 6):
            for number, bell in enumerate(BELLS[: 5 + weekday % 2], start=1):
                subject = subjects[(weekday * 7 + number * 3 + group.pk) % len(subjects)]
                entries.append(
                    TimetableEntry(
                        class_group=group,
                        weekday=weekday,
                        number=number,
                        starts_at=bell,
                        ends_at=lesson_end(bell),
                        subject=subject,
                        teacher=teacher_of[subject.pk],
                        room=str(100 + number),
                        valid_from=year.starts_on,
                    )
                )
    TeachingAssignment.objects.bulk_create(assignments, batch_size=BATCH)
    created = TimetableEntry.objects.bulk_create(entries, batch_size=BATCH)
    by_group: dict[int, list[TimetableEntry]] = {}
    for entry in created:
        by_group.setdefault(entry.class_group_id, []).append(entry)
    return by_group


def _school_days(year: AcademicYear, today: date, weeks: int) -> list[date]:
    last = min(today + timedelta(days=6 - today.weekday()), year.ends_on)
    first = max(year.starts_on, last - timedelta(weeks=weeks) + timedelta(days=1))
    return [
        first + timedelta(days=n)
        for n in range((last - first).days + 1)
        if (first + timedelta(days=n)).isoweekday() <= 5
    ]


def _journal(
    group: ClassGroup,
    entries: list[TimetableEntry],
    pupils: list[int],
    days: list[date],
    today: date,
    kinds: list[MarkKind],
    rng: random.Random,
) -> dict[str, int]:
    lessons = Lesson.objects.bulk_create(
        (
            Lesson(
                class_group=group,
                subject_id=e.subject_id,
                teacher_id=e.teacher_id,
                room=e.room,
                date=day,
                starts_at=e.starts_at,
                ends_at=e.ends_at,
                timetable_entry=e,
                scheduled_on=day,
                topic=f"Тема урока {day:%d.%m}",
            )
            for day in days
            for e in entries
            if e.weekday == day.isoweekday()
        ),
        batch_size=BATCH,
    )
    marks, attendance, homework = [], [], []
    for lesson in lessons:
        homework.append(
            Homework(
                lesson=lesson,
                class_group=group,
                text=f"Упражнения к уроку {lesson.date:%d.%m}",
                due_on=lesson.date + timedelta(days=7),
                set_by_id=lesson.teacher_id,
            )
        )
        if lesson.date >= today:
            continue
        for pupil in rng.sample(pupils, min(4, len(pupils))):
            kind = rng.choice(kinds)
            value = rng.choices(MARK_VALUES, MARK_ODDS)[0]
            marks.append(
                Mark(
                    lesson=lesson,
                    pupil_id=pupil,
                    value=value,
                    points=Decimal(value),
                    kind=kind,
                    weight=kind.weight,
                    given_by_id=lesson.teacher_id,
                )
            )
        for pupil in rng.sample(pupils, min(2, len(pupils))):
            status = rng.choice([AttendanceStatus.ABSENT, AttendanceStatus.LATE, AttendanceStatus.EXCUSED])
            attendance.append(
                Attendance(
                    lesson=lesson,
                    pupil_id=pupil,
                    status=status,
                    reason="Болезнь" if status == AttendanceStatus.EXCUSED else "",
                    recorded_by_id=lesson.teacher_id,
                )
            )
    Mark.objects.bulk_create(marks, batch_size=BATCH)
    Attendance.objects.bulk_create(attendance, batch_size=BATCH)
    Homework.objects.bulk_create(homework, batch_size=BATCH)
    return {
        "lessons": len(lessons),
        "marks": len(marks),
        "attendance": len(attendance),
        "homework": len(homework),
    }
