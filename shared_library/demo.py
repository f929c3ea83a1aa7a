"""The demo federation's library: about thirty published items, two collections, and moderation in flight.

populate_demo_library() builds it through the real services, so it holds only
what an operator could have made: every kind, subjects and grades across the
school, one item in its second published version, one new version in review,
one withdrawn item, and a contribution from Moscow awaiting review. Media URLs
point at a plausible object store; their checksums are made up but well formed.
"""

from __future__ import annotations

import hashlib
from typing import Any, NamedTuple

from django.db import transaction

from accounts.models import Role, User
from shared_library.models import Collection, LibraryItem
from shared_library.services.collections import add_items, create_collection
from shared_library.services.contributions import submit_regional_item
from shared_library.services.items import create_item, create_version
from shared_library.services.moderation import (
    approve_version,
    publish_version,
    submit_version,
    withdraw_item,
)
from tenants.context import in_federation, in_region
from tenants.models import Region

MEDIA = "https://media.myschool.example/library"
IRSO = "ФГБНУ «Институт стратегии развития образования»"
RESH = "ФГАОУ ДПО «Академия Минпросвещения России»"
PROSV = "АО «Издательство «Просвещение»"
MCKO = "ГАОУ ДПО «Московский центр качества образования»"
FILES = {  # kind: the parts an item of that kind has, with their media (file name, mime type)
    "virtual_lab": [("Лабораторная установка", [("lab.html", "text/html"), ("lab.js", "text/javascript")]),
                    ("Ход работы", [("worksheet.pdf", "application/pdf")])],
    "self_check_test": [("Вопросы", [("test.json", "application/json")])],
    "video_lesson": [("Видеоурок", [("lesson-1080p.mp4", "video/mp4"), ("subtitles.vtt", "text/vtt")]),
                     ("Конспект", [("summary.pdf", "application/pdf")])],
    "lesson_scenario": [("Сценарий урока", [("scenario.pdf", "application/pdf")]),
                        ("Раздаточный материал", [("handout.pdf", "application/pdf")])],
    "e_textbook": [("Учебник", [("book.epub", "application/epub+zip")])],
    "presentation": [("Презентация", [("slides.pdf", "application/pdf")])],
}


class Demo(NamedTuple):
    slug: str
    kind: str
    title: str
    description: str
    subjects: list[str]
    grades: list[int]
    topics: list[str]
    author: str = IRSO
    licence: str = "CC BY 4.0"


