"""A region holding back a release for a bounded time. Public bookkeeping.

The region admin decides, on the region's host; each change writes the region's audit row.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.rights import require_region_admin
from audit.services import record_region_change
from federation.models import Delivery, DeliveryState, RegionSync, Release
from federation.services.fanout import request_sync
from federation.services.sync import sync_state
from myschool.errors import ApplicationError, Conflict, NotFound
from tenants.models import Region

logger = logging.getLogger(__name__)


def defer_release(*, region: Region, actor: User, sequence: int, until: datetime) -> RegionSync:
    """Hold back release `sequence` (and every later one) in `region` until `until`.

    At most FEDERATION_MAX_DEFERRAL_DAYS ahead; withdrawals still take effect at
    once (they never wait for a release). Replaces an earlier deferral.
    """
    require_region_admin(actor)
    now = timezone.now()
    limit = now + timedelta(days=settings.FEDERATION_MAX_DEFERRAL_DAYS)
    if until <= now:
        raise ApplicationError.for_field("until", _("The date must be in the future."))
    if until > limit:
        raise ApplicationError.for_field(
            "until", _("A release can be deferred by at most %(days)s days, until %(limit)s.")
            % {"days": settings.FEDERATION_MAX_DEFERRAL_DAYS, "limit": f"{limit:%Y-%m-%d %H:%M} UTC"},
        )
    with transaction.atomic():
        if not Release.objects.filter(sequence=sequence).exists():
            raise NotFound.for_field("release", _("No release %(n)s.") % {"n": sequence})
        sync_state(region)
        state = RegionSync.objects.select_for_update().get(region=region)
        if sequence <= state.applied_sequence:
            raise Conflict.for_field(
                "release", _("Release %(n)s is already applied in this region.") % {"n": sequence}
            )
        before = {"deferred_sequence": state.deferred_sequence, "deferred_until": state.deferred_until}
        state.deferred_sequence, state.deferred_until = sequence, until
        state.save(update_fields=["deferred_sequence", "deferred_until", "updated_at"])
        record_region_change(
            region=region, actor=actor, action="release.deferred", target=state,
            before=before, after={"deferred_sequence": sequence, "deferred_until": until},
        )
    logger.info("Region %s defers release %s until %s (by %s)", region.code, sequence, until, actor)
    return state


def cancel_deferral(*, region: Region, actor: User) -> RegionSync:
    """Apply held-back releases now. Idempotent."""
    require_region_admin(actor)
    with transaction.atomic():
        state = sync_state(region)
        before = {"deferred_sequence": state.deferred_sequence, "deferred_until": state.deferred_until}
        state.deferred_sequence = state.deferred_until = None
        state.save(update_fields=["deferred_sequence", "deferred_until", "updated_at"])
        Delivery.objects.filter(region=region, state=DeliveryState.DEFERRED).update(
            state=DeliveryState.PENDING
        )
        request_sync(region=region)
        if before["deferred_sequence"] is not None:
            record_region_change(
                region=region, actor=actor, action="release.deferral_cancelled", target=state,
                before=before, after={"deferred_sequence": None, "deferred_until": None},
            )
    return state

