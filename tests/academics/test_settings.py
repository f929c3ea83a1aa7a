"""Region settings: staff read them, only the region admin changes them, and no change rewrites
a lesson or a mark already given."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from academics.models import GradingScale
from tenants.context import in_region
from tenants.models import Region
from tests.api import Api
from tests.schools.api import error_fields
from tests.world import World

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 11, 23)


def test_staff_read_the_region_settings(api: Api) -> None:
    for who in ("regionadmin", "director", "ivanova"):
        response = api(who, "get", "/api/v1/settings/")
        assert response.status_code == 200, who
        assert response.json() == {
            "code": "RU-MOS",
            "name": "Московская область",
            "time_zone": "Europe/Moscow",
        }


def test_pupils_and_parents_do_not_read_the_settings_pages(api: Api) -> None:
    urls = ["settings/", "grading-scales/", "mark-kinds/", "mark-kinds/test/", "academic-years/"]
    for url in urls:
        for who in ("sidorov", "sidorova"):
            response = api(who, "get", f"/api/v1/{url}")
            assert response.status_code == 403, (who, url)
            assert response.json()["error"]["code"] == "forbidden"


def test_the_region_admin_moves_the_region_to_another_time_zone_and_lessons_keep_their_wall_clock(
    api: Api, world: World
) -> None:
    lesson = world.lesson("ivanova", "Математика", "5А", MONDAY)
    assert (
        api("ivanova", "get", f"/api/v1/lessons/{lesson.pk}/").json()["starts_at"]
        == "2026-11-23T08:30:00+03:00"
    )

    response = api("regionadmin", "patch", "/api/v1/settings/", {"time_zone": "Asia/Kamchatka"})

    assert response.status_code == 200, response.json()
    assert response.json()["time_zone"] == "Asia/Kamchatka"
    assert Region.objects.get(code="RU-MOS").time_zone == "Asia/Kamchatka"
    assert api("director", "get", "/api/v1/settings/").json()["time_zone"] == "Asia/Kamchatka"
    assert (
        api("ivanova", "get", f"/api/v1/lessons/{lesson.pk}/").json()["starts_at"]
        == "2026-11-23T08:30:00+12:00"
    )


def test_a_bad_time_zone_is_named_and_nothing_changes(api: Api) -> None:
    for body in ({"time_zone": "Mars/Olympus"}, {"time_zone": ""}, {"time_zone": "+03:00"}, {}):
        response = api("regionadmin", "patch", "/api/v1/settings/", body)
        assert response.status_code == 400, body
        assert list(error_fields(response)) == ["time_zone"], body
    assert Region.objects.get(code="RU-MOS").time_zone == "Europe/Moscow"


def test_only_the_region_admin_changes_the_time_zone(api: Api) -> None:
    for who in ("director", "ivanova", "sidorov", "sidorova"):
        response = api(who, "patch", "/api/v1/settings/", {"time_zone": "Asia/Kamchatka"})
        assert response.status_code == 403, who
    assert Region.objects.get(code="RU-MOS").time_zone == "Europe/Moscow"


def test_grading_scales_are_listed_and_put_in_use_or_out_of_it(api: Api, world: World) -> None:
    scales = api("ivanova", "get", "/api/v1/grading-scales/").json()["results"]
    assert [(s["code"], s["is_enabled"]) for s in scales] == [
        ("five_point", True),
        ("pass_fail", True),
        ("ten_point", False),
    ]
    assert scales[0]["values"][0] == {"value": "5", "label": "5", "points": 5}
    assert scales[1]["values"][0]["points"] is None
    subject = {"name": "Информатика", "grading_scale": "ten_point"}
    refused = api("regionadmin", "post", "/api/v1/subjects/", subject)
    assert refused.status_code == 400 and list(error_fields(refused)) == ["grading_scale"]

    enabled = api("regionadmin", "post", "/api/v1/grading-scales/ten_point/enable/")

    assert enabled.status_code == 200 and enabled.json()["is_enabled"] is True
    assert api("regionadmin", "post", "/api/v1/subjects/", subject).status_code == 201
    disabled = api("regionadmin", "post", "/api/v1/grading-scales/ten_point/disable/")
    assert disabled.json()["is_enabled"] is False
    subjects = api("ivanova", "get", "/api/v1/subjects/").json()["results"]
    assert {"name": "Информатика", "grading_scale": "ten_point"}.items() <= subjects[0].items()  # kept
    assert api("regionadmin", "post", "/api/v1/grading-scales/hundred_point/enable/").status_code == 404


def test_only_the_region_admin_switches_scales(api: Api, world: World) -> None:
    for who in ("director", "ivanova", "sidorov"):
        assert api(who, "post", "/api/v1/grading-scales/ten_point/enable/").status_code == 403, who
    with in_region(world.region):
        assert not GradingScale.objects.get(code="ten_point").is_enabled


def test_a_patch_changes_what_it_names_and_says_what_cannot_change(api: Api, settings) -> None:
    settings.LANGUAGE_CODE = "ru"
    with translation.override("ru"):
        renamed = api("regionadmin", "patch", "/api/v1/settings/", {"name": "Подмосковье"})
        empty = api("regionadmin", "patch", "/api/v1/settings/", {})
    assert renamed.status_code == 400
    assert error_fields(renamed) == {"name": ["Эту настройку здесь изменить нельзя."]}
    assert error_fields(empty) == {"time_zone": ["Укажите, какую настройку изменить."]}
    assert Region.objects.get(code="RU-MOS").name == "Московская область"
