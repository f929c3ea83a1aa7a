"""Reconcile: does each region hold what it should at its sequence? Repair if not."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import transaction

from federation import apply
from federation.models import RegionSync
from federation.services.sync import sync_state
from tenants.models import Region

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reconciliation:
    region_code: str
    sequence: int
    expected: str
    found: str
    repaired: apply.ApplyCounts | None = None

    @property
    def drifted(self) -> bool:
        return self.expected != self.found


def reconcile_region(*, region: Region, repair: bool = False,
                     expected_by_sequence: dict[int, str] | None = None) -> Reconciliation:
    """Compare `region`'s catalogue checksum with the expected one at its sequence.

    With `repair`, rewrite only what differs (one transaction, holding the
    region's sync row so no release applies meanwhile). Local hides and
    collection choices are the region's own tables and are never touched.
    `expected_by_sequence` caches expected checksums across regions.
    """
    cache = expected_by_sequence if expected_by_sequence is not None else {}
    sync_state(region)
    with transaction.atomic():
        state = RegionSync.objects.select_for_update().get(region=region)
        sequence = state.applied_sequence
        if sequence not in cache:
            cache[sequence] = apply.expected_checksum(sequence)
        found = apply.catalogue_checksum(region.schema_name)
        result = Reconciliation(region.code, sequence, cache[sequence], found)
        if result.drifted and repair:
            counts = apply.write_expected_state(region.schema_name, sequence)
            result = Reconciliation(region.code, sequence, cache[sequence],
                                    apply.catalogue_checksum(region.schema_name), counts)
            logger.warning("Region %s catalogue repaired at release %s: %s", region.code, sequence, counts)
    return result
