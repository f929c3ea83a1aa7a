"""The hot reads' JSON renderer writes exactly the bytes DRF's JSONRenderer writes."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils.translation import gettext_lazy
from rest_framework.exceptions import ErrorDetail
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.serializer_helpers import ReturnDict, ReturnList

from myschool.renderers import DocumentJSONRenderer

EVERY_ASCII = "".join(chr(code) for code in range(128))
AWKWARD = EVERY_ASCII + " Ё «Н» \u00a0\ufeff\u2028\u2029 🎓 \U0010ffff"


@pytest.mark.parametrize(
    "data",
    [
        {"text": AWKWARD, AWKWARD: [1, -2, 2**63 - 1, True, False, None, "", [], {}]},
        [{"nested": [[{"deep": AWKWARD}]]}, (1, 2)],
        ReturnDict(
            {"errors": ReturnList([ErrorDetail("Обязательное поле.", code="required")], serializer=None)},
            serializer=None,
        ),
        # Not plain JSON: left to DRF's renderer, which writes them its way.
        {"big": 2**64},
        {"decimal": Decimal("4.50")},
        {"when": datetime(2026, 11, 23, 9, 30, 0, 123456, tzinfo=ZoneInfo("Asia/Kamchatka"))},
        {"day": date(2026, 11, 23)},
        {"lazy": gettext_lazy("mark")},
        {1: "a number as a key"},
        None,
    ],
)
def test_it_writes_what_drf_writes(data: object) -> None:
    assert DocumentJSONRenderer().render(data) == JSONRenderer().render(data)


def test_an_indented_rendering_is_drfs() -> None:
    data = {"text": AWKWARD, "list": [1, 2]}
    media_type = "application/json; indent=4"

    assert DocumentJSONRenderer().render(data, media_type) == JSONRenderer().render(data, media_type)
