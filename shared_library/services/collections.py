"""Collections of library items, e.g. «Виртуальные лаборатории. Физика 7–9». Public schema.

Regions choose which collections they receive, so a membership change of a
published item is something regions must hear about: it sets the item's
`release_pending` (withdrawn items excepted: their withdrawal already says all).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from myschool.errors import ApplicationError, Conflict
from shared_library.models import Capability, Collection, CollectionItem, LibraryItem, Withdrawal
from shared_library.rights import require_capability
from tenants.context import in_federation

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def create_collection(*, actor: User, slug: str, title: str, description: str = "") -> Collection:
    """Create an empty collection (needs `edit`). The slug is unique and never reused."""
    require_capability(actor, Capability.EDIT)
    slug, title, description = (slug or "").strip(), (title or "").strip(), (description or "").strip()
    fields: dict[str, list[str]] = {}
    if not SLUG.fullmatch(slug) or len(slug) > 100:
        fields["slug"] = [_("Use lower-case Latin letters, digits and hyphens, e.g. physics-labs-7-9.")]
    if not title:
        fields["title"] = [_("This field is required.")]
    elif len(title) > 300:
        fields["title"] = [_("At most %(limit)d characters.") % {"limit": 300}]
    if fields:
        raise ApplicationError("; ".join(f"{k}: {' '.join(v)}" for k, v in fields.items()), fields=fields)
    with in_federation(), transaction.atomic():
        if Collection.objects.filter(slug=slug).exists():
            raise Conflict.for_field("slug", _("A collection “%(slug)s” already exists.") % {"slug": slug})
        return Collection.objects.create(slug=slug, title=title, description=description)


def add_items(*, collection: Collection, items: Iterable[object], actor: User) -> int:
    """Put items (ids) in the collection (needs `edit`); return how many were not in it yet.

    Idempotent. Unknown or withdrawn items are refused, naming them; nothing is
    written then. Published items among those added get `release_pending`.
    """
    require_capability(actor, Capability.EDIT)
    ids = _item_ids(items)
    with in_federation(), transaction.atomic():
        found = _locked_items(ids)
        withdrawn = set(Withdrawal.objects.filter(item_id__in=ids).values_list("item_id", flat=True))
        if withdrawn:
            raise ApplicationError.for_field(
                "items", _("Withdrawn items cannot join a collection: %(ids)s.")
                % {"ids": ", ".join(sorted(str(i) for i in withdrawn))},
            )
        already = set(CollectionItem.objects.filter(collection=collection, item_id__in=ids)
                      .values_list("item_id", flat=True))
        new = [item for item in found if item.pk not in already]
        CollectionItem.objects.bulk_create([CollectionItem(collection=collection, item=item) for item in new])
        _mark_pending([item.pk for item in new if item.published_version_id is not None])
    return len(new)


def remove_items(*, collection: Collection, items: Iterable[object], actor: User) -> int:
    """Take items (ids) out of the collection (needs `edit`); return how many were in it. Idempotent."""
    require_capability(actor, Capability.EDIT)
    ids = _item_ids(items)
    with in_federation(), transaction.atomic():
        found = _locked_items(ids)
        removed = set(CollectionItem.objects.filter(collection=collection, item_id__in=ids)
                      .values_list("item_id", flat=True))
        CollectionItem.objects.filter(collection=collection, item_id__in=removed).delete()
        withdrawn = set(Withdrawal.objects.filter(item_id__in=removed).values_list("item_id", flat=True))
        _mark_pending([item.pk for item in found if item.pk in removed and item.pk not in withdrawn
                       and item.published_version_id is not None])
    return len(removed)


def _item_ids(items: Iterable[object]) -> list[uuid.UUID]:
    ids: list[uuid.UUID] = []
    for value in items:
        try:
            ids.append(value.pk if isinstance(value, LibraryItem) else uuid.UUID(str(value)))
        except ValueError:
            raise ApplicationError.for_field(
                "items", _("“%(id)s” is not a library item id.") % {"id": value}
            ) from None
    if not ids:
        raise ApplicationError.for_field("items", _("Give at least one item."))
    return list(dict.fromkeys(ids))


def _locked_items(ids: list[uuid.UUID]) -> list[LibraryItem]:
    """The items, locked in id order (no deadlock with another writer); unknown ids refused."""
    found = list(LibraryItem.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    missing = set(ids) - {item.pk for item in found}
    if missing:
        raise ApplicationError.for_field(
            "items", _("No library item with id %(id)s.") % {"id": ", ".join(sorted(map(str, missing)))}
        )
    return found


def _mark_pending(ids: list[uuid.UUID]) -> None:
    if ids:
        LibraryItem.objects.filter(pk__in=ids).update(release_pending=True, updated_at=timezone.now())
