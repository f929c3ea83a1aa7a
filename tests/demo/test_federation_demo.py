"""`make up`'s demo federation: the demo library is released and given with homework."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from catalogue.models import CatalogueItem, Material
from federation.models import RegionSync, Release
from tenants.context import in_region
from tenants.models import Region

pytestmark = pytest.mark.django_db


def test_demo_regions_hold_the_released_library_and_homework_uses_it() -> None:
    call_command("demo_federation", stdout=StringIO())
    call_command("demo_federation", stdout=StringIO())  # a second run changes nothing

    assert Release.objects.count() == 1
    for region in Region.objects.filter(code__in=["RU-MOW", "RU-MOS"]):
        assert RegionSync.objects.get(region=region).applied_sequence == 1
        with in_region(region):
            assert CatalogueItem.objects.filter(withdrawn=False).count() >= 25
            given = Material.objects.select_related("homework__lesson__subject")
            assert given.count() >= 4
            assert {m.homework.lesson.subject.name for m in given} >= {"Математика", "Русский язык"}
