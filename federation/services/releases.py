"""Cutting and promoting releases. Public schema.

Operators holding the `release` capability do it; each writes a federal audit row in its transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import record_federal_change
from federation import outbox
from federation.models import EntryAction, Release, ReleaseEntry
from federation.selectors import latest_sequence
from myschool.errors import ApplicationError, Conflict, NotFound
from shared_library.models import CollectionItem, LibraryItem, Withdrawal
from shared_library.rights import require_capability
from tenants.codes import parse_region_code
from tenants.models import Region, RegionStatus

logger = logging.getLogger(__name__)


def cut_release(*, actor: User, notes: str = "", canary_region_codes: Iterable[str] = ()) -> Release:
    """Turn every library change since the last release into release N+1.

    One transaction writes the release, its entries (one per changed item:
    the version to hold, or its withdrawal) and the outbox message that fans it
    out, so a release is never lost between the database and the broker.
    Sequence numbers have no gaps. With canaries, only those regions get it
    until `promote_release`.
    """
    require_capability(actor, "release")
    canaries = _validate_canaries(canary_region_codes)
    t = _names()
    with transaction.atomic():
        # One cut at a time; items changing meanwhile wait for their row lock
        # and go into the next release.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext('federation:cut_release'))")
            cursor.execute(
                f"SELECT array_agg({t.item_id}) FROM (SELECT {t.item_id} FROM {t.items}"
                f" WHERE {t.release_pending} FOR UPDATE) pending"
            )
            (item_ids,) = cursor.fetchone()
        last = latest_sequence()
        if not item_ids:
            raise Conflict(
                _("Nothing to release: no item was published, changed or withdrawn since release %(n)s.")
                % {"n": last}
            )
        sequence = last + 1
        release = Release.objects.create(
            sequence=sequence, notes=notes.strip(), canary_region_codes=canaries,
            promoted_at=None if canaries else timezone.now(),
            cut_by=actor,
        )
        with connection.cursor() as cursor:
            # Earlier entries and collections are read once, up front: a subquery
            # per row would rescan the entries this very statement is inserting.
            cursor.execute(
                f"""
                WITH prior AS MATERIALIZED (
                    SELECT DISTINCT {t.entry_item} AS item_id FROM {t.entries}
                    WHERE {t.entry_item} = ANY(%(ids)s)
                ), memberships AS MATERIALIZED (
                    SELECT {t.member_item} AS item_id,
                           array_agg({t.member_collection} ORDER BY {t.member_collection}) AS collections
                    FROM {t.members} WHERE {t.member_item} = ANY(%(ids)s) GROUP BY {t.member_item}
                )
                INSERT INTO {t.entries} ({t.entry_columns})
                SELECT %(seq)s, i.{t.item_id}, i.{t.published_version},
                       CASE WHEN w.{t.withdrawal_item} IS NULL THEN %(publish)s ELSE %(withdraw)s END,
                       p.item_id IS NULL, coalesce(m.collections, '{{}}'), coalesce(w.{t.reason}, '')
                FROM {t.items} i
                LEFT JOIN {t.withdrawals} w ON w.{t.withdrawal_item} = i.{t.item_id}
                LEFT JOIN prior p ON p.item_id = i.{t.item_id}
                LEFT JOIN memberships m ON m.item_id = i.{t.item_id}
                WHERE i.{t.item_id} = ANY(%(ids)s) AND i.{t.published_version} IS NOT NULL
                """,
                {"seq": sequence, "ids": item_ids, "publish": EntryAction.PUBLISH.value,
                 "withdraw": EntryAction.WITHDRAW.value},
            )
            cursor.execute(
                f"UPDATE {t.items} SET {t.release_pending} = false WHERE {t.item_id} = ANY(%s)",
                [item_ids],
            )
            cursor.execute(
                f"""
                SELECT count(*) FILTER (WHERE {t.action} = %(publish)s AND {t.is_new}),
                       count(*) FILTER (WHERE {t.action} = %(publish)s AND NOT {t.is_new}),
                       count(*) FILTER (WHERE {t.action} = %(withdraw)s)
                FROM {t.entries} WHERE {t.entry_release} = %(seq)s
                """,
                {"seq": sequence, "publish": EntryAction.PUBLISH.value,
                 "withdraw": EntryAction.WITHDRAW.value},
            )
            release.added, release.changed, release.withdrawn = cursor.fetchone()
        if not (release.added or release.changed or release.withdrawn):
            raise Conflict(_("Nothing to release: the changed items have no published version."))
        release.save(update_fields=["added", "changed", "withdrawn"])
        record_federal_change(
            actor=actor, action="release.cut", target=release,
            after={"sequence": sequence, "notes": release.notes, "canary_regions": canaries,
                   "added": release.added, "changed": release.changed, "withdrawn": release.withdrawn},
        )
        outbox.enqueue(topic="release.cut", payload={"sequence": sequence})
    logger.info("Release %s cut by %s: +%s ~%s -%s%s", sequence, actor, release.added, release.changed,
                release.withdrawn, f", canaries {', '.join(canaries)}" if canaries else "")
    return release


def promote_release(*, actor: User, sequence: int) -> Release:
    """Open a canary release to every region. Idempotent."""
    require_capability(actor, "release")
    with transaction.atomic():
        release = Release.objects.select_for_update().filter(sequence=sequence).first()
        if release is None:
            raise NotFound(_("No release %(n)s.") % {"n": sequence})
        if release.promoted_at is not None:
            return release
        release.promoted_at = timezone.now()
        release.save(update_fields=["promoted_at"])
        record_federal_change(
            actor=actor, action="release.promoted", target=release,
            before={"canary_regions": release.canary_region_codes, "promoted": False},
            after={"promoted": True},
        )
        outbox.enqueue(topic="release.promoted", payload={"sequence": sequence})
    logger.info("Release %s promoted to every region by %s", sequence, actor)
    return release


def _validate_canaries(codes: Iterable[str]) -> list[str]:
    parsed: list[str] = []
    for raw in codes:
        try:
            code = parse_region_code(raw)
        except ApplicationError as exc:
            messages = [m for msgs in exc.fields.values() for m in msgs] or [exc.message]
            raise ApplicationError.for_field("canary_regions", " ".join(messages)) from None
        if code not in parsed:
            parsed.append(code)
    known = dict(Region.objects.filter(code__in=parsed).values_list("code", "status"))
    unknown = [code for code in parsed if code not in known]
    if unknown:
        raise NotFound.for_field(
            "canary_regions", _("No region %(codes)s.") % {"codes": ", ".join(unknown)}
        )
    inactive = [code for code in parsed if known[code] != RegionStatus.ACTIVE]
    if inactive:
        raise Conflict.for_field(
            "canary_regions",
            _("Canary regions must be active: %(codes)s is not.") % {"codes": ", ".join(inactive)},
        )
    return sorted(parsed)


@dataclass(frozen=True)
class _Names:
    """The tables and columns a cut reads and writes, from the models' `_meta`."""

    items: str
    item_id: str
    published_version: str
    release_pending: str
    withdrawals: str
    withdrawal_item: str
    reason: str
    members: str
    member_item: str
    member_collection: str
    entries: str
    entry_columns: str
    entry_release: str
    entry_item: str
    action: str
    is_new: str


def _names() -> _Names:
    qn = connection.ops.quote_name

    def col(model: type[Model], field: str) -> str:
        return model._meta.get_field(field).column

    entry_fields = ["release", "item", "version", "action", "is_new", "collections", "withdrawn_reason"]
    return _Names(
        items=qn(LibraryItem._meta.db_table), item_id=col(LibraryItem, "id"),
        published_version=col(LibraryItem, "published_version"),
        release_pending=col(LibraryItem, "release_pending"),
        withdrawals=qn(Withdrawal._meta.db_table), withdrawal_item=col(Withdrawal, "item"),
        reason=col(Withdrawal, "reason"),
        members=qn(CollectionItem._meta.db_table), member_item=col(CollectionItem, "item"),
        member_collection=col(CollectionItem, "collection"),
        entries=qn(ReleaseEntry._meta.db_table),
        entry_columns=", ".join(col(ReleaseEntry, name) for name in entry_fields),
        entry_release=col(ReleaseEntry, "release"), entry_item=col(ReleaseEntry, "item"),
        action=col(ReleaseEntry, "action"), is_new=col(ReleaseEntry, "is_new"),
    )
