"""Library rows as the central library leaves them, for tests of the sync layer.

Each helper leaves the item marked `release_pending`, as the library's
publishing services do, so the next cut release carries it.
"""

from __future__ import annotations

import hashlib
import json

from django.db import connection

from shared_library.models import Collection, CollectionItem, ItemVersion, LibraryItem, Withdrawal

MANIFEST = {"parts": [{"title": "Часть 1", "media": [
    {"url": "https://media.example/lab.mp4", "sha256": "a" * 64, "size": 1000, "mime": "video/mp4"}]}]}


def published_item(title: str, *, kind: str = "virtual_lab", subjects: tuple[str, ...] = ("physics",),
                   grades: tuple[int, ...] = (7, 8), collections: tuple[Collection, ...] = ()) -> LibraryItem:
    item = LibraryItem.objects.create(kind=kind, created_by="editor@federation.example")
    _publish(item, 1, title, subjects, grades)
    for collection in collections:
        CollectionItem.objects.create(collection=collection, item=item)
    return item


def new_version(item: LibraryItem, title: str) -> ItemVersion:
    previous = item.published_version
    return _publish(item, previous.number + 1, title, previous.subjects, previous.grades)


def withdraw(item: LibraryItem, reason: str = "Решение суда") -> None:
    Withdrawal.objects.create(item=item, reason=reason, withdrawn_by="moderator@federation.example")
    LibraryItem.objects.filter(pk=item.pk).update(release_pending=True)


def collection(slug: str, title: str) -> Collection:
    return Collection.objects.create(slug=slug, title=title)


def _publish(item: LibraryItem, number: int, title: str, subjects, grades) -> ItemVersion:
    content = {"title": title, "subjects": list(subjects), "grades": list(grades), "manifest": MANIFEST}
    version = ItemVersion.objects.create(
        item=item, number=number, title=title, description=f"Описание: {title}",
        subjects=list(subjects), grades=list(grades), topics=["Механика"],
        author_organisation="Издательство «Просвещение»", licence="CC BY 4.0", manifest=MANIFEST,
        checksum=hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest(),
        state="published", created_by="editor@federation.example",
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE shared_library_itemversion SET search_vector ="
            " setweight(to_tsvector('russian', title), 'A')"
            " || setweight(to_tsvector('russian', description), 'B') WHERE id = %s",
            [version.pk],
        )
    item.published_version = version
    item.release_pending = True
    item.save(update_fields=["published_version", "release_pending"])
    return version
