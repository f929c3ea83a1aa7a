"""Reads of the region's catalogue, and of the materials given with homework and lessons. Region schema.

The caller has entered the region (each selector checks) and decided who may
read. What a region serves is decided here and only here (`served`), for the
API, the pages and materials alike. An item is served iff:

- the region's catalogue holds it (the sync layer wrote its row) and that row
  is not withdrawn;
- no public `shared_library` Withdrawal row names it: the withdrawal fast
  path. The public table is on every region's search_path and tiny, so an
  item disappears in every region the moment its withdrawal commits, before
  any release reaches the region;
- the region has not hidden it (HiddenItem);
- the region receives all collections (CatalogueSettings, the default when it
  has no row), or the item belongs to one of the region's ChosenCollection.

Materials pin the version a teacher gave; their content is read from the
public, immutable ItemVersion, never from the catalogue's current row.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import Count, Exists, F, Func, JSONField, OuterRef, Q, QuerySet, Subquery, Value
from django.utils.translation import gettext as _

from access import scope
from accounts.models import User
from catalogue.models import CatalogueItem, CatalogueSettings, ChosenCollection, HiddenItem, Material
from myschool.errors import NotFound
from shared_library.models import (
    SEARCH_CONFIG,
    Collection,
    ItemVersion,
    LibraryItem,
    VersionState,
    Withdrawal,
)
from tenants.context import require_region
from tenants.models import Region


def _withdrawn_publicly() -> Exists:
    """The outer row's item has a public Withdrawal row (the fast path)."""
    return Exists(Withdrawal.objects.filter(item_id=OuterRef("item_id")))


def _kept() -> Q:
    """Served apart from the collection choice: present, not withdrawn anywhere, not hidden here."""
    hidden = Exists(HiddenItem.objects.filter(item_id=OuterRef("item_id")))
    return Q(withdrawn=False) & ~Q(_withdrawn_publicly()) & ~Q(hidden)


def served() -> Q:
    """The one visibility rule, as a condition on CatalogueItem (see the module's docstring).

    The collection choice is read inside the same SQL statement (two one-time
    subqueries), so a caller needs no extra query and sees one consistent state.
    """
    chosen_only = Exists(CatalogueSettings.objects.filter(all_collections=False))
    chosen = ArraySubquery(ChosenCollection.objects.values("collection_id"))
    return _kept() & (~Q(chosen_only) | Q(collections__overlap=chosen))


def visible_items(*, region: Region) -> QuerySet[CatalogueItem]:
    """Every item `region` serves now, in title order."""
    require_region(region)
    return CatalogueItem.objects.filter(served())


def find_items(
    *,
    region: Region,
    q: str = "",
    kind: str = "",
    subject: str = "",
    grade: int | None = None,
    collection: UUID | None = None,
) -> QuerySet[CatalogueItem]:
    """Items `region` serves that match the filters (without manifests); with `q`, the best matches first.

    `q` is web-search syntax («дроби -десятичные», "quoted phrase", or) in the
    Russian configuration, so «дробь» finds «дробями». Without `q`: title order.
    """
    items = visible_items(region=region).defer("manifest", "search_vector")
    if kind:
        items = items.filter(kind=kind)
    if subject:
        items = items.filter(subjects__contains=[subject])
    if grade is not None:
        items = items.filter(grades__contains=[grade])
    if collection is not None:
        items = items.filter(collections__contains=[collection])
    if not q.strip():
        return items.order_by("title", "item_id")
    query = SearchQuery(q, search_type="websearch", config=SEARCH_CONFIG)
    return (
        items.filter(search_vector=query)
        .annotate(rank=SearchRank(F("search_vector"), query))
        .order_by("-rank", "title", "item_id")
    )


# Lists count matches up to here and say "more" beyond: an exact count reads
# every served row (100 000 rows: ~100 ms; the federal library has millions).
COUNT_CAP = 10_000


def capped_count(items: QuerySet[CatalogueItem], cap: int = COUNT_CAP) -> tuple[int, bool]:
    """(how many of `items`, at most `cap`; whether there are more). One query that stops at cap + 1."""
    counted = items.order_by().values("item_id")[: cap + 1].count()
    return min(counted, cap), counted > cap


