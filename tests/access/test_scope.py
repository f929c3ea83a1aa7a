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


def test_prepared_lookups_reach_what_the_rules_reach(world) -> None:
    """The diary's and the journal's lookups by id run prepared per role; they answer as the rules do."""
    with in_region(world.region):
        admin = factories.region_user(world.region, "regionadmin@mos.example", Role.REGION_ADMIN)
        retired = factories.region_user(world.region, "retired@mos.example", Role.REGION_ADMIN)
        retired.is_active = False
        people = [admin, retired, *world.people.values()]
        groups = [world.group("5А"), world.group("5Б")]
        for user in people:
            for pupil in [p for p in world.people.values() if p.role == Role.PUPIL]:
                reachable = scope.pupils_for(user).filter(pk=pupil.pk).exists()
                assert reachable == found(fetch.get_pupil_for_user, user, pupil.pk), (user, pupil)
            for group in groups:
                reachable = scope.rosters_for(user).filter(pk=group.pk).exists()
                assert reachable == found(fetch.get_roster_for_user, user, group.pk), (user, group)
        assert found(fetch.get_pupil_for_user, world.people["sidorova"], world.people["sidorov"].pk)
        assert not found(fetch.get_pupil_for_user, world.people["sidorova"], world.people["popov"].pk)
        assert found(fetch.get_roster_for_user, world.teacher("petrova"), world.group("5Б").pk)
        assert not found(fetch.get_roster_for_user, world.teacher("petrova"), world.group("5А").pk)


def found(get, user, pk) -> bool:
    try:
        get(user, pk)
    except NotFound:
        return False
    return True
