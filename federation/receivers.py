"""The federation's side of the region lifecycle: listeners of `tenants.signals`.

Connected in FederationConfig.ready. Each runs in the transaction of the
change it hears about; what must happen later goes through the outbox.
"""

from __future__ import annotations

from federation import outbox
from federation.models import RegionSync
from federation.selectors import latest_sequence
from federation.services.backfill import backfill_region
from tenants import signals
from tenants.models import Region


def _backfill(sender: type, *, region: Region, **kwargs: object) -> None:
    backfill_region(region=region)


def _activated(sender: type, *, region: Region, **kwargs: object) -> None:
    _announce("region.activated", region)


def _resumed(sender: type, *, region: Region, **kwargs: object) -> None:
    _announce("region.resumed", region)


def _announce(topic: str, region: Region) -> None:
    """Hand the region's catching up to a worker, if it misses a release (else there is nothing to do;
    a release cut meanwhile fans out to it, and the sweep covers the race between the two)."""
    applied = RegionSync.objects.filter(region=region).values_list("applied_sequence", flat=True).first()
    if latest_sequence() > (applied or 0):
        outbox.enqueue(topic=topic, payload={"schema_name": region.schema_name, "region_code": region.code})


def connect() -> None:
    signals.region_backfill_requested.connect(_backfill, dispatch_uid="federation.backfill")
    signals.region_activated.connect(_activated, dispatch_uid="federation.activated")
    signals.region_resumed.connect(_resumed, dispatch_uid="federation.resumed")
