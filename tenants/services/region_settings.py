"""A region's own settings kept on its public Region row (the time zone). Public schema.

Called from the region's host by its administrator. Lessons keep their
wall-clock date and time and marks keep their values, so a new time zone only
changes the offset the API shows with those times; nothing is rewritten.
"""

from __future__ import annotations

import logging
import zoneinfo

from django.db import transaction
from django.utils.translation import gettext as _

from myschool.errors import ApplicationError
from tenants.context import in_federation
from tenants.models import Region

logger = logging.getLogger(__name__)


def update_region_time_zone(*, region: Region, time_zone: str, actor: object | None) -> Region:
    """Set the region's IANA time zone (e.g. Asia/Kamchatka); return the saved Region.

    Validates before writing; the public Region row is saved in one transaction,
    and saving it clears the host routing cache, so this process's next request
    sees the new zone. Setting the zone it already has writes nothing.
    """
    time_zone = (time_zone or "").strip()
    if time_zone not in zoneinfo.available_timezones():
        raise ApplicationError.for_field(
            "time_zone",
            _("“%(tz)s” is not an IANA time zone such as Europe/Moscow.") % {"tz": time_zone},
        )
    with in_federation(), transaction.atomic():
        saved = Region.objects.select_for_update().get(pk=region.pk)
        old = saved.time_zone
        if old != time_zone:
            saved.time_zone = time_zone
            saved.save(update_fields=["time_zone", "updated_at"])
            logger.info("Region %s: time zone %s -> %s (by %s)", saved.code, old, time_zone, actor)
    return saved
