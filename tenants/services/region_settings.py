"""A region's settings kept on its public Region row: its time zone and its name. Public schema.

The time zone is the region admin's, changed from the region's host (region
audit). Lessons keep their wall-clock date and time and marks keep their
values, so a new time zone only changes the offset the API shows with those
times; nothing is rewritten. The name is the federation's: a federal operator
renames a region (federal audit); its code and schema never change.
"""

from __future__ import annotations

import logging
import zoneinfo

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.rights import require_federal_operator, require_region_admin
from audit.services import record_federal_change, record_region_change
from myschool.errors import ApplicationError
from tenants.context import in_federation
from tenants.models import Region

logger = logging.getLogger(__name__)


def update_region_time_zone(*, region: Region, time_zone: str, actor: User) -> Region:
    """Set the region's IANA time zone (e.g. Asia/Kamchatka); return the saved Region.

    Only the region admin (`actor`, one of the region's people: call it with the
    region entered) may; anyone else is Forbidden. Validates before writing; the
    public Region row and the region's audit row are saved in one transaction,
    and saving it clears the host routing cache, so this process's next request
    sees the new zone. Setting the zone it already has writes nothing.
    """
    require_region_admin(actor)
    time_zone = (time_zone or "").strip()
    if time_zone not in zoneinfo.available_timezones():
        raise ApplicationError.for_field(
            "time_zone",
            _("“%(tz)s” is not an IANA time zone such as Europe/Moscow.") % {"tz": time_zone},
        )
    with transaction.atomic():
        with in_federation():
            saved = Region.objects.select_for_update().get(pk=region.pk)
            old = saved.time_zone
            if old != time_zone:
                saved.time_zone = time_zone
                saved.save(update_fields=["time_zone", "updated_at"])
        if old != time_zone:
            record_region_change(
                region=saved, actor=actor, action="region.time_zone_changed", target=saved,
                before={"time_zone": old}, after={"time_zone": time_zone},
            )
            logger.info("Region %s: time zone %s -> %s (by %s)", saved.code, old, time_zone, actor)
    return saved


def rename_region(*, region: Region, name: str, actor: User | None) -> Region:
    """Give the region a new official name; its code, schema and hosts stay. Return the saved Region.

    Only a federal operator (or the system) may; the Region row and the federal
    audit row are saved in one transaction. The same name again writes nothing.
    """
    require_federal_operator(actor)
    name = " ".join((name or "").split())
    if not name:
        raise ApplicationError.for_field("name", _("Give the region's official name."))
    limit = Region._meta.get_field("name").max_length
    if len(name) > limit:
        raise ApplicationError.for_field(
            "name", _("The name is longer than %(count)d characters.") % {"count": limit}
        )
    with in_federation(), transaction.atomic():
        saved = Region.objects.select_for_update().get(pk=region.pk)
        old = saved.name
        if old != name:
            saved.name = name
            saved.save(update_fields=["name", "updated_at"])
            record_federal_change(
                actor=actor, action="region.renamed", target=saved, region_code=saved.code,
                before={"name": old}, after={"name": name},
            )
            logger.info("Region %s renamed %r -> %r (by %s)", saved.code, old, name, actor or "system")
    return saved
