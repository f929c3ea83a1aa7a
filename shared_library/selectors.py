"""Reads of the central library. Public schema.

Querysets are lazy: evaluate them on the federation host, or inside
tenants.context.in_federation() on a region host. The get_* functions evaluate
at once (in the public schema) and answer NotFound for a missing or malformed id.
"""

from __future__ import annotations

import uuid

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import Count, Exists, F, OuterRef, Prefetch, QuerySet
from django.utils.translation import gettext as _

from myschool.errors import NotFound
from shared_library.models import (
    SEARCH_CONFIG,
    Collection,
    CollectionItem,
    ItemVersion,
    LibraryItem,
    VersionState,
)
from tenants.context import in_federation
from tenants.models import Region


def search_versions(
    *,
    q: str = "",
    kind: str = "",
    subject: str = "",
    grade: int | None = None,
    collection: Collection | uuid.UUID | None = None,
    state: str | None = VersionState.PUBLISHED,
    withdrawn: bool | None = False,
    origin_region_code: str = "",
) -> QuerySet[ItemVersion]:
    """Versions matching the filters, best match first when `q` is given, else by title.

    By default exactly what regions receive: each item's published version,
    withdrawn items left out. `state` picks versions in another state (None:
    any state; operators see them all); `withdrawn` True gives only withdrawn
    items, None both. `q` is a web-search style query (words, "phrases", -not,
    or) in PostgreSQL's Russian configuration, so word forms match
    («лаборатория» finds «Виртуальные лаборатории»); it uses the GIN index on
    the search vector. The order is total (ties broken by id), so limit/offset
    pages neither repeat nor skip rows.
    """
    versions = ItemVersion.objects.select_related("item", "item__withdrawal")
    if state:
        versions = versions.filter(state=state)
    if withdrawn is not None:
        versions = versions.filter(item__withdrawal__isnull=not withdrawn)
    if kind:
        versions = versions.filter(item__kind=kind)
    if subject:
        versions = versions.filter(subjects__contains=[subject])
    if grade is not None:
        versions = versions.filter(grades__contains=[grade])
    if collection is not None:
        members = CollectionItem.objects.filter(collection=collection, item_id=OuterRef("item_id"))
        versions = versions.filter(Exists(members))
    if origin_region_code:
        versions = versions.filter(item__origin_region_code=origin_region_code)
    if q.strip():
        query = SearchQuery(q, search_type="websearch", config=SEARCH_CONFIG)
        return versions.filter(search_vector=query).annotate(
            rank=SearchRank(F("search_vector"), query)
        ).order_by("-rank", "title", "id")
    return versions.order_by("title", "id")


def _item_queryset() -> QuerySet[LibraryItem]:
    return LibraryItem.objects.select_related("withdrawal", "published_version").prefetch_related(
        Prefetch("versions", queryset=ItemVersion.objects.order_by("number")),
        Prefetch("collections", queryset=Collection.objects.order_by("title")),
    )


def get_item(item_id: object) -> LibraryItem:
    """An item with its versions (oldest first), withdrawal and collections, or NotFound."""
    pk = _uuid(item_id)
    with in_federation():
        item = _item_queryset().filter(pk=pk).first() if pk else None
    if item is None:
        raise NotFound(_("No library item with id %(id)s.") % {"id": item_id})
    return item


def get_version(item: LibraryItem, number: object) -> ItemVersion:
    """Version `number` of `item`, or NotFound."""
    with in_federation():
        version = (
            ItemVersion.objects.select_related("item").filter(item=item, number=int(number)).first()
            if str(number).isdigit() else None
        )
    if version is None:
        raise NotFound(_("The item has no version %(number)s.") % {"number": number})
    return version


def collections() -> QuerySet[Collection]:
    """Every collection, by title, with its number of items."""
    return Collection.objects.annotate(item_count=Count("items")).order_by("title", "id")


def get_collection(collection_id: object) -> Collection:
    pk = _uuid(collection_id)
    with in_federation():
        found = collections().filter(pk=pk).first() if pk else None
    if found is None:
        raise NotFound(_("No collection with id %(id)s.") % {"id": collection_id})
    return found


def contributions_of(region: Region) -> QuerySet[LibraryItem]:
    """The items `region` contributed, newest first, with their versions. Never another region's."""
    return _item_queryset().filter(origin_region_code=region.code).order_by("-created_at", "id")


def get_contribution(region: Region, item_id: object) -> LibraryItem:
    """One of `region`'s contributions, or NotFound (also for another region's item)."""
    pk = _uuid(item_id)
    with in_federation():
        item = contributions_of(region).filter(pk=pk).first() if pk else None
    if item is None:
        raise NotFound(_("No contribution with id %(id)s.") % {"id": item_id})
    return item


def _uuid(value: object) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None
