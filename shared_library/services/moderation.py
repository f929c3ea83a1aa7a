"""Moderation: draft → in review → approved → published, and withdrawal. Public schema.

A version is approved by a moderator other than its authors: whoever created it
and whoever edited it since (four eyes).

Each step locks the item, checks the version's state (a Conflict says from which
state to which), and writes in one transaction. Publishing and withdrawing set
the item's `release_pending`: the next release (federation/) carries the change
to every region and clears it. A withdrawn item's versions never move again.
Every step writes a federal audit row (audit.services) in its transaction.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import record_federal_change
from myschool.errors import ApplicationError, Conflict, Forbidden
from shared_library.models import Capability, ItemVersion, LibraryItem, VersionState, Withdrawal
from shared_library.rights import require_capability
from shared_library.services.versions import locked_item, refuse_if_withdrawn, state_conflict
from tenants.context import in_federation

logger = logging.getLogger(__name__)


def _locked_version(version: ItemVersion) -> tuple[LibraryItem, ItemVersion]:
    item = locked_item(version.item_id)
    return item, ItemVersion.objects.get(pk=version.pk)


def submit_version(*, version: ItemVersion, actor: User) -> ItemVersion:
    """Send a draft for review (needs `edit`). From now on its content never changes.

    A draft identical to the published version is refused: there is nothing to review.
    """
    require_capability(actor, Capability.EDIT)
    with in_federation(), transaction.atomic():
        item, version = _locked_version(version)
        refuse_if_withdrawn(item)
        if version.state != VersionState.DRAFT:
            raise state_conflict(version, _("only a draft can be submitted for review."))
        published = item.published_version
        if published is not None and published.checksum == version.checksum:
            message = _("Version %(number)d is the same as published version %(published)d; "
                        "change something before submitting it.") % {
                "number": version.number, "published": published.number}
            raise Conflict(message, fields={"state": [message]})
        version.state, version.submitted_at = VersionState.IN_REVIEW, timezone.now()
        version.review_note = ""
        version.save(update_fields=["state", "submitted_at", "review_note"])
        _audit(version, actor, "library.version_submitted", VersionState.DRAFT)
    return version


def approve_version(*, version: ItemVersion, actor: User, note: str = "") -> ItemVersion:
    """Approve a version in review (needs `moderate`); it may then be published.

    Four eyes: an operator who wrote the version or edited it (`edited_by`)
    may not approve it (Forbidden); another moderator reviews it.
    """
    require_capability(actor, Capability.MODERATE)
    with in_federation(), transaction.atomic():
        item, version = _locked_version(version)
        refuse_if_withdrawn(item)
        if version.state != VersionState.IN_REVIEW:
            raise state_conflict(version, _("only a version in review can be approved."))
        if version.created_by.lower() == actor.email.lower():
            raise Forbidden(
                _("You wrote version %(number)d: another moderator must approve it.")
                % {"number": version.number}
            )
        if actor.email.lower() in (editor.lower() for editor in version.edited_by):
            raise Forbidden(
                _("You edited version %(number)d: another moderator must approve it.")
                % {"number": version.number}
            )
        _reviewed(version, actor, VersionState.APPROVED, note)
    return version


def return_for_changes(*, version: ItemVersion, actor: User, note: str) -> ItemVersion:
    """Send a version in review back to draft with a note saying what to change (needs `moderate`)."""
    require_capability(actor, Capability.MODERATE)
    note = (note or "").strip()
    if not note:
        raise ApplicationError.for_field("note", _("Say what must change before it can be approved."))
    with in_federation(), transaction.atomic():
        item, version = _locked_version(version)
        refuse_if_withdrawn(item)
        if version.state != VersionState.IN_REVIEW:
            raise state_conflict(version, _("only a version in review can be returned for changes."))
        _reviewed(version, actor, VersionState.DRAFT, note)
    return version


def publish_version(*, version: ItemVersion, actor: User) -> ItemVersion:
    """Publish an approved version (needs `moderate`): regions will receive it.

    The item's previously published version becomes superseded, the item points
    at this one, and `release_pending` is set for the next release. One transaction.
    """
    require_capability(actor, Capability.MODERATE)
    with in_federation(), transaction.atomic():
        item, version = _locked_version(version)
        refuse_if_withdrawn(item)
        if version.state != VersionState.APPROVED:
            raise state_conflict(version, _("only an approved version can be published."))
        if item.published_version_id is not None:
            ItemVersion.objects.filter(pk=item.published_version_id).update(state=VersionState.SUPERSEDED)
        version.state, version.published_at = VersionState.PUBLISHED, timezone.now()
        version.save(update_fields=["state", "published_at"])
        item.published_version, item.release_pending = version, True
        item.save(update_fields=["published_version", "release_pending", "updated_at"])
        _audit(version, actor, "library.version_published", VersionState.APPROVED)
    logger.info("Library item %s: version %d published by %s", item.pk, version.number, actor.email)
    return version


def withdraw_item(*, item: LibraryItem, actor: User, reason: str) -> Withdrawal:
    """Withdraw an item everywhere, for good (needs `moderate`), e.g. a legal takedown.

    The Withdrawal row hides the item in every region from the moment it
    commits; `release_pending` is set when the item was ever published so the
    next release records it. Its versions can no longer progress. One transaction.
    """
    require_capability(actor, Capability.MODERATE)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError.for_field("reason", _("Say why the item is withdrawn."))
    with in_federation(), transaction.atomic():
        item = locked_item(item)
        existing = Withdrawal.objects.filter(item=item).first()
        if existing is not None:
            message = _("The item was already withdrawn on %(date)s: %(reason)s") % {
                "date": timezone.localdate(existing.withdrawn_at).isoformat(), "reason": existing.reason}
            raise Conflict(message, fields={"item": [message]})
        withdrawal = Withdrawal.objects.create(item=item, reason=reason, withdrawn_by=actor.email)
        if item.published_version_id is not None:
            item.release_pending = True
            item.save(update_fields=["release_pending", "updated_at"])
        record_federal_change(
            actor=actor, action="library.item_withdrawn", target=item,
            before={"withdrawn": False}, after={"withdrawn": True, "reason": reason},
        )
    logger.info("Library item %s withdrawn by %s: %s", item.pk, actor.email, reason)
    return withdrawal


def _reviewed(version: ItemVersion, actor: User, state: str, note: str) -> None:
    version.state, version.review_note = state, (note or "").strip()
    version.reviewed_by, version.reviewed_at = actor.email, timezone.now()
    version.save(update_fields=["state", "review_note", "reviewed_by", "reviewed_at"])
    action = "library.version_approved" if state == VersionState.APPROVED else "library.version_returned"
    _audit(version, actor, action, VersionState.IN_REVIEW, note=version.review_note)


def _audit(version: ItemVersion, actor: User, action: str, before: str, **extra: str) -> None:
    """The federal audit row of `version`'s step from state `before` to the state it has now."""
    record_federal_change(
        actor=actor, action=action, target=version,
        before={"state": before}, after={"state": version.state, **extra},
    )
