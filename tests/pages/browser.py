"""A browser per person, and the teacher's side of a week in 5А, for the pages' tests."""

from __future__ import annotations

from datetime import date, time, timedelta

from django.test import Client

from academics.models import Period
from journal.services import record_attendance, record_mark, set_final_mark, set_homework
from schedule.models import Lesson
from schedule.services import cancel_lesson
from tests import factories
from tests.world import World, email

MONDAY = date(2026, 11, 23)  # in the 2nd quarter
TUESDAY, WEDNESDAY, THURSDAY = (MONDAY + timedelta(days=n) for n in range(1, 4))


class Browser:
    """One person's browser on the world's region host, logged in through the log-in page."""

    def __init__(self, world: World, who: str | None = None) -> None:
        """`who`: a world person's short name (sidorov) or an e-mail; None stays anonymous."""
        self.client, self.host = Client(), factories.host(world.region)
        if who is not None:
            login = who if "@" in who else email(who)
            response = self.client.post(
                "/login/", {"username": login, "password": factories.PASSWORD}, HTTP_HOST=self.host
            )
            assert response.status_code == 302, f"{who} could not log in"

    def get(self, url: str):
        return self.client.get(url, HTTP_HOST=self.host)

    def page(self, url: str) -> str:
        """The page's HTML with runs of white space made one space, for readable assertions."""
        response = self.get(url)
        assert response.status_code == 200, response.status_code
        return " ".join(response.content.decode().split())


class Journal:
    """The teacher's side of the week, through the journal and schedule services."""

    def __init__(self, world: World) -> None:
        self.world = world

    def lesson(self, subject: str, day: date, group: str = "5А", teacher: str = "ivanova", **extra) -> Lesson:
        hour = 8 + Lesson.objects.filter(date=day, class_group=self.world.group(group)).count()
        return self.world.lesson(teacher, subject, group, day, at=time(hour, 30), **extra)

    def mark(self, lesson: Lesson, pupil: str, value: str, kind: str = "answer") -> None:
        record_mark(
            region=self.world.region,
            lesson=lesson,
            pupil=self.world.people[pupil],
            value=value,
            kind=kind,
            actor=lesson.teacher,
        )

    def attendance(self, lesson: Lesson, pupil: str, status: str, reason: str = "") -> None:
        record_attendance(
            region=self.world.region,
            lesson=lesson,
            pupil=self.world.people[pupil],
            status=status,
            reason=reason,
            actor=lesson.teacher,
        )

    def homework(self, lesson: Lesson, text: str, due_on: date) -> None:
        set_homework(region=self.world.region, lesson=lesson, text=text, due_on=due_on, actor=lesson.teacher)

    def cancel(self, lesson: Lesson, reason: str) -> None:
        cancel_lesson(
            region=self.world.region, lesson=lesson, reason=reason, actor=self.world.people["director"]
        )

    def period_mark(self, pupil: str, subject: str, value: str) -> None:
        set_final_mark(
            region=self.world.region,
            pupil=self.world.people[pupil],
            subject=self.world.subject(subject),
            academic_year=self.world.year,
            period=second_quarter(self.world),
            value=value,
            actor=self.world.people["ivanova"],
        )


def second_quarter(world: World) -> Period:
    return world.year.periods.get(scheme="quarters", number=2)
