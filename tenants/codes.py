"""Region codes (ISO 3166-2:RU) and the names derived from them."""

from __future__ import annotations

import gettext
import re
from functools import cache

import pycountry
from django.utils.translation import gettext as _

from myschool.errors import ApplicationError

_CODE_FORMAT = re.compile(r"^RU-[A-Z]{2,3}$")
_RUSSIAN_SUBDIVISIONS = frozenset(s.code for s in pycountry.subdivisions.get(country_code="RU"))


def parse_region_code(raw: str) -> str:
    """Return the canonical code (`RU-MOS`) or raise naming the field `code`."""
    code = (raw or "").strip().upper()
    if not _CODE_FORMAT.match(code):
        raise ApplicationError.for_field(
            "code",
            _("“%(code)s” is not a region code; expected ISO 3166-2 such as RU-MOS.")
            % {"code": raw},
        )
    if code not in _RUSSIAN_SUBDIVISIONS:
        raise ApplicationError.for_field(
            "code", _("%(code)s is not a region of the Russian Federation.") % {"code": code}
        )
    return code


def schema_name_for(code: str) -> str:
    """`RU-MOS` -> `region_ru_mos`."""
    return "region_" + code.lower().replace("-", "_")


def host_label_for(code: str) -> str:
    """`RU-MOS` -> `mos`, the left-most label of the region's host name."""
    return code.split("-", 1)[1].lower()


@cache
def russian_region_names() -> dict[str, str]:
    """Every region code with its name in Russian where the ISO 3166-2 catalogue has one, by code."""
    russian = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["ru"], fallback=True)
    subdivisions = pycountry.subdivisions.get(country_code="RU")
    return {s.code: russian.gettext(s.name) for s in sorted(subdivisions, key=lambda s: s.code)}
