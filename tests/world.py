"""A region's lived-in world for tests, built through the real services.

    world = school_world(factories.region("RU-MOS"))
    world.teacher("ivanova"), world.pupil("sidorov"), world.group("5А") ...

Every person has the password factories.PASSWORD and the e-mail
<name>@school.example. Dates are fixed (school year 2026/2027), never today's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time

from academics.models import AcademicYear
from academics.services import DateRange, create_academic_year
from accounts.models import Role, User
from accounts.services import set_password
from demo.calendar import lesson_end
from schedule.models import Lesson
from schedule.services import add_lesson
from schools.models import ClassGroup, School, Subject
from schools.services import (
    assign_teacher,
    create_class_group,
    create_person,
    create_school,
    create_subject,
    enrol_pupil,
    link_parent,
)
from tenants.context import in_region
from tenants.models import Region
from tests.factories import PASSWORD

YEAR_START, YEAR_END = date(2026, 9, 1), date(2027, 5, 31)
QUARTERS = [
    DateRange("1 четверть", date(2026, 9, 1), date(2026, 10, 24)),
    DateRange("2 четверть", date(2026, 11, 5), date(2026, 12, 28)),
    DateRange("3 четверть", date(2027, 1, 12), date(2027, 3, 21)),
    DateRange("4 четверть", date(2027, 3, 30), date(2027, 5, 31)),
]
HALVES = [
    DateRange("1 полугодие", date(2026, 9, 1), date(2026, 12, 28)),
    DateRange("2 полугодие", date(2027, 1, 12), date(2027, 5, 31)),
]
HOLIDAYS = [
    DateRange("Осенние каникулы", date(2026, 10, 25), date(2026, 11, 4)),
    DateRange("Зимние каникулы", date(2026, 12, 29), date(2027, 1, 11)),
    DateRange("Весенние каникулы", date(2027, 3, 22), date(2027, 3, 29)),
]


def email(name: str) -> str:
    return f"{name}@school.example"


def academic_year(region: Region) -> AcademicYear:
    """2026/2027 in quarters, halves for grades 10–11, with the usual holidays."""
    with in_region(region):
        existing = AcademicYear.objects.filter(name="2026/2027").first()
        return existing or create_academic_year(
            region=region,
            name="2026/2027",
            starts_on=YEAR_START,
            ends_on=YEAR_END,
            periods={"quarters": QUARTERS, "halves": HALVES},
            holidays=HOLIDAYS,
            senior_period_scheme="halves",
            actor=None,
        )


@dataclass
class World:
    """One region's school with people; look people and groups up by short name."""

    region: Region
    year: AcademicYear
    school: School
    people: dict[str, User] = field(default_factory=dict)
    groups: dict[str, ClassGroup] = field(default_factory=dict)
    subjects: dict[str, Subject] = field(default_factory=dict)

    def person(self, name: str, role: str, school: School | None = None) -> User:
        with in_region(self.region):
            staff = role in (Role.SCHOOL_ADMIN, Role.TEACHER)
            user = create_person(
                region=self.region,
                email=email(name),
                role=role,
                full_name=name.title(),
                school=(school or self.school) if staff else None,
            )
            set_password(user=user, password=PASSWORD)
        self.people[name] = user
        return user

    def teacher(self, name: str) -> User:
        return self.people[name] if name in self.people else self.person(name, Role.TEACHER)

    def pupil(self, name: str, group: str | None = None, since: date = YEAR_START) -> User:
        user = self.people.get(name) or self.person(name, Role.PUPIL)
        if group is not None:
            with in_region(self.region):
                enrol_pupil(region=self.region, pupil=user, class_group=self.group(group), starts_on=since)
        return user

    def parent(self, name: str, *children: str) -> User:
        user = self.people.get(name) or self.person(name, Role.PARENT)
        with in_region(self.region):
            for child in children:
                link_parent(region=self.region, parent=user, child=self.people[child])
        return user

    def group(self, name: str) -> ClassGroup:
        """Class group `name` (e.g. 5А), created on first use."""
        if name not in self.groups:
            with in_region(self.region):
                self.groups[name] = create_class_group(
                    region=self.region,
                    school=self.school,
                    academic_year=self.year,
                    grade=int(name[:-1]),
                    letter=name[-1],
                )
        return self.groups[name]

    def subject(self, name: str, scale: str = "five_point") -> Subject:
        if name not in self.subjects:
            with in_region(self.region):
                self.subjects[name] = create_subject(region=self.region, name=name, grading_scale=scale)
        return self.subjects[name]

    def assign(self, teacher: str, subject: str, group: str) -> None:
        with in_region(self.region):
            assign_teacher(
                region=self.region,
                teacher=self.teacher(teacher),
                subject=self.subject(subject),
                class_group=self.group(group),
            )

    def lesson(
        self,
        teacher: str,
        subject: str,
        group: str,
        day: date,
        at: time = time(8, 30),
        minutes: int = 45,
        **extra: str,
    ) -> Lesson:
        end = lesson_end(at, minutes)
        with in_region(self.region):
            return add_lesson(
                region=self.region,
                class_group=self.group(group),
                subject=self.subject(subject),
                teacher=self.teacher(teacher),
                date=day,
                starts_at=at,
                ends_at=end,
                **extra,
            )


def school_world(region: Region, school_name: str = "Школа № 1") -> World:
    """A school in `region` with an admin, but no classes yet: tests add what they need."""
    year = academic_year(region)
    with in_region(region):
        school = create_school(region=region, name=school_name)
    world = World(region=region, year=year, school=school)
    world.person("director", Role.SCHOOL_ADMIN)
    return world


def classroom(region: Region) -> World:
    """The usual cast: 5А with three pupils, 5Б with one, two maths teachers, a parent.

    ivanova teaches maths to 5А, petrova maths to 5Б; sidorov's parent is
    sidorova; physical education (pass/fail) is taught by ivanova in 5А.
    """
    world = school_world(region)
    world.subject("Физическая культура", "pass_fail")
    world.assign("ivanova", "Математика", "5А")
    world.assign("ivanova", "Физическая культура", "5А")
    world.assign("petrova", "Математика", "5Б")
    for name in ("sidorov", "kuznetsova", "smirnov"):
        world.pupil(name, "5А")
    world.pupil("popov", "5Б")
    world.parent("sidorova", "sidorov")
    return world
