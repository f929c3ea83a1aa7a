"""What an item version says: validating it, and its checksum.

Every check names the field it is about with a path such as
`manifest.parts[0].media[1].sha256`, and all problems are reported at once.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import pycountry
from django.utils.translation import gettext as _

from myschool.errors import ApplicationError
from shared_library.models import ItemKind, ItemVersion
from shared_library.subjects import is_subject

# The fields of a version that make up its content (besides the item's kind).
CONTENT_FIELDS = (
    "title", "description", "subjects", "grades", "topics", "language",
    "author_organisation", "licence", "manifest",
)
GRADES = range(1, 12)
SHA256 = re.compile(r"[0-9a-fA-F]{64}")
MIME = re.compile(r"[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*")
PART_KEYS = {"title", "media"}
MEDIA_KEYS = {"url", "sha256", "size", "mime"}


class Problems:
    """Problems found so far, by field path."""

    def __init__(self) -> None:
        self.fields: dict[str, list[str]] = {}

    def add(self, path: str, message: str) -> None:
        self.fields.setdefault(path, []).append(message)

    def raise_any(self) -> None:
        if self.fields:
            message = "; ".join(f"{path}: {' '.join(msgs)}" for path, msgs in self.fields.items())
            raise ApplicationError(message, fields=self.fields)


def clean_new_item(kind: object, **content: Any) -> tuple[str, dict[str, Any]]:
    """A new item's kind and first version's content, validated together (see clean_content)."""
    problems = Problems()
    if kind not in ItemKind.values:
        problems.add("kind", _("Unknown kind “%(kind)s”; one of: %(kinds)s.")
                     % {"kind": kind, "kinds": ", ".join(ItemKind.values)})
    try:
        cleaned = clean_content(content)
    except ApplicationError as error:
        for path, messages in error.fields.items():
            for message in messages:
                problems.add(path, message)
    problems.raise_any()
    return str(kind), cleaned


def clean_content(content: Mapping[str, Any]) -> dict[str, Any]:
    """The content, validated and normalised (stripped text, sorted grades, lower-case hashes).

    `content` holds every field of CONTENT_FIELDS. Raises one ApplicationError
    naming every bad field; returns a new dict.
    """
    problems = Problems()
    cleaned = {
        "title": _text(problems, "title", content.get("title"), 500, required=True),
        "description": _text(problems, "description", content.get("description", ""), None),
        "subjects": _subjects(problems, content.get("subjects")),
        "grades": _grades(problems, content.get("grades")),
        "topics": _topics(problems, content.get("topics")),
        "language": _language(problems, content.get("language", "ru")),
        "author_organisation": _text(
            problems, "author_organisation", content.get("author_organisation"), 300, required=True
        ),
        "licence": _text(problems, "licence", content.get("licence"), 100, required=True),
        "manifest": clean_manifest(problems, content.get("manifest")),
    }
    problems.raise_any()
    return cleaned


def content_of(version: ItemVersion) -> dict[str, Any]:
    """The content fields of a stored version."""
    return {name: getattr(version, name) for name in CONTENT_FIELDS}


def content_checksum(kind: str, content: Mapping[str, Any]) -> str:
    """sha256 of the canonical JSON (sorted keys, no spaces, UTF-8) of kind and content.

    Equal checksums mean equal content, whichever schema holds the copy.
    """
    document = {"kind": kind, **{name: content[name] for name in CONTENT_FIELDS}}
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _text(problems: Problems, path: str, value: object, limit: int | None, *, required: bool = False) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        problems.add(path, _("Give text here."))
        return ""
    value = value.strip()
    if required and not value:
        problems.add(path, _("This field is required."))
    elif limit and len(value) > limit:
        problems.add(path, _("At most %(limit)d characters.") % {"limit": limit})
    return value


def _subjects(problems: Problems, value: object) -> list[str]:
    if not isinstance(value, list | tuple) or not value:
        problems.add("subjects", _("Give at least one subject code, e.g. mathematics."))
        return []
    codes: list[str] = []
    for code in value:
        if not isinstance(code, str) or not is_subject(code):
            problems.add("subjects", _("Unknown subject “%(code)s”.") % {"code": code})
        elif code not in codes:
            codes.append(code)
    return codes


def _grades(problems: Problems, value: object) -> list[int]:
    if not isinstance(value, list | tuple) or not value:
        problems.add("grades", _("Give at least one grade from 1 to 11."))
        return []
    grades: set[int] = set()
    for grade in value:
        if isinstance(grade, bool) or not isinstance(grade, int) or grade not in GRADES:
            problems.add("grades", _("%(grade)s is not a school grade; grades run from 1 to 11.")
                         % {"grade": grade})
        else:
            grades.add(grade)
    return sorted(grades)


def _topics(problems: Problems, value: object) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        problems.add("topics", _("Give a list of topics."))
        return []
    topics: list[str] = []
    for index, topic in enumerate(value):
        text = _text(problems, f"topics[{index}]", topic, 200, required=True)
        if text and text not in topics:
            topics.append(text)
    return topics


def _language(problems: Problems, value: object) -> str:
    code = value.strip().lower() if isinstance(value, str) else ""
    language = None
    if len(code) == 2:
        language = pycountry.languages.get(alpha_2=code)
    elif len(code) == 3:
        language = pycountry.languages.get(alpha_3=code)
    if language is None:
        problems.add("language", _("“%(code)s” is not an ISO 639 language code (e.g. ru, tt).")
                     % {"code": value})
        return ""
    return getattr(language, "alpha_2", None) or language.alpha_3


def clean_manifest(problems: Problems, manifest: object) -> dict[str, Any]:
    """{"parts": [{"title": str, "media": [{"url", "sha256", "size", "mime"}]}]}, nothing else."""
    if not isinstance(manifest, dict):
        problems.add("manifest", _("The manifest must be an object with a list of parts."))
        return {}
    _unknown_keys(problems, "manifest", manifest, {"parts"})
    parts = manifest.get("parts")
    if not isinstance(parts, list) or not parts:
        problems.add("manifest.parts", _("Give at least one part."))
        return {}
    return {"parts": [_part(problems, f"manifest.parts[{i}]", part) for i, part in enumerate(parts)]}


def _part(problems: Problems, path: str, part: object) -> dict[str, Any]:
    if not isinstance(part, dict):
        problems.add(path, _("A part must be an object with a title and media."))
        return {}
    _unknown_keys(problems, path, part, PART_KEYS)
    title = _text(problems, f"{path}.title", part.get("title"), 500, required=True)
    media = part.get("media")
    if not isinstance(media, list) or not media:
        problems.add(f"{path}.media", _("Give at least one media file."))
        return {"title": title, "media": []}
    return {"title": title, "media": [_media(problems, f"{path}.media[{j}]", m) for j, m in enumerate(media)]}


def _media(problems: Problems, path: str, media: object) -> dict[str, Any]:
    if not isinstance(media, dict):
        problems.add(path, _("A media file must be an object with url, sha256, size and mime."))
        return {}
    _unknown_keys(problems, path, media, MEDIA_KEYS)
    url, sha256, size, mime = (media.get(key) for key in ("url", "sha256", "size", "mime"))
    if not isinstance(url, str) or not _is_https_url(url):
        problems.add(f"{path}.url", _("Give an https:// address of the file in object storage."))
    if not isinstance(sha256, str) or not SHA256.fullmatch(sha256):
        problems.add(f"{path}.sha256", _("Give the file's SHA-256 as 64 hexadecimal digits."))
    else:
        sha256 = sha256.lower()
    if isinstance(size, bool) or not isinstance(size, int) or size <= 0:
        problems.add(f"{path}.size", _("Give the file's size in bytes, a whole number above zero."))
    if not isinstance(mime, str) or not MIME.fullmatch(mime):
        problems.add(f"{path}.mime", _("Give the file's media type, e.g. video/mp4."))
    return {"url": url, "sha256": sha256, "size": size, "mime": mime}


def _unknown_keys(problems: Problems, path: str, value: dict, allowed: set[str]) -> None:
    for key in sorted(set(value) - allowed, key=str):
        problems.add(f"{path}.{key}", _("Unknown field; allowed here: %(allowed)s.")
                     % {"allowed": ", ".join(sorted(allowed))})


def _is_https_url(url: str) -> bool:
    if len(url) > 2000 or any(c.isspace() for c in url):
        return False
    parts = urlsplit(url)
    return parts.scheme == "https" and bool(parts.hostname)
