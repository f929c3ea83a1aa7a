"""The public library side and a region's catalogue rows, for the catalogue's tests.

Library rows (items, versions, collections, withdrawals) are real
shared_library rows made with the ORM in the public schema, with their search
vectors computed by SQL as the library does. `apply` writes a region's
CatalogueItem row the way a release apply does (federation.apply: an upsert
copied from the public version), without the release bookkeeping, which is
the sync layer's to test.
"""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from django.db import connection

from catalogue.models import CatalogueItem
from shared_library.models import (
    SEARCH_CONFIG,
    Collection,
    CollectionItem,
    ItemVersion,
    LibraryItem,
    VersionState,
    Withdrawal,
)
from tenants.context import in_federation, in_region
from tenants.models import Region

AUTHOR = "editor@library.example"


def collection(slug: str, title: str) -> Collection:
    with in_federation():
        return Collection.objects.create(slug=slug, title=title)


def item(
    title: str,
    *,
    kind: str = "video_lesson",
    description: str = "",
    subjects: Sequence[str] = ("Математика",),
    grades: Sequence[int] = (5,),
    topics: Sequence[str] = (),
    collections: Sequence[Collection] = (),
    manifest: dict | None = None,
) -> ItemVersion:
    """A published library item with its first version; returns the version."""
    with in_federation():
        library_item = LibraryItem.objects.create(kind=kind, created_by=AUTHOR)
        for group in collections:
            CollectionItem.objects.create(collection=group, item=library_item)
        return version(
            library_item,
            title,
            description=description,
            subjects=subjects,
            grades=grades,
            topics=topics,
            manifest=manifest,
        )


def version(
    library_item: LibraryItem,
    title: str,
    *,
    description: str = "",
    subjects: Sequence[str] = ("Математика",),
    grades: Sequence[int] = (5,),
    topics: Sequence[str] = (),
    manifest: dict | None = None,
) -> ItemVersion:
    """A new published version of `library_item` (the previous one superseded)."""
    with in_federation():
        number = library_item.versions.count() + 1
        library_item.versions.filter(state=VersionState.PUBLISHED).update(state=VersionState.SUPERSEDED)
        made = ItemVersion.objects.create(
            item=library_item,
            number=number,
            title=title,
            description=description,
            subjects=list(subjects),
            grades=list(grades),
            topics=list(topics),
            author_organisation="ФГБНУ «Институт стратегии развития образования»",
            licence="CC BY 4.0",
            manifest=manifest
            or {"parts": [{"title": f"{title}, v{number}", "url": f"https://cdn.example/{number}"}]},
            checksum=f"{number:064d}",
            state=VersionState.PUBLISHED,
            created_by=AUTHOR,
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE shared_library_itemversion SET search_vector ="
                " setweight(to_tsvector(%s, title), 'A') || setweight(to_tsvector(%s, description), 'B')"
                " WHERE id = %s",
                [SEARCH_CONFIG, SEARCH_CONFIG, made.id],
            )
        LibraryItem.objects.filter(pk=library_item.pk).update(published_version=made)
        library_item.published_version = made
        return made


def withdraw(library_item_id: UUID, reason: str) -> Withdrawal:
    """The library's withdrawal: the public row only, as it commits before any release."""
    with in_federation():
        return Withdrawal.objects.create(item_id=library_item_id, reason=reason, withdrawn_by=AUTHOR)


def apply(
    region: Region,
    published: ItemVersion,
    *,
    sequence: int = 1,
    withdrawn: bool = False,
    reason: str = "",
    collections: Sequence[Collection] | None = None,
) -> CatalogueItem:
    """What a release apply leaves behind in `region`'s catalogue for one item.

    An upsert of the item's CatalogueItem row from the public version (search
    vector copied, not recomputed), the release's collections of the item, and
    its withdrawal flag; like federation.apply it never touches the region's
    hidden items or collection choice. `collections` defaults to the item's
    collections in the library now.
    """
    if collections is None:
        with in_federation():
            collection_ids = list(
                CollectionItem.objects.filter(item_id=published.item_id).values_list(
                    "collection_id", flat=True
                )
            )
    else:
        collection_ids = [c.id for c in collections]
    with in_region(region), connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO catalogue_catalogueitem AS c (
                item_id, version_id, version_number, kind, title, description, subjects, grades, topics,
                language, author_organisation, licence, manifest, checksum, collections, search_vector,
                sequence, withdrawn, withdrawn_reason)
            SELECT v.item_id, v.id, v.number, i.kind, v.title, v.description, v.subjects, v.grades, v.topics,
                   v.language, v.author_organisation, v.licence, v.manifest, v.checksum, %s::uuid[],
                   v.search_vector, %s, %s, %s
            FROM public.shared_library_itemversion v
            JOIN public.shared_library_libraryitem i ON i.id = v.item_id
            WHERE v.id = %s
            ON CONFLICT (item_id) DO UPDATE SET
                version_id = EXCLUDED.version_id, version_number = EXCLUDED.version_number,
                kind = EXCLUDED.kind, title = EXCLUDED.title, description = EXCLUDED.description,
                subjects = EXCLUDED.subjects, grades = EXCLUDED.grades, topics = EXCLUDED.topics,
                language = EXCLUDED.language, author_organisation = EXCLUDED.author_organisation,
                licence = EXCLUDED.licence, manifest = EXCLUDED.manifest, checksum = EXCLUDED.checksum,
                collections = EXCLUDED.collections, search_vector = EXCLUDED.search_vector,
                sequence = EXCLUDED.sequence, withdrawn = EXCLUDED.withdrawn,
                withdrawn_reason = EXCLUDED.withdrawn_reason
            WHERE c.sequence < EXCLUDED.sequence
            """,
            [collection_ids, sequence, withdrawn, reason, published.id],
        )
        return CatalogueItem.objects.get(item_id=published.item_id)
