"""The permission layer: each role reaches exactly its part of the region."""

from __future__ import annotations

from datetime import date

import pytest

from access import fetch, scope
from accounts.models import Role
from myschool.errors import Forbidden, NotFound
from tenants.context import in_region
from tests import factories
from tests.world import classroom

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return classroom(factories.region("RU-MOS"))


def names(users) -> set[str]:
    return {u.email.split("@")[0] for u in users}


def test_pupils_each_role_may_read(world) -> None:
    with in_region(world.region):
        admin = factories.region_user(world.region, "regionadmin@mos.example", Role.REGION_ADMIN)
        assert names(scope.pupils_for(admin)) == {"sidorov", "kuznetsova", "smirnov", "popov"}
        assert names(scope.pupils_for(world.people["director"])) == {
            "sidorov",
            "kuznetsova",
            "smirnov",
            "popov",
        }
        assert names(scope.pupils_for(world.teacher("ivanova"))) == {"sidorov", "kuznetsova", "smirnov"}
        assert names(scope.pupils_for(world.teacher("petrova"))) == {"popov"}
        assert names(scope.pupils_for(world.people["sidorov"])) == {"sidorov"}
        assert names(scope.pupils_for(world.people["sidorova"])) == {"sidorov"}


def test_a_teacher_writes_only_the_journal_of_their_assignments(world) -> None:
    ivanova_lesson = world.lesson("ivanova", "Математика", "5А", date(2026, 11, 23))
    petrova_lesson = world.lesson("petrova", "Математика", "5Б", date(2026, 11, 23))
    with in_region(world.region):
        assert fetch.get_lesson_for_user(world.teacher("ivanova"), ivanova_lesson.pk, write=True)
        with pytest.raises(NotFound):
            fetch.get_lesson_for_user(world.teacher("ivanova"), petrova_lesson.pk)
        with pytest.raises(NotFound):
            fetch.get_lesson_for_user(world.people["sidorov"], petrova_lesson.pk)
        with pytest.raises(Forbidden):
            fetch.get_lesson_for_user(world.people["sidorov"], ivanova_lesson.pk, write=True)
        # a colleague who also teaches 5А reads its journal but may not write maths marks
        world.assign("petrova", "Физическая культура", "5А")
        assert fetch.get_lesson_for_user(world.teacher("petrova"), ivanova_lesson.pk)
        with pytest.raises(Forbidden):
            fetch.get_lesson_for_user(world.teacher("petrova"), ivanova_lesson.pk, write=True)
