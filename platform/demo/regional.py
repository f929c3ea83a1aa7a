"""A lived-in school for each demo region: people of every role, a timetable, weeks of journal.

Built through the same services people use, so the demo obeys every rule.
Idempotent: a region that already has the demo school is left as it is.
"""

from __future__ import annotations

import random
from datetime import date, time, timedelta

from django.db import transaction

from academics.models import AcademicYear
from accounts.models import Role, User
from accounts.services import set_password
from demo.calendar import demo_academic_year, lesson_end
from journal.services import record_attendance, record_mark, set_homework
from portfolio.services import add_achievement, confirm_achievement
from schedule.models import Lesson
from schedule.services import add_timetable_entry, cancel_lesson, generate_lessons, set_topic
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
from tenants.context import require_region
from tenants.models import Region

PASSWORD = "demo-school-2026"
BELLS = [time(8, 30), time(9, 25), time(10, 30), time(11, 30), time(12, 25)]
# Teacher (login name, full name) and the subjects they teach; pass/fail subjects marked.
TEACHERS = [
    ("teacher", "Иванова Марина Сергеевна", ["Математика"]),
    ("smirnova", "Смирнова Ольга Петровна", ["Русский язык", "Литература"]),
    ("kozlov", "Козлов Андрей Викторович", ["История", "География"]),
    ("volkova", "Волкова Елена Игоревна", ["Английский язык"]),
    ("orlov", "Орлов Дмитрий Николаевич", ["Физическая культура", "Биология"]),
]
PASS_FAIL = {"Физическая культура"}
GROUPS = ["5А", "5Б", "10А"]
PUPILS = {
    "5А": [
        "Алексеев Артём",
        "Белова Анна",
        "Григорьев Максим",
        "Дмитриева София",
        "Егоров Иван",
        "Жукова Ева",
    ],
    "5Б": [
        "Зайцев Лев",
        "Карпова Мария",
        "Лебедев Марк",
        "Морозова Алиса",
        "Никитин Тимофей",
        "Осипова Вера",
    ],
    "10А": ["Павлов Никита", "Романова Полина", "Соколов Егор", "Тарасова Дарья", "Фёдоров Кирилл"],
}
TOPICS = {
    "Математика": [
        "Натуральные числа",
        "Сложение и вычитание",
        "Умножение",
        "Деление с остатком",
        "Обыкновенные дроби",
        "Десятичные дроби",
        "Проценты",
        "Уравнения",
    ],
    "Русский язык": [
        "Фонетика",
        "Морфемика",
        "Имя существительное",
        "Имя прилагательное",
        "Глагол",
        "Синтаксис простого предложения",
    ],
    "Литература": [
        "Мифы Древней Греции",
        "Басни Крылова",
        "Пушкин. Сказки",
        "Тургенев. «Муму»",
        "Толстой. «Кавказский пленник»",
    ],
    "История": ["Древний Египет", "Древняя Греция", "Древний Рим", "Великое переселение народов"],
    "География": ["Литосфера", "Гидросфера", "Атмосфера", "Биосфера"],
    "Английский язык": ["Present Simple", "Past Simple", "My family", "At school", "Travelling"],
    "Физическая культура": ["Лёгкая атлетика", "Гимнастика", "Волейбол", "Баскетбол"],
    "Биология": ["Клетка", "Ткани", "Растения", "Животные", "Экосистемы"],
}


def _email(login: str, region: Region) -> str:
    return f"{login}@{region.code.split('-')[1].lower()}.example"


def demo_logins(region: Region) -> list[tuple[str, str, str]]:
    """(role, e-mail, password) of the demo school's people to try."""
    return [
        (str(Role.SCHOOL_ADMIN.label), _email("director", region), PASSWORD),
        (str(Role.TEACHER.label), _email("teacher", region), PASSWORD),
        (str(Role.PUPIL.label), _email("pupil", region), PASSWORD),
        (str(Role.PARENT.label), _email("parent", region), PASSWORD),
    ]


def populate_demo_region(*, region: Region, today: date, school_name: str) -> bool:
    """Give `region` (entered by the caller) a lived-in school; False if it has one already."""
    require_region(region)
    if School.objects.filter(name=school_name).exists():
        return False
    rng = random.Random(region.code)
    with transaction.atomic():
        year = demo_academic_year(region, today)
        school = create_school(region=region, name=school_name, address="ул. Школьная, д. 1")
        director = _person(region, "director", "Соколова Наталья Владимировна", Role.SCHOOL_ADMIN, school)
        subjects = {
            name: create_subject(
                region=region, name=name, grading_scale="pass_fail" if name in PASS_FAIL else "five_point"
            )
            for _login, _name, names in TEACHERS
            for name in names
        }
        teachers = [
            (_person(region, login, name, Role.TEACHER, school), names) for login, name, names in TEACHERS
        ]
        groups = [_class_group(region, school, year, name, teachers[i][0]) for i, name in enumerate(GROUPS)]
        pupils = _pupils(region, groups, year)
        _timetable(region, groups, teachers, subjects, director, year)
        first = max(year.starts_on, today - timedelta(days=today.weekday() + 21))
        last = min(year.ends_on, today + timedelta(days=13 - today.weekday()))
        for group in groups:
            generate_lessons(region=region, class_group=group, starts_on=first, ends_on=last, actor=director)
        _journal(region, groups, pupils, today, rng)
        _portfolio(region, pupils, director, today)
    return True


def _person(region: Region, login: str, full_name: str, role: str, school: School | None = None) -> User:
    user = create_person(
        region=region, email=_email(login, region), role=role, full_name=full_name, school=school
    )
    set_password(user=user, password=PASSWORD)
    return user