LABS = [
    Demo("density", "virtual_lab", "Измерение плотности вещества",
         "Взвешиваем тела и измеряем их объём мензуркой, вычисляем плотность.",
         ["physics"], [7], ["Плотность вещества", "Масса и объём"]),
    Demo("friction", "virtual_lab", "Сила трения скольжения",
         "Исследуем зависимость силы трения от веса бруска и рода поверхности.",
         ["physics"], [7], ["Сила трения"]),
    Demo("archimedes", "virtual_lab", "Закон Архимеда",
         "Измеряем выталкивающую силу, действующую на тело в жидкости.",
         ["physics"], [7], ["Давление", "Архимедова сила"]),
    Demo("ohm", "virtual_lab", "Закон Ома для участка цепи",
         "Собираем электрическую цепь, измеряем силу тока и напряжение амперметром и вольтметром.",
         ["physics"], [8], ["Электрический ток", "Сопротивление"]),
    Demo("circuits", "virtual_lab", "Последовательное и параллельное соединение проводников",
         "Сравниваем силу тока и напряжение в цепях с разным соединением резисторов.",
         ["physics"], [8], ["Электрический ток"]),
    Demo("refraction", "virtual_lab", "Преломление света",
         "Измеряем углы падения и преломления луча на границе воздуха и стекла.",
         ["physics"], [8], ["Оптика", "Преломление"]),
    Demo("pendulum", "virtual_lab", "Математический маятник",
         "Исследуем зависимость периода колебаний маятника от длины нити.",
         ["physics"], [9], ["Механические колебания"]),
    Demo("newton2", "virtual_lab", "Второй закон Ньютона",
         "Тележка, грузы и датчик ускорения: как ускорение зависит от силы и массы.",
         ["physics"], [9], ["Законы Ньютона", "Динамика"]),
]
OTHERS = [
    Demo("reaction-rate", "virtual_lab", "Скорость химической реакции",
         "Как температура и концентрация влияют на скорость реакции цинка с кислотой.",
         ["chemistry"], [9], ["Химическая кинетика"]),
    Demo("mendeleev", "video_lesson", "Периодическая система химических элементов Д. И. Менделеева",
         "Строение таблицы, периоды и группы, закономерности свойств элементов.",
         ["chemistry"], [8], ["Периодический закон"], RESH),
    Demo("inorganic", "self_check_test", "Классы неорганических соединений",
         "Оксиды, основания, кислоты и соли: тест из 20 вопросов с разбором ответов.",
         ["chemistry"], [8], ["Оксиды", "Кислоты", "Соли"]),
    Demo("quadratic", "self_check_test", "Квадратные уравнения",
         "Дискриминант, теорема Виета, неполные квадратные уравнения: тест для самопроверки.",
         ["algebra"], [8], ["Уравнения", "Дискриминант"]),
    Demo("pythagoras", "video_lesson", "Теорема Пифагора",
         "Доказательство теоремы и решение задач на вычисление сторон прямоугольного треугольника.",
         ["geometry"], [8], ["Прямоугольный треугольник"], RESH),
    Demo("fractions", "lesson_scenario", "Сложение и вычитание обыкновенных дробей",
         "Сценарий урока с устным счётом, работой в парах и рефлексией.",
         ["mathematics"], [5], ["Обыкновенные дроби"], PROSV),
    Demo("times-table", "self_check_test", "Таблица умножения",
         "Тренажёр на умножение и деление в пределах ста.",
         ["mathematics"], [2, 3], ["Умножение", "Деление"]),
    Demo("similarity", "presentation", "Признаки подобия треугольников",
         "Три признака подобия с чертежами и задачами.",
         ["geometry"], [8], ["Подобные треугольники"]),
    Demo("probability-7", "e_textbook", "Вероятность и статистика. 7 класс",
         "Электронный учебник: описательная статистика, случайная изменчивость, графы.",
         ["probability_statistics"], [7], ["Статистика", "Вероятность"], PROSV, "Лицензия «Моя школа»"),
    Demo("alternating-roots", "video_lesson", "Правописание корней с чередованием",
         "Корни -лаг-/-лож-, -раст-/-ращ-/-рос-, -гар-/-гор- и другие: правила и упражнения.",
         ["russian"], [5, 6], ["Орфография", "Корни с чередованием"], RESH),
    Demo("captains-daughter", "lesson_scenario", "«Капитанская дочка» А. С. Пушкина",
         "Сценарий урока: честь и долг в повести, образы Гринёва и Швабрина.",
         ["literature"], [8], ["А. С. Пушкин", "Историческая повесть"], PROSV),
    Demo("complex-sentences", "self_check_test", "Сложноподчинённые предложения",
         "Виды придаточных и знаки препинания: тест в формате ОГЭ.",
         ["russian"], [9], ["Синтаксис", "Пунктуация"]),
    Demo("war-1812", "presentation", "Отечественная война 1812 года",
         "Причины войны, Бородинское сражение, изгнание армии Наполеона.",
         ["history"], [8], ["История России XIX века"]),
    Demo("ancient-egypt", "video_lesson", "Древний Египет",
         "Природа долины Нила, фараоны, пирамиды и письменность египтян.",
         ["history"], [5], ["История Древнего мира"], RESH),
    Demo("citizen-rights", "lesson_scenario", "Права и обязанности гражданина",
         "Сценарий урока по Конституции Российской Федерации с практикумом.",
         ["social_studies"], [9], ["Конституция", "Право"], PROSV),
    Demo("plant-cell", "virtual_lab", "Строение растительной клетки",
         "Виртуальный микроскоп: рассматриваем клетки кожицы лука и листа элодеи.",
         ["biology"], [5, 6], ["Клетка", "Микроскоп"]),
    Demo("photosynthesis", "video_lesson", "Фотосинтез",
         "Как растения создают органические вещества на свету.",
         ["biology"], [6], ["Питание растений"], RESH),
    Demo("climate-belts", "presentation", "Климатические пояса Земли",
         "Основные и переходные пояса, типы климата, климатограммы.",
         ["geography"], [7], ["Климат"]),
    Demo("geography-russia-8", "e_textbook", "География России. 8 класс",
         "Электронный учебник: природа, население и хозяйство России.",
         ["geography"], [8], ["География России"], PROSV, "Лицензия «Моя школа»"),
    Demo("turtle-loops", "virtual_lab", "Исполнитель «Черепаха»: циклы",
         "Рисуем узоры с помощью циклов в среде программирования.",
         ["informatics"], [7], ["Алгоритмы", "Циклы"]),
    Demo("present-tenses", "self_check_test", "Present Simple и Present Continuous",
         "Упражнения на выбор времени с мгновенной проверкой.",
         ["english"], [5, 6], ["Грамматика", "Времена глагола"]),
    Demo("water-cycle", "video_lesson", "Круговорот воды в природе",
         "Испарение, облака, осадки: видеоурок с опытами.",
         ["world_around"], [2, 3], ["Вода", "Природные явления"], RESH),
    Demo("internet-safety", "lesson_scenario", "Безопасность в интернете",
         "Классный час: пароли, мошенничество, личные данные.",
         ["informatics", "life_safety"], [5, 6, 7], ["Информационная безопасность"], PROSV),
]
WITHDRAWN = Demo("discoveries", "presentation", "Великие географические открытия",
                 "Экспедиции Колумба, Васко да Гамы и Магеллана.",
                 ["geography", "history"], [5, 7], ["Географические открытия"])
