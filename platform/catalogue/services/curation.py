"""The region admin's say over the catalogue: which collections, which items not. Region schema.

These rows (CatalogueSettings, ChosenCollection, HiddenItem) are the region's
own; releases write only CatalogueItem, so no later release undoes them.
Every change the region admin makes writes the region's audit row.
"""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from django.db import transaction
from django.utils.translation import gettext as _

from access import fetch
from accounts.models import User
from audit.services import record_region_change
from catalogue import selectors
from catalogue.models import CatalogueSettings, ChosenCollection, HiddenItem
from myschool.errors import ApplicationError, NotFound
from tenants.context import require_region
from tenants.models import Region

NOTE_LENGTH = 2000


def choose_collections(
    *, region: Region, all_collections: bool, collection_ids: Sequence[UUID] = (), actor: User
) -> dict:
    """Receive every collection, or only `collection_ids`; returns selectors.collection_choice.

    Only the region admin (403 otherwise). With `all_collections` the list must
    be empty; without it, it must name at least one library collection and only
    known ones (an error naming `collections` otherwise, nothing written).
    Idempotent and transactional.
    """
    require_region(region)
    fetch.require_catalogue_curator(actor)
    ids = list(dict.fromkeys(collection_ids))
    if all_collections and ids:
        raise ApplicationError.for_field(
            "collections", _("Give no collections when the region receives all of them.")
        )
    if not all_collections and not ids:
        raise ApplicationError.for_field(
            "collections", _("Choose at least one collection, or receive all of them.")
        )
    unknown = selectors.unknown_collections(ids)
    if unknown:
        raise ApplicationError.for_field(
            "collections",
            _("No library collection with id %(id)s.") % {"id": ", ".join(map(str, unknown))},
        )
    with transaction.atomic():
        settings, _created = CatalogueSettings.objects.select_for_update().get_or_create(pk=1)
        before = {
            "all_collections": settings.all_collections,
            "collections": sorted(map(str, ChosenCollection.objects.values_list("collection_id", flat=True))),
        }
        settings.all_collections = all_collections
        settings.save(update_fields=["all_collections"])
        ChosenCollection.objects.exclude(collection_id__in=ids).delete()
        ChosenCollection.objects.bulk_create(
            [ChosenCollection(collection_id=cid, chosen_by=actor) for cid in ids], ignore_conflicts=True
        )
        after = {"all_collections": all_collections, "collections": sorted(str(c) for c in ids)}
        if after != before:
            record_region_change(
                region=region, actor=actor, action="catalogue.collections_chosen", target=settings,
                before=before, after=after,
            )
    return selectors.collection_choice(region=region)


def hide_item(*, region: Region, item_id: UUID | str, note: str = "", actor: User) -> HiddenItem:
    """Stop serving an item in this region, whatever later releases bring; with a note saying why.

    Only the region admin. The item must be in the region's catalogue (NotFound
    otherwise). Hiding a hidden item again replaces its note. Materials already
    given with homework or lessons stay readable (see materials.py).
    """
    require_region(region)
    fetch.require_catalogue_curator(actor)
    item = _catalogue_row(item_id)
    note = note.strip()
    if len(note) > NOTE_LENGTH:
        raise ApplicationError.for_field(
            "note", _("At most %(count)d characters, please.") % {"count": NOTE_LENGTH}
        )
    with transaction.atomic():
        old = HiddenItem.objects.select_for_update().filter(item_id=item.item_id).first()
        hidden, _created = HiddenItem.objects.update_or_create(
            item_id=item.item_id, defaults={"note": note, "hidden_by": actor}
        )
        record_region_change(
            region=region, actor=actor, action="catalogue.item_hidden", target=hidden,
            before={"hidden": True, "note": old.note} if old else {"hidden": False},
            after={"hidden": True, "note": note},
        )
    return hidden


def unhide_item(*, region: Region, item_id: UUID | str, actor: User) -> None:
    """Serve a hidden item again (if the rest of the visibility rule allows). Idempotent.

    Only the region admin; NotFound for an item not in the region's catalogue.
    """
    require_region(region)
    fetch.require_catalogue_curator(actor)
    item = _catalogue_row(item_id)
    with transaction.atomic():
        hidden = HiddenItem.objects.select_for_update().filter(item_id=item.item_id).first()
        if hidden is not None:
            record_region_change(
                region=region, actor=actor, action="catalogue.item_unhidden", target=hidden,
                before={"hidden": True, "note": hidden.note}, after={"hidden": False},
            )
            hidden.delete()


def _catalogue_row(item_id: UUID | str):
    item = selectors.catalogue_state(item_id)
    if item is None:
        raise NotFound(_("No catalogue item with id %(id)s.") % {"id": item_id})
    return item
