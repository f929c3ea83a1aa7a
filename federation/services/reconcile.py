"""Reconcile: does each region hold what it should at its sequence, in the shape the apply
relies on? Repair if not."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.db import DatabaseError, transaction

from catalogue import replica
from federation import apply
from federation.models import RegionSync
from federation.services.sync import sync_state
from tenants.models import Region
from tenants.schemas import template_schema

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reconciliation:
    region_code: str
    sequence: int
    expected: str
    found: str
    repaired: apply.ApplyCounts | None = None
    # How the catalogue's tables, keys and indexes differ from the template's.
    structure: list[str] = field(default_factory=list)
    # What --repair did to the structure.
    restored: list[str] = field(default_factory=list)
    # Why the region could not be checked (its catalogue unreadable); empty when checked.
    error: str = ""

    @property
    def drifted(self) -> bool:
        return self.expected != self.found or bool(self.structure)

    @property
    def broken(self) -> bool:
        return bool(self.error)


def reconcile_region(*, region: Region, repair: bool = False,
                     expected_by_sequence: dict[int, str] | None = None) -> Reconciliation:
    """Compare `region`'s catalogue structure with the template schema and its checksum with the
    expected one at its sequence.

    With `repair`, restore missing keys, indexes or the table itself first, then
    rewrite only rows that differ (one transaction, holding the region's sync
    row so no release applies meanwhile). Local hides and collection choices
    are the region's own tables and are never touched. Never raises for a
    broken region: the result carries the error. `expected_by_sequence` caches
    expected checksums across regions.
    """
    cache = expected_by_sequence if expected_by_sequence is not None else {}
    sync_state(region)
    template = template_schema()
    try:
        with transaction.atomic():
            state = RegionSync.objects.select_for_update().get(region=region)
            sequence = state.applied_sequence
            if sequence not in cache:
                cache[sequence] = apply.expected_checksum(sequence)
            structure = replica.structure_differences(region.schema_name, template)
            if structure and not repair:
                return Reconciliation(region.code, sequence, cache[sequence], "?", structure=structure,
                                      error="; ".join(structure) if _unreadable(structure) else "")
            restored = replica.restore_structure(region.schema_name, template) if structure else []
            found = apply.catalogue_checksum(region.schema_name)
            result = Reconciliation(region.code, sequence, cache[sequence], found, restored=restored)
            if (result.drifted or restored) and repair:
                counts = apply.write_expected_state(region.schema_name, sequence)
                result = Reconciliation(region.code, sequence, cache[sequence],
                                        apply.catalogue_checksum(region.schema_name), counts,
                                        restored=restored)
                logger.warning("Region %s catalogue repaired at release %s: %s %s", region.code, sequence,
                               counts, restored)
    except DatabaseError as exc:
        logger.warning("Region %s could not be reconciled: %s", region.code, exc)
        return Reconciliation(region.code, sync_state(region).applied_sequence, "?", "?",
                              error=f"{type(exc).__name__}: {exc}".strip())
    return result


def _unreadable(structure: list[str]) -> bool:
    return any(line.endswith("is missing") for line in structure)
