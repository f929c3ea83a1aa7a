"""Suspending and resuming a region. Public schema.

Federal operators do it (or the system: `actor` None, a command on the server);
each change writes a federal audit row in its transaction.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.rights import require_federal_operator
from audit.services import record_federal_change
from myschool.errors import Conflict
from tenants import signals
from tenants.models import Region, RegionStatus

logger = logging.getLogger(__name__)


def _set_status(region: Region, *, allowed_from: RegionStatus, to: RegionStatus,
                actor: User | None, reason: str = "") -> Region:
    require_federal_operator(actor)
    with transaction.atomic():
        region = Region.objects.select_for_update().get(pk=region.pk)
        if region.status == to:
            return region
        if region.status != allowed_from:
            raise Conflict.for_field(
                "status",
                _("Region %(code)s is %(status)s; this needs it %(needed)s.")
                % {"code": region.code, "status": region.get_status_display(),
                   "needed": allowed_from.label},
            )
        before = {"status": region.status, "reason": region.suspension_reason}
        region.status, region.suspension_reason = to, reason
        region.save(update_fields=["status", "suspension_reason", "updated_at"])
        record_federal_change(
            actor=actor, action=f"region.{to}", target=region, region_code=region.code,
            before=before, after={"status": to, "reason": reason},
        )
    logger.info("Region %s is now %s (by %s)", region.code, to, actor or "system")
    return region


def suspend_region(*, region: Region, actor: User | None = None, reason: str = "") -> Region:
    """Take an active region off line: its host answers 503, saying `reason`. Idempotent."""
    return _set_status(region, allowed_from=RegionStatus.ACTIVE, to=RegionStatus.SUSPENDED,
                       actor=actor, reason=" ".join(reason.split())[:1000])


def resume_region(*, region: Region, actor: User | None = None) -> Region:
    """Bring a suspended region back; its catalogue catches up on the releases it missed
    (`region_resumed` is sent in the same transaction). Idempotent."""
    with transaction.atomic():
        was_suspended = Region.objects.filter(pk=region.pk, status=RegionStatus.SUSPENDED).exists()
        region = _set_status(region, allowed_from=RegionStatus.SUSPENDED, to=RegionStatus.ACTIVE,
                             actor=actor)
        if was_suspended:
            signals.region_resumed.send(sender=Region, region=region)
    return region