def _class_group(region: Region, school: School, year: AcademicYear, name: str, lead: User) -> ClassGroup:
    return create_class_group(
        region=region,
        school=school,
        academic_year=year,
        grade=int(name[:-1]),
        letter=name[-1],
        class_teacher=lead,
    )


def _pupils(region: Region, groups: list[ClassGroup], year: AcademicYear) -> dict[int, list[User]]:
    """Pupils per class group; the first pupil of 5А logs in as pupil@, whose parent (parent@)
    also has a child in 10А, so the demo shows a parent switching between children."""
    pupils: dict[int, list[User]] = {}
    for group in groups:
        pupils[group.pk] = []
        for n, full_name in enumerate(PUPILS[group.name]):
            login = "pupil" if (group.name, n) == ("5А", 0) else f"pupil{group.pk}-{n}"
            pupil = _person(region, login, full_name, Role.PUPIL)
            enrol_pupil(region=region, pupil=pupil, class_group=group, starts_on=year.starts_on)
            pupils[group.pk].append(pupil)
            surname = full_name.split()[0]
            parent_login = "parent" if login == "pupil" else f"parent{group.pk}-{n}"
            if group.name == "10А" and n == 0:
                parent = User.objects.get(email=_email("parent", region))
            else:
                parent = _person(region, parent_login, f"{surname} (родитель)", Role.PARENT)
            link_parent(region=region, parent=parent, child=pupil)
    return pupils


def _timetable(
    region: Region,
    groups: list[ClassGroup],
    teachers: list[tuple[User, list[str]]],
    subjects: dict[str, Subject],
    actor: User,
    year: AcademicYear,
) -> None:
    # At lesson n of a weekday, class group i has teacher (day + n + i) mod 5: never one teacher
    # in two rooms at once.
    for i, group in enumerate(groups):
        for teacher, names in teachers:
            for name in names:
                assign_teacher(region=region, teacher=teacher, subject=subjects[name], class_group=group)
        for weekday in range(1, 6):
            for number, bell in enumerate(BELLS, start=1):
                teacher, names = teachers[(weekday + number + i) % len(teachers)]
                subject = subjects[names[(weekday + number) % len(names)]]
                add_timetable_entry(
                    region=region,
                    class_group=group,
                    weekday=weekday,
                    number=number,
                    starts_at=bell,
                    ends_at=lesson_end(bell),
                    subject=subject,
                    teacher=teacher,
                    actor=actor,
                    room=str(200 + 10 * i + number % 3),
                    valid_from=year.starts_on,
                )


def _journal(
    region: Region, groups: list[ClassGroup], pupils: dict[int, list[User]], today: date, rng: random.Random
) -> None:
    """Topics and homework on every lesson; marks and attendance on the ones already held."""
    lessons = list(
        Lesson.objects.filter(class_group__in=groups)
        .select_related("subject", "teacher")
        .order_by("date", "starts_at")
    )
    counters: dict[tuple[int, int], int] = {}
    ability = {p.pk: rng.choice([3, 4, 4, 5, 5]) for ps in pupils.values() for p in ps}
    cancelled = False
    for lesson in lessons:
        key = (lesson.class_group_id, lesson.subject_id)
        counters[key] = counters.get(key, 0) + 1
        topics = TOPICS[lesson.subject.name]
        topic = topics[(counters[key] - 1) // 2 % len(topics)]
        set_topic(region=region, lesson=lesson, topic=topic, actor=lesson.teacher)
        set_homework(
            region=region,
            lesson=lesson,
            actor=lesson.teacher,
            due_on=lesson.date + timedelta(days=7),
            text=f"{topic}: повторить материал урока, выполнить упражнения в рабочей тетради.",
        )
        if lesson.date >= today:
            if not cancelled and lesson.date > today:
                cancel_lesson(
                    region=region,
                    lesson=lesson,
                    actor=None,  # the system: only the administration cancels, and this is set-up
                    reason="Учитель на курсах повышения квалификации",
                )
                cancelled = True
            continue
        group_pupils = pupils[lesson.class_group_id]
        kind = "test" if counters[key] % 6 == 0 else "answer"
        marked = group_pupils if kind == "test" else rng.sample(group_pupils, 2)
        absent = rng.choice(group_pupils) if rng.random() < 0.3 else None
        if absent is not None:
            status = rng.choice(["absent", "late", "excused"])
            record_attendance(
                region=region,
                lesson=lesson,
                pupil=absent,
                status=status,
                actor=lesson.teacher,
                reason="Болезнь" if status == "excused" else "",
            )
        for pupil in marked:
            if pupil == absent:
                continue
            if lesson.subject.grading_scale.code == "pass_fail":
                value = "pass" if rng.random() < 0.95 else "fail"
            else:
                value = str(max(2, min(5, ability[pupil.pk] + rng.choice([-1, 0, 0, 1]))))
            record_mark(
                region=region, lesson=lesson, pupil=pupil, value=value, kind=kind, actor=lesson.teacher
            )


def _portfolio(region: Region, pupils: dict[int, list[User]], director: User, today: date) -> None:
    pupil = User.objects.get(email=_email("pupil", region))
    olympiad = add_achievement(
        region=region,
        pupil=pupil,
        actor=pupil,
        kind="olympiad",
        title="Всероссийская олимпиада школьников",
        subject="Математика",
        level="municipal",
        result="prize_winner",
        achieved_on=today - timedelta(days=30),
        organiser="Департамент образования",
    )
    confirm_achievement(region=region, achievement=olympiad, actor=director)
    add_achievement(
        region=region,
        pupil=pupil,
        actor=pupil,
        kind="competition",
        title="Городской шахматный турнир",
        level="regional",
        result="participant",
        achieved_on=today - timedelta(days=10),
    )