WITHDRAWAL_REASON = "Заявление правообладателя: иллюстрации использованы без лицензии."
MOSCOW = Demo("moscow-transport", "self_check_test", "Московский транспорт: задачи на движение",
              "Задачи на скорость, время и расстояние на примерах метро, МЦК и речных трамваев.",
              ["mathematics"], [5, 6], ["Задачи на движение"], MCKO)
COLLECTIONS = [
    ("physics-labs-7-9", "Виртуальные лаборатории. Физика 7–9",
     "Лабораторные работы курса физики основной школы.", [d.slug for d in LABS]),
    ("maths-self-check", "Математика: проверь себя",
     "Тесты и тренажёры для самостоятельной работы по математике.",
     ["quadratic", "times-table", "similarity", "probability-7"]),
]


def manifest(demo: Demo) -> dict[str, Any]:
    parts = []
    for title, files in FILES[demo.kind]:
        media = []
        for name, mime in files:
            url = f"{MEDIA}/{demo.slug}/v1/{name}"
            digest = hashlib.sha256(url.encode()).hexdigest()
            media.append({"url": url, "sha256": digest, "size": 40_000 + int(digest[:6], 16), "mime": mime})
        parts.append({"title": title, "media": media})
    return {"parts": parts}


def content(demo: Demo) -> dict[str, Any]:
    return {
        "kind": demo.kind, "title": demo.title, "description": demo.description, "subjects": demo.subjects,
        "grades": demo.grades, "topics": demo.topics, "author_organisation": demo.author,
        "licence": demo.licence, "manifest": manifest(demo),
    }


def populate_demo_library(
    *, operator: User, moderator: User, contributing_region: Region | None = None
) -> bool:
    """Fill the library for the demo federation; True when anything was added. Idempotent.

    `operator` writes (edit and moderate capabilities), `moderator` approves what
    the operator wrote (moderate: four eyes). With
    `contributing_region`, its region admin's contribution awaits review too.
    Public schema (and that region's, to find its admin); one transaction.
    """
    with in_federation(), transaction.atomic():
        added = False
        if not Collection.objects.filter(slug=COLLECTIONS[0][0]).exists():
            _federal_library(operator, moderator)
            added = True
        if contributing_region is not None and not LibraryItem.objects.filter(
            origin_region_code=contributing_region.code
        ).exists():
            with in_region(contributing_region):
                admin = User.objects.filter(role=Role.REGION_ADMIN, is_active=True).order_by("pk").first()
                if admin is not None:
                    submit_regional_item(region=contributing_region, actor=admin, **content(MOSCOW))
                    added = True
    return added


def _federal_library(operator: User, moderator: User) -> None:
    items: dict[str, LibraryItem] = {}
    for demo in [*LABS, *OTHERS, WITHDRAWN]:
        items[demo.slug] = _publish(operator, moderator, create_item(actor=operator, **content(demo)))
    # A second published version, and a third one's draft in review.
    _publish(operator, moderator, create_version(
        item=items["reaction-rate"], actor=operator, grades=[8, 9],
        description="Как температура, концентрация и катализатор влияют на скорость реакции "
                    "цинка с кислотой.",
    ).item)
    submit_version(version=create_version(
        item=items["pendulum"], actor=operator, title="Математический и пружинный маятники",
        topics=["Механические колебания", "Пружинный маятник"],
    ), actor=operator)
    withdraw_item(item=items[WITHDRAWN.slug], actor=operator, reason=WITHDRAWAL_REASON)
    for slug, title, description, members in COLLECTIONS:
        collection = create_collection(actor=operator, slug=slug, title=title, description=description)
        add_items(collection=collection, items=[items[m].pk for m in members], actor=operator)


def _publish(operator: User, moderator: User, item: LibraryItem) -> LibraryItem:
    version = item.versions.order_by("-number").first()
    version = submit_version(version=version, actor=operator)
    version = approve_version(version=version, actor=moderator)
    publish_version(version=version, actor=operator)
    return item
