"""Library content for tests, built through the real services.

    item = library.create(editor, title="Виртуальные лаборатории: маятник")
    version = library.publish(editor, moderator, item)
"""

from __future__ import annotations

import hashlib
from typing import Any

from accounts.models import User
from shared_library.models import ItemVersion, LibraryItem
from shared_library.services.items import create_item
from shared_library.services.moderation import approve_version, publish_version, submit_version


def media(name: str, mime: str = "video/mp4", size: int = 1_048_576) -> dict[str, Any]:
    url = f"https://media.myschool.example/library/{name}"
    return {"url": url, "sha256": hashlib.sha256(url.encode()).hexdigest(), "size": size, "mime": mime}


def content(**overrides: Any) -> dict[str, Any]:
    """A valid physics virtual lab; `overrides` replace fields (kind included)."""
    return {
        "kind": "virtual_lab",
        "title": "Математический маятник",
        "description": "Виртуальная лаборатория: период колебаний маятника и длина нити.",
        "subjects": ["physics"],
        "grades": [9],
        "topics": ["Механические колебания"],
        "language": "ru",
        "author_organisation": "ФГБНУ «Институт стратегии развития образования»",
        "licence": "CC BY 4.0",
        "manifest": {"parts": [
            {"title": "Опыт", "media": [media("pendulum/lab.html", "text/html", 20_480)]},
            {"title": "Видеоразбор", "media": [media("pendulum/review.mp4")]},
        ]},
        **overrides,
    }


def create(editor: User, **overrides: Any) -> LibraryItem:
    return create_item(actor=editor, **content(**overrides))


def latest(item: LibraryItem) -> ItemVersion:
    return ItemVersion.objects.filter(item=item).order_by("-number").first()


def publish(editor: User, moderator: User, item: LibraryItem) -> ItemVersion:
    """Take the item's latest version from draft to published."""
    version = submit_version(version=latest(item), actor=editor)
    version = approve_version(version=version, actor=moderator)
    return publish_version(version=version, actor=moderator)


def published(editor: User, moderator: User, **overrides: Any) -> LibraryItem:
    item = create(editor, **overrides)
    publish(editor, moderator, item)
    item.refresh_from_db()
    return item
