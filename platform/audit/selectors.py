"""Reading the audit trail, newest first, for the consoles and the audit APIs."""

from __future__ import annotations

from django.db import connection
from django.db.models import QuerySet
from django_tenants.utils import get_public_schema_name

from audit.models import AuditEntry
from tenants.context import require_region
from tenants.models import Region


def _filtered(
    entries: QuerySet[AuditEntry], *, actor_id: int | None, action: str | None, target_type: str | None
) -> QuerySet[AuditEntry]:
    if actor_id is not None:
        entries = entries.filter(actor_id=actor_id)
    if action:
        # "region" matches region.suspended, region.renamed…; a full name matches itself.
        entries = entries.filter(action__startswith=action)
    if target_type:
        entries = entries.filter(target_type=target_type)
    return entries.select_related("actor")


def region_audit(
    region: Region,
    *,
    actor_id: int | None = None,
    action: str | None = None,
    target_type: str | None = None,
) -> QuerySet[AuditEntry]:
    """`region`'s audit rows, newest first, filtered by actor, action (prefix) and target type.

    Region schema: the caller has entered `region` (a region host's request has).
    """
    require_region(region)
    return _filtered(AuditEntry.objects.all(), actor_id=actor_id, action=action, target_type=target_type)


def federal_audit(
    *,
    region_code: str | None = None,
    actor_id: int | None = None,
    action: str | None = None,
    target_type: str | None = None,
) -> QuerySet[AuditEntry]:
    """The federal audit (public schema), newest first, filtered by region, actor, action (prefix), target.

    Public schema: the caller has it active (the federation host does).
    """
    if connection.schema_name != get_public_schema_name():
        raise RuntimeError(f"the federal audit read in schema {connection.schema_name!r}")
    entries = _filtered(AuditEntry.objects.all(), actor_id=actor_id, action=action, target_type=target_type)
    if region_code:
        entries = entries.filter(region_code=region_code.strip().upper())
    return entries


def history_of(target_type: str, target_id: object) -> QuerySet[AuditEntry]:
    """Every change to one object (e.g. a mark), oldest first, with who made it. The active schema's audit."""
    return (
        AuditEntry.objects.filter(target_type=target_type, target_id=str(target_id))
        .select_related("actor")
        .order_by("at", "id")
    )
