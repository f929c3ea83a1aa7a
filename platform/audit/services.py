"""Writing the audit trail: one helper per schema, called inside the service's own transaction.

`record_region_change` writes into the region's schema (the region's audit),
`record_federal_change` into public (the federal audit). Both refuse to run
outside a transaction, so an audit row is never written without its change,
nor a change committed without its row.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
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


def record_region_change(
    *,
    region: Region,
    actor: User | None,
    action: str,
    target: Model,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Write one row of `region`'s audit (in its schema): `actor` did `action` to `target`.

    Must run inside the transaction that makes the change (RuntimeError otherwise).
    """
    with in_region(region):
        return _write(actor=actor, action=action, target=target, before=before, after=after)


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
    with in_federation():
        return _write(
            actor=actor, action=action, target=target, before=before, after=after, region_code=region_code
        )


def _snake_case(name: str) -> str:
    """MarkKind -> mark_kind: the target's type as the API names things."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _write(*, actor: User | None, action: str, target: Model, before: Mapping[str, Any] | None,
           after: Mapping[str, Any] | None, region_code: str = "") -> AuditEntry:
    if not connection.in_atomic_block:
        raise RuntimeError(f"audit row for {action} written outside the change's transaction")
    return AuditEntry.objects.create(
        actor=actor,
        action=action,
        target_type=_snake_case(type(target).__name__),
        target_id=str(target.pk),
        target_label=str(target)[:300],
        region_code=region_code,
        before=dict(before) if before is not None else None,
        after=dict(after) if after is not None else None,
    )
