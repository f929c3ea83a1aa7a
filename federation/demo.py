"""`make up`: the demo library released and applied in every demo region."""

from __future__ import annotations

import contextlib

from accounts.models import User
from federation.services.releases import cut_release
from federation.services.sync import RegionBusy, sync_region
from myschool.errors import Conflict
from tenants.models import Region, RegionStatus


def release_demo_library(*, operator: User) -> int | None:
    """Cut a release of whatever the demo library has pending and apply it in each region now.

    Idempotent: with nothing pending it only brings lagging regions up to date.
    Returns the new release's sequence, or None.
    """
    try:
        sequence = cut_release(actor=operator, notes="Демонстрационная библиотека").sequence
    except Conflict:
        sequence = None  # nothing changed since the last run
    for region in Region.objects.filter(status=RegionStatus.ACTIVE):
        with contextlib.suppress(RegionBusy):  # a worker is applying it right now (make up runs one)
            sync_region(region=region)
    return sequence
