"""The diary and portfolio pages: a pupil's week as the pupil, a parent and staff see it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from portfolio.services import add_achievement, confirm_achievement
from tests.pages.browser import MONDAY, WEDNESDAY, Browser, Journal, second_quarter
from tests.world import World

pytestmark = pytest.mark.django_db


def test_a_pupil_reads_their_week(world: World, journal: Journal) -> None:
    page = Browser(world, "sidorov").page(f"/diary/?week_of={WEDNESDAY}")

    monday, tuesday = page.split("Monday, 23 November")[1].split("Tuesday, 24 November")
    assert "08:30–09:15" in monday and "Математика" in monday and "Ivanova" in monday
    assert "room 214" in monday and "Topic: Обыкновенные дроби" in monday
    assert '<span class="mark">5</span> <span class="muted">Ответ на уроке</span>' in monday
    assert '<span class="mark">4</span> <span class="muted">Контрольная работа</span>' in monday
    assert ">3</span>" not in monday  # kuznetsova's mark
    assert "Homework: Задачи 12–15 на с. 40" in monday and "(due 25 November)" in monday
    assert ">pass</span>" in tuesday
    wednesday = page.split("Wednesday, 25 November")[1].split("Thursday, 26 November")[0]
    assert "Homework due" in wednesday and "Задачи 12–15 на с. 40" in wednesday
    assert "Cancelled: Учитель на курсах" in page.split("Thursday, 26 November")[1]
    assert "Times are local to Московская область (UTC+03:00)." in page
    assert f"week_of={MONDAY - timedelta(days=7)}" in page and f"week_of={MONDAY + timedelta(days=7)}" in page
    averages = page.split("Averages, 2 четверть")[1]
    assert "<td>Математика</td> <td>4.33</td>" in averages  # (5×1 + 4×2) / 3
    assert '<span class="mark">4</span>' in averages  # the period mark


def test_attendance_shows_as_the_journal_has_it(world: World, journal: Journal) -> None:
    absent = Browser(world, "smirnov").page(f"/diary/?week_of={MONDAY}")
    excused = Browser(world, "kuznetsova").page(f"/diary/?week_of={MONDAY}")

    assert '<abbr class="absent" title="Absent">A</abbr>' in absent
    assert "Excused: Справка от врача" in excused


def test_a_parent_switches_between_children_and_reaches_no_other_pupil(
    world: World, journal: Journal
) -> None:
    world.pupil("sidorova_jr", "5Б")
    world.parent("sidorova", "sidorova_jr")
    sidorov, junior = world.people["sidorov"], world.people["sidorova_jr"]
    parent = Browser(world, "sidorova")

    first = parent.page(f"/diary/?week_of={MONDAY}")  # the first child by name
    second = parent.page(f"/diary/?pupil={junior.pk}&week_of={MONDAY}")

    assert "Diary: Sidorov</h1>" in first and "Обыкновенные дроби" in first
    assert f'href="?pupil={junior.pk}&amp;week_of={MONDAY}">Sidorova_Jr</a>' in first
    assert "Diary: Sidorova_Jr</h1>" in second and "Обыкновенные дроби" not in second
    assert f'href="?pupil={sidorov.pk}&amp;week_of={MONDAY}">Sidorov</a>' in second
    kuznetsova = world.people["kuznetsova"].pk
    assert parent.get(f"/diary/?pupil={kuznetsova}").status_code == 404
    assert parent.get(f"/portfolio/?pupil={kuznetsova}").status_code == 404
    assert Browser(world, "sidorov").get(f"/diary/?pupil={kuznetsova}").status_code == 404
    assert Browser(world, "petrova").get(f"/diary/?pupil={sidorov.pk}").status_code == 404  # teaches 5Б
    assert "Обыкновенные дроби" in Browser(world, "ivanova").page(
        f"/diary/?pupil={sidorov.pk}&week_of={MONDAY}"
    )


def test_a_bad_week_is_named(world: World) -> None:
    response = Browser(world, "sidorov").get("/diary/?week_of=23.11.2026")

    assert response.status_code == 400 and "week_of: Enter a valid date." in response.content.decode()


def test_the_diary_page_costs_the_same_queries_in_a_busier_week(
    world: World, journal: Journal, django_assert_max_num_queries
) -> None:
    browser = Browser(world, "sidorova")
    url = f"/diary/?week_of={MONDAY}"
    with CaptureQueriesContext(connection) as before:
        browser.page(url)
    for offset in range(5):
        day = MONDAY + timedelta(days=offset)
        for subject in ("Математика", "Физическая культура"):
            lesson = journal.lesson(subject, day, topic=f"{subject} {day}")
            journal.mark(lesson, "sidorov", "5" if subject == "Математика" else "pass")
            journal.homework(lesson, f"Задание {day}", due_on=day + timedelta(days=7))

    with django_assert_max_num_queries(len(before.captured_queries)):
        page = browser.page(url)
    assert page.count('<span class="mark"') >= 13


def test_the_portfolio_shows_achievements_with_their_status(world: World) -> None:
    sidorov = world.people["sidorov"]
    for title, confirm in (("Всероссийская олимпиада по математике", True), ("Шахматный турнир", False)):
        achievement = add_achievement(
            region=world.region,
            pupil=sidorov,
            actor=sidorov,
            kind="olympiad",
            title=title,
            level="municipal",
            result="prize_winner",
            achieved_on=date(2026, 11, 10),
        )
        if confirm:
            confirm_achievement(region=world.region, achievement=achievement, actor=world.people["director"])

    page = Browser(world, "sidorova").page("/portfolio/")

    olympiad = page.split("Всероссийская олимпиада по математике")[1].split("</li>")[0]
    chess = page.split("Шахматный турнир")[1].split("</li>")[0]
    assert "Olympiad · Municipal · Prize winner · 10 November 2026" in olympiad
    assert "Status: <strong>Confirmed</strong>" in olympiad
    assert "Status: <strong>Awaiting confirmation</strong>" in chess
    assert Browser(world, "kuznetsova").get(f"/portfolio/?pupil={sidorov.pk}").status_code == 404


def test_library_materials_show_with_their_homework_and_a_withdrawal_notice(
    world: World, journal: Journal
) -> None:
    from catalogue.services.materials import attach_material
    from federation.services.releases import cut_release
    from federation.services.sync import sync_region
    from journal.models import Homework
    from shared_library.services.grants import grant_capability
    from tests import factories
    from tests.federation import library

    publisher = factories.operator("releases@federation.example")
    grant_capability(user=publisher, capability="release")
    lab, quiz = library.published_item("Дроби на числовой прямой"), library.published_item("Тест: дроби")
    cut_release(actor=publisher)
    sync_region(region=world.region)
    homework = Homework.objects.get(text="Задачи 12–15 на с. 40")
    for item in (lab, quiz):
        attach_material(region=world.region, item_id=item.pk, actor=world.people["ivanova"],
                        homework=homework)
    library.withdraw(quiz, "Ошибка в ответах")

    page = Browser(world, "sidorov").page(f"/diary/?week_of={WEDNESDAY}")

    monday = page.split("Monday, 23 November")[1].split("Tuesday, 24 November")[0]
    assert 'Library: <a href="https://media.myschool.example/library/' in monday
    assert "Дроби на числовой прямой</a>" in monday
    assert ("<s>Тест: дроби</s> <span class=\"muted\">This material was withdrawn from the library: "
            "Ошибка в ответах</span>") in monday


def test_homework_attachments_link_from_the_diary_and_the_journal(world: World, journal: Journal) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from journal.services import set_homework

    lesson = journal.lesson("Математика", WEDNESDAY)
    homework = set_homework(
        region=world.region,
        lesson=lesson,
        text="Рабочий лист",
        due_on=WEDNESDAY + timedelta(days=7),
        links=[("Учебник", "https://books.example/math5")],
        files=[SimpleUploadedFile("worksheet.pdf", b"%PDF-1.4 fractions")],
        actor=lesson.teacher,
    )
    file = homework.attachments.get(title="worksheet.pdf")
    links = (
        '<a href="https://books.example/math5">Учебник</a>, '
        f'<a href="/api/v1/homework/{homework.pk}/attachments/{file.pk}/file/">worksheet.pdf</a>'
    )

    diary = Browser(world, "sidorov").page(f"/diary/?week_of={WEDNESDAY}")
    grid = Browser(world, "ivanova").page(
        f"/journal/?class_group={world.group('5А').pk}&subject={world.subject('Математика').pk}"
        f"&period={second_quarter(world).pk}"
    )

    assert links in diary.split("Wednesday, 25 November")[1]
    assert links in grid.split("Lessons and homework")[1]


def test_a_teacher_without_a_pupil_is_led_to_choose_a_class_then_a_pupil(world: World, settings) -> None:
    settings.LANGUAGE_CODE = "ru"
    teacher = Browser(world, "ivanova")
    five_a, five_b = world.group("5А"), world.group("5Б")
    with translation.override("ru"):
        choice = teacher.page("/diary/")
        pupils = teacher.page(f"/diary/?class_group={five_a.pk}")
        portfolio = teacher.page("/portfolio/")
        foreign = teacher.get(f"/diary/?class_group={five_b.pk}")
    assert "Чей дневник открыть?" in choice and "Выберите класс, затем ученика." in choice
    assert f'href="?class_group={five_a.pk}"' in choice
    assert f"?class_group={five_b.pk}" not in choice  # petrova's class, not hers
    assert "pupil:" not in choice
    sidorov, popov = world.people["sidorov"], world.people["popov"]
    assert f'<a href="?pupil={sidorov.pk}">Sidorov</a>' in pupils
    assert "Kuznetsova" in pupils and "Smirnov" in pupils and f"?pupil={popov.pk}" not in pupils
    assert "Дневник: Sidorov" in teacher.page(f"/diary/?pupil={sidorov.pk}")
    assert "Чьё портфолио открыть?" in portfolio
    assert foreign.status_code == 404
