"""Library items and their versions: creating them and editing drafts. Public schema.

A version's content can change only while it is a draft; from submission on it
is fixed (the services refuse, and so does a trigger in the database). An
update is a new version, started from the previous one's content.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from myschool.errors import Conflict
from shared_library.content import clean_content, clean_new_item, content_of
from shared_library.models import Capability, ItemVersion, LibraryItem, VersionState
from shared_library.rights import require_capability
from shared_library.services.versions import (
    OPEN_STATES,
    STATE_PHRASES,
    check_change_names,
    insert_version,
    locked_item,
    next_number,
    refuse_if_withdrawn,
    rewrite_draft,
    state_conflict,
)
from tenants.context import in_federation


def create_item(
    *,
    actor: User,
    kind: str,
    title: str,
    subjects: Sequence[str],
    grades: Sequence[int],
    author_organisation: str,
    licence: str,
    manifest: dict[str, Any],
    description: str = "",
    topics: Sequence[str] = (),
    language: str = "ru",
) -> LibraryItem:
    """Create a federal library item with version 1 in draft (needs `edit`).

    Everything is validated first (every bad field named, manifest fields by
    path); nothing is written unless all is well. One transaction.
    """
    require_capability(actor, Capability.EDIT)
    kind, content = clean_new_item(
        kind, title=title, description=description, subjects=subjects, grades=grades,
        topics=topics, language=language, author_organisation=author_organisation,
        licence=licence, manifest=manifest,
    )
    with in_federation(), transaction.atomic():
        item = LibraryItem.objects.create(kind=kind, created_by=actor.email)
        insert_version(item=item, number=1, content=content, created_by=actor.email)
    return item


def create_version(*, item: LibraryItem, actor: User, **changes: Any) -> ItemVersion:
    """Start the item's next version, in draft: the latest version's content with `changes`.

    Needs `edit`. Refused (Conflict) while another version is in draft, in
    review or approved, and for a withdrawn item. One transaction.
    """
    require_capability(actor, Capability.EDIT)
    check_change_names(changes)
    with in_federation(), transaction.atomic():
        item = locked_item(item)
        refuse_if_withdrawn(item)
        pending = item.versions.filter(state__in=OPEN_STATES).order_by("number").first()
        if pending is not None:
            message = _(
                "Version %(number)d is %(state)s; publish it or return it to draft and edit it "
                "before starting another version."
            ) % {"number": pending.number, "state": STATE_PHRASES[VersionState(pending.state)]}
            raise Conflict(message, fields={"state": [message]})
        latest = item.versions.order_by("-number").first()
        content = clean_content({**content_of(latest), **changes})
        return insert_version(item=item, number=next_number(item), content=content, created_by=actor.email)


def edit_draft(*, version: ItemVersion, actor: User, **changes: Any) -> ItemVersion:
    """Replace the given fields of a draft (needs `edit`); refused once it was submitted.

    The checksum and search vector are computed again. One transaction.
    """
    require_capability(actor, Capability.EDIT)
    check_change_names(changes)
    with in_federation(), transaction.atomic():
        item = locked_item(version.item_id)
        version = ItemVersion.objects.get(pk=version.pk)
        refuse_if_withdrawn(item)
        if version.state != VersionState.DRAFT:
            raise state_conflict(
                version, _("only a draft can be edited; create a new version to change the item.")
            )
        rewrite_draft(item=item, version=version, changes=changes, editor=actor.email)
        version.refresh_from_db()
    return version
