"""Writing the audit trail: one helper per schema, called inside the service's own transaction.

`record_region_change` writes into the region's schema (the region's audit,
the journal's history included), `record_federal_change` into public (the
federal audit). Both refuse to run outside a transaction, so an audit row is
never written without its change, nor a change committed without its row.
Many rows at once (an attendance sheet): build them with `change_row` and save
them with `record_region_changes`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import connection
from django.db.models import Model

from accounts.models import User
from audit.models import AuditEntry
from tenants.context import in_federation, in_region
from tenants.models import Region


def snapshot(obj: Model, fields: Iterable[str]) -> dict[str, Any]:
    """The values of `fields` on `obj` (a foreign key by its id), for `before` or `after`."""
    return {name: getattr(obj, obj._meta.get_field(name).attname) for name in fields}


def changed_only(before: Mapping[str, Any], after: Mapping[str, Any]) -> tuple[dict, dict]:
    """`before` and `after` reduced to the keys whose value differs."""
    keys = [key for key in after if before.get(key) != after[key]]
    return {key: before.get(key) for key in keys}, {key: after[key] for key in keys}


def type_name(model: type[Model]) -> str:
    """MarkKind -> mark_kind: a target's type as the audit and its API name it."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", model.__name__).lower()


def change_row(
    *,
    actor: User | None,
    action: str,
    target: Model | None = None,
    target_type: str = "",
    target_id: object = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    person_id: int | None = None,
    region_code: str = "",
) -> AuditEntry:
    """One audit row, not saved: `actor` did `action` to `target` (or to `target_type` #`target_id`)."""
    if target is not None:
        target_type, target_id = type_name(type(target)), target.pk
    return AuditEntry(
        actor=actor,
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        target_label=str(target)[:300] if target is not None else "",
        region_code=region_code,
        person_id=person_id,
        before=dict(before) if before is not None else None,
        after=dict(after) if after is not None else None,
    )


def record_region_changes(*, region: Region, rows: Sequence[AuditEntry]) -> None:
    """Save `rows` (from change_row) in `region`'s audit, in its schema, in the caller's transaction."""
    _require_transaction(rows)
    if rows:
        with in_region(region):
            AuditEntry.objects.bulk_create(rows)


def record_region_change(
    *,
    region: Region,
    actor: User | None,
    action: str,
    target: Model,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    person: User | None = None,
) -> AuditEntry:
    """Write one row of `region`'s audit (in its schema): `actor` did `action` to `target`.

    Must run inside the transaction that makes the change (RuntimeError otherwise).
    """
    row = change_row(actor=actor, action=action, target=target, before=before, after=after,
                     person_id=person.pk if person is not None else None)
    record_region_changes(region=region, rows=[row])
    return row


def record_federal_change(
    *,
    actor: User | None,
    action: str,
    target: Model,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    region_code: str = "",
) -> AuditEntry:
    """Write one row of the federal audit (public schema); `region_code` names the region concerned.

    Must run inside the transaction that makes the change (RuntimeError otherwise).
    """
    row = change_row(actor=actor, action=action, target=target, before=before, after=after,
                     region_code=region_code)
    _require_transaction([row])
    with in_federation():
        row.save()
    return row


def _require_transaction(rows: Sequence[AuditEntry]) -> None:
    if rows and not connection.in_atomic_block:
        raise RuntimeError(f"audit row for {rows[0].action} written outside the change's transaction")