def visible_item(*, region: Region, item_id: UUID | str, with_hidden: bool = False) -> CatalogueItem:
    """The item, if `region` serves it (with `with_hidden`, also if only the region's hide keeps it back).

    NotFound otherwise, alike for an unknown id and an item not served here.
    """
    require_region(region)
    rule = _kept_or_hidden() if with_hidden else served()
    uuid = _uuid(item_id)
    item = CatalogueItem.objects.filter(rule, item_id=uuid).first() if uuid else None
    if item is None:
        raise NotFound(_("No catalogue item with id %(id)s.") % {"id": item_id})
    return item


def _kept_or_hidden() -> Q:
    """Served, or would be but for the region's hide (what a region admin may look at)."""
    hidden = HiddenItem.objects.filter(item_id=OuterRef("item_id"))
    return served() | (Q(withdrawn=False) & ~Q(_withdrawn_publicly()) & Q(Exists(hidden)))


def hidden_items(*, region: Region) -> QuerySet[CatalogueItem]:
    """Items the region has hidden and not withdrawn anywhere, with `hidden_note` and `hidden_at`."""
    require_region(region)
    hides = HiddenItem.objects.filter(item_id=OuterRef("item_id"))
    return (
        CatalogueItem.objects.filter(Exists(hides), withdrawn=False)
        .exclude(_withdrawn_publicly())
        .defer("manifest", "search_vector")
        .annotate(
            hidden_note=Subquery(hides.values("note")[:1]),
            hidden_at=Subquery(hides.values("hidden_at")[:1]),
        )
        .order_by("title", "item_id")
    )


def hidden_entry(*, region: Region, item_id: UUID) -> HiddenItem | None:
    """The region's hide of an item (its note and when), or None."""
    require_region(region)
    return HiddenItem.objects.filter(item_id=item_id).first()


def catalogue_state(item_id: UUID | str) -> CatalogueItem | None:
    """The region's catalogue row for an item, whatever its visibility (None when absent or a bad id)."""
    uuid = _uuid(item_id)
    return CatalogueItem.objects.filter(item_id=uuid).first() if uuid else None


def withdrawal_reason(item_id: UUID) -> str | None:
    """Why the library withdrew an item (the public row, or the region's copy); None if it did not."""
    public = Withdrawal.objects.filter(item_id=item_id).values_list("reason", flat=True).first()
    if public is not None:
        return public
    return (
        CatalogueItem.objects.filter(item_id=item_id, withdrawn=True)
        .values_list("withdrawn_reason", flat=True)
        .first()
    )


def collection_choice(*, region: Region) -> dict[str, Any]:
    """{"all": bool, "collections": [ids chosen]}: which collections `region` receives."""
    require_region(region)
    settings = CatalogueSettings.objects.filter(pk=1).first()
    everything = settings is None or settings.all_collections
    ids = (
        []
        if everything
        else list(ChosenCollection.objects.order_by("collection_id").values_list("collection_id", flat=True))
    )
    return {"all": everything, "collections": ids}


def collections_overview(*, region: Region) -> list[dict[str, Any]]:
    """Every library collection, whether `region` receives it, and how many of its items the region holds.

    `items` counts the collection's items in the region's catalogue that are not
    withdrawn nor hidden here, whatever the collection choice, so an admin sees
    what choosing a collection would bring. Three queries, whatever the sizes.
    """
    require_region(region)
    choice = collection_choice(region=region)
    counts = dict(
        CatalogueItem.objects.filter(_kept())
        .annotate(collection=Func(F("collections"), function="unnest"))
        .values("collection")
        .annotate(items=Count("*"))
        .values_list("collection", "items")
    )
    chosen = set(choice["collections"])
    return [
        {
            **row,
            "chosen": choice["all"] or row["id"] in chosen,
            "items": counts.get(row["id"], 0),
        }
        for row in Collection.objects.order_by("title", "id").values("id", "slug", "title", "description")
    ]


def unknown_collections(ids: Iterable[UUID]) -> list[UUID]:
    """Those of `ids` that name no library collection."""
    wanted = set(ids)
    known = set(Collection.objects.filter(id__in=wanted).values_list("id", flat=True))
    return sorted(wanted - known, key=str)


MATERIAL_FIELDS = (
    "id",
    "homework_id",
    "lesson_id",
    "item_id",
    "version_id",
    "version_number",
    "title",
    "attached_at",
)


