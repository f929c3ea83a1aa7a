"""JSON for the API's hot reads: the bytes DRF's JSONRenderer writes, written by orjson.

DRF encodes with the standard library's json module, which took longer than
building the diary week's document (0.3-0.6 ms for 20 kB); orjson takes a
twentieth of that. Both write str, int, bool, None, lists and dicts (and their
subclasses: serializer data, error details) alike in the compact unicode form
DRF is set to, once U+2028 and U+2029 are escaped as DRF does. Anything else
(decimals, dates and times, lazy translations, integers beyond 64 bits, an
indented rendering) goes to DRF's own renderer. Floats are written alike except
in exponent form (1e-07 against 1e-7), so the views using this renderer answer
documents without floats: those built by hand from plain rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer

NATIVE_ONLY = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


def refuse(value: object) -> Any:
    raise TypeError(f"not plain JSON: {type(value).__name__}")


class DocumentJSONRenderer(JSONRenderer):
    """DRF's JSON, byte for byte, for documents of plain values (see the module docstring)."""

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        plain_form = self.compact and not self.ensure_ascii and self.strict
        if data is None or not plain_form or self.get_indent(accepted_media_type, renderer_context or {}):
            return super().render(data, accepted_media_type, renderer_context)
        try:
            body = orjson.dumps(data, default=refuse, option=NATIVE_ONLY)
        except TypeError:  # also orjson.JSONEncodeError
            return super().render(data, accepted_media_type, renderer_context)
        return body.replace("\u2028".encode(), b"\\u2028").replace("\u2029".encode(), b"\\u2029")


# For views that answer documents built by hand; the browsable API stays for people.
DOCUMENT_RENDERERS = [DocumentJSONRenderer, BrowsableAPIRenderer]
