"""Regions contributing upward: a region admin submits an item to federal moderation.

Called on the region's host (the region's schema active); the item is written
in the public schema. It is an ordinary library item marked with the region's
code: once federal moderators publish it, the next release brings it to every
region like any other item.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.rights import require_region_admin
from myschool.errors import NotFound
from shared_library.content import clean_new_item
from shared_library.models import ItemVersion, LibraryItem, VersionState
from shared_library.services.versions import (
    check_change_names,
    insert_version,
    locked_item,
    refuse_if_withdrawn,
    rewrite_draft,
    state_conflict,
)
from tenants.context import in_federation, require_region
from tenants.models import Region

logger = logging.getLogger(__name__)


def _require_region_admin(region: Region, actor: User) -> None:
    require_region(region)
    require_region_admin(
        actor, _("Only the region administrator contributes items to the federal library.")
    )


def submit_regional_item(
    *,
    region: Region,
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
    """Submit a region's item for federal moderation: version 1 goes straight to review.

    Only `region`'s administrator, with the region's schema active. The item is
    written in the public schema with origin_region_code = region.code, in one
    transaction, after the same validation as federal items.
    """
    _require_region_admin(region, actor)
    kind, content = clean_new_item(
        kind, title=title, description=description, subjects=subjects, grades=grades,
        topics=topics, language=language, author_organisation=author_organisation,
        licence=licence, manifest=manifest,
    )
    with in_federation(), transaction.atomic():
        item = LibraryItem.objects.create(kind=kind, origin_region_code=region.code, created_by=actor.email)
        insert_version(item=item, number=1, content=content, created_by=actor.email,
                       state=VersionState.IN_REVIEW)
    logger.info("%s submitted library item %s for review", region.code, item.pk)
    return item


def revise_contribution(*, region: Region, actor: User, item: LibraryItem, **changes: Any) -> ItemVersion:
    """Change a contribution that moderators returned for changes, and send it back to review.

    Only `region`'s administrator, only the region's own items, only while its
    latest version is a returned draft. One transaction.
    """
    _require_region_admin(region, actor)
    check_change_names(changes)
    with in_federation(), transaction.atomic():
        item = locked_item(item)
        if item.origin_region_code != region.code:
            raise NotFound(_("No contribution with id %(id)s.") % {"id": item.pk})
        refuse_if_withdrawn(item)
        version = item.versions.order_by("-number").first()
        if version.state != VersionState.DRAFT:
            raise state_conflict(version, _("only a version returned for changes can be revised."))
        rewrite_draft(item=item, version=version, changes=changes, editor=actor.email)
        version.state, version.submitted_at = VersionState.IN_REVIEW, timezone.now()
        version.save(update_fields=["state", "submitted_at"])
        version.refresh_from_db()
    return version
