"""The synthetic region keeps the rules the services enforce, so benchmarks read realistic data."""

from __future__ import annotations

from datetime import date

import pytest
from django.db.models import Q

from academics.models import Holiday
from accounts.models import User
from demo.synthetic import PASSWORD, SyntheticSize, generate_synthetic_region
from journal.models import Mark
from schedule.models import Lesson
from schools.models import ClassGroup, Enrolment
from tenants.context import in_region
from tests import factories

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)


def test_a_small_synthetic_region_is_consistent() -> None:
    region = factories.region("RU-TA")
    with in_region(region):
        counts = generate_synthetic_region(
            region=region, size=SyntheticSize(schools=2, pupils=100, weeks=3), today=TODAY
        )

        assert counts["pupils"] == User.objects.filter(role="pupil").count() == 100
        assert counts["marks"] == Mark.objects.count() > 0
        assert ClassGroup.objects.count() == counts["class groups"] == 4
        holidays = Holiday.objects.all()
        assert not Lesson.objects.filter(
            Q(date__iso_week_day__gt=5)
            | Q(date__gt=date(2026, 11, 29))
            | Q(*(Q(date__range=(h.starts_on, h.ends_on)) for h in holidays), _connector=Q.OR)
        ).exists()
        assert not Mark.objects.filter(lesson__date__gte=TODAY).exists()
        for mark in Mark.objects.select_related("lesson")[:50]:
            assert Enrolment.objects.filter(
                pupil_id=mark.pupil_id,
                class_group_id=mark.lesson.class_group_id,
                starts_on__lte=mark.lesson.date,
            ).exists()
            assert mark.value in {"2", "3", "4", "5"} and mark.points == int(mark.value)
        assert User.objects.get(email="pupil0@ru-ta.synthetic.example").check_password(PASSWORD)

        with pytest.raises(RuntimeError, match="has schools already"):
            generate_synthetic_region(region=region, size=SyntheticSize(1, 1, 1), today=TODAY)