def materials_for(
    *,
    region: Region,
    homework_ids: Iterable[int] = (),
    lesson_ids: Iterable[int] = (),
    content: bool = False,
) -> list[dict[str, Any]]:
    """The materials given with these homework and lessons, as plain dicts, in ONE query.

    Each dict: id, homework_id, lesson_id (one of them None), item_id,
    version_id, version_number, title (as given), attached_at, kind, withdrawn
    and notice (the withdrawal notice in the active language, or ""). With
    `content`, also `content`: the pinned version's title, description,
    subjects, grades, topics, language, author_organisation, licence, manifest
    and checksum, read from the public immutable ItemVersion (None when the
    item is withdrawn). A region's own hide does not take materials back: see
    docs in catalogue.services.materials. Ordered by attached_at, id.
    The caller has checked that the reader may see these homework and lessons.
    """
    require_region(region)
    homework_ids, lesson_ids = list(homework_ids), list(lesson_ids)
    if not homework_ids and not lesson_ids:
        return []
    version = ItemVersion.objects.filter(id=OuterRef("version_id"))
    withdrawn_here = CatalogueItem.objects.filter(item_id=OuterRef("item_id"), withdrawn=True)
    annotations: dict[str, Any] = {
        "kind": Subquery(LibraryItem.objects.filter(id=OuterRef("item_id")).values("kind")[:1]),
        "public_reason": Subquery(
            Withdrawal.objects.filter(item_id=OuterRef("item_id")).values("reason")[:1]
        ),
        "region_reason": Subquery(withdrawn_here.values("withdrawn_reason")[:1]),
    }
    if content:
        annotations["content"] = Subquery(version.values(json=_version_json())[:1], output_field=JSONField())
    rows = (
        Material.objects.filter(Q(homework_id__in=homework_ids) | Q(lesson_id__in=lesson_ids))
        .order_by("attached_at", "id")
        .values(*MATERIAL_FIELDS, **annotations)
    )
    return [_material(row, content) for row in rows]


VERSION_CONTENT = (
    "title",
    "description",
    "subjects",
    "grades",
    "topics",
    "language",
    "author_organisation",
    "licence",
    "manifest",
    "checksum",
)


def _version_json() -> Func:
    """The pinned version's content as one JSON object, built in the same query."""
    pairs: list[Any] = []
    for name in VERSION_CONTENT:
        pairs += [Value(name), F(name)]
    return Func(*pairs, function="jsonb_build_object", output_field=JSONField())


def _material(row: dict[str, Any], content: bool) -> dict[str, Any]:
    public, regional = row.pop("public_reason"), row.pop("region_reason")
    reason = public if public is not None else regional
    row["withdrawn"] = reason is not None
    row["notice"] = notice(reason) if reason is not None else ""
    if content and reason is not None:
        row["content"] = None
    return row


def notice(reason: str) -> str:
    """What readers of a withdrawn material see instead of it."""
    if not reason:
        return _("This material was withdrawn from the library.")
    return _("This material was withdrawn from the library: %(reason)s") % {"reason": reason}


def _uuid(value: UUID | str) -> UUID | None:
    if isinstance(value, UUID):
        return value
    try:
        return UUID(str(value))
    except ValueError:
        return None


def versions_up_to(item: CatalogueItem) -> QuerySet[ItemVersion]:
    """The library's published versions of `item` up to the one the region holds, newest first.

    Read from the public, immutable ItemVersion rows: what the item said in each
    version the library published (a newer one may not have reached this region yet).
    """
    return ItemVersion.objects.filter(
        item_id=item.item_id, number__lte=item.version_number,
        state__in=[VersionState.PUBLISHED, VersionState.SUPERSEDED],
    ).only("number", "title", "published_at").order_by("-number")


def homework_using(*, region: Region, reader: User, item_id: UUID) -> QuerySet[Material]:
    """The materials that give `item_id` with homework in `region` that `reader` may read, newest first.

    With the homework, its lesson's subject and class group, and the teacher: one SQL query.
    """
    require_region(region)
    return (
        Material.objects.filter(item_id=item_id, homework__in=scope.homework_for(reader))
        .select_related("homework__lesson__subject", "homework__class_group", "homework__set_by")
        .order_by("-homework__lesson__date", "-pk")
    )
