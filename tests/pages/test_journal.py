"""The journal page: staff read a class group's marks and attendance over a period."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.pages.browser import MONDAY, Browser, Journal, second_quarter
from tests.world import World

pytestmark = pytest.mark.django_db


def url(world: World, group: str = "5А", subject: str = "Математика", **extra: object) -> str:
    query = f"/journal/?class_group={world.group(group).pk}&subject={world.subject(subject).pk}"
    return query + "".join(f"&{name}={value}" for name, value in extra.items())


def row(page: str, pupil: str) -> str:
    """The pupil's row of the grid."""
    return page.split(f">{pupil}</a>")[1].split("</tr>")[0]


def test_a_teacher_reads_the_grid_of_a_period(world: World, journal: Journal) -> None:
    quarter = second_quarter(world)
    first = world.year.periods.get(scheme="quarters", number=1)
    teacher = Browser(world, "ivanova")

    page = teacher.page(url(world, period=quarter.pk))

    assert "Journal: 5А, Математика" in page and "2 четверть (5 November – 28 December 2026)" in page
    assert '<th title="Обыкновенные дроби">23.11</th>' in page and '<th class="cancelled">26.11</th>' in page
    sidorov = row(page, "Sidorov")
    answer, test = "Ответ на уроке", "Контрольная работа"
    assert (
        f'<span class="mark" title="{answer}">5</span><span class="mark" title="{test}">4</span>' in sidorov
    )
    assert '<td>4.33</td> <td><span class="mark">4</span></td> <td>—</td>' in sidorov  # average, period, year
    assert '<abbr class="absent" title="Absent">A</abbr>' in row(page, "Smirnov")
    assert '<span class="mark" title="Ответ на уроке">3</span>' in row(page, "Kuznetsova")
    assert "Задачи 12–15 на с. 40" in page and "Cancelled: Учитель на курсах" in page
    assert f'period={first.pk}">1 четверть</a>' in page and '<span class="current">2 четверть</span>' in page

    earlier = teacher.page(url(world, period=first.pk))
    assert "Обыкновенные дроби" not in earlier and "<td>—</td> <td>—</td> <td>—</td>" in row(
        earlier, "Sidorov"
    )
    sport = teacher.page(url(world, subject="Физическая культура", period=quarter.pk))
    assert '<abbr title="Excused: Справка от врача">E</abbr>' in row(sport, "Kuznetsova")


def test_people_without_the_class_group_get_404(world: World, journal: Journal) -> None:
    assert Browser(world, "petrova").get(url(world)).status_code == 404  # teaches 5Б only
    assert Browser(world, "sidorov").get(url(world)).status_code == 404
    assert Browser(world, "sidorova").get(url(world)).status_code == 404
    assert Browser(world, "ivanova").get(url(world, group="5Б")).status_code == 404
    assert Browser(world, "director").get(url(world, group="5Б")).status_code == 200
    assert Browser(world, "ivanova").get(url(world, period=999999)).status_code == 404


def test_the_journal_page_costs_the_same_queries_for_more_pupils_and_lessons(
    world: World, journal: Journal, django_assert_max_num_queries
) -> None:
    teacher = Browser(world, "ivanova")
    page_url = url(world, period=second_quarter(world).pk)
    with CaptureQueriesContext(connection) as before:
        teacher.page(page_url)
    for name in ("orlov", "volkova", "zaitsev", "belova", "egorov"):
        world.pupil(name, "5А")
    for week in (-2, -1, 1):
        day = MONDAY + timedelta(days=7 * week)
        lesson = journal.lesson("Математика", day, topic=f"Тема {week}")
        for name in ("sidorov", "orlov", "volkova"):
            journal.mark(lesson, name, "4")
        journal.attendance(lesson, "belova", "late")
        journal.homework(lesson, f"Домашнее задание {week}", due_on=day + timedelta(days=7))

    with django_assert_max_num_queries(len(before.captured_queries)):
        page = teacher.page(page_url)
    assert (
        "Zaitsev" in page and "Домашнее задание 1" in page and page.count('<abbr title="Late">L</abbr>') == 3
    )
