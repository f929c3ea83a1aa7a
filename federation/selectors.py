"""Reads of the sync layer: region states, release progress, per-region diffs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection
from django.db.models import Count, Max, Q, QuerySet

from federation.models import Delivery, DeliveryState, RegionSync, Release, SyncStatus
from tenants.models import Region


@dataclass(frozen=True)
class RegionSyncRow:
    code: str
    name: str
    region_status: str
    applied_sequence: int
    lag: int
    status: str
    attempts: int
    last_error: str
    deferred_sequence: int | None
    deferred_until: object
    latest_sequence: int = 0
    last_applied_at: datetime | None = None


def latest_sequence() -> int:
    return Release.objects.aggregate(latest=Max("sequence"))["latest"] or 0


def region_sync_rows(regions: QuerySet[Region] | None = None) -> list[RegionSyncRow]:
    """Each region's place in the release sequence (every region by default); three queries."""
    latest = latest_sequence()
    regions = (Region.objects.all() if regions is None else regions).order_by("code")
    states = {s.region_id: s for s in RegionSync.objects.filter(region__in=regions)}
    rows = []
    for region in regions:
        state = states.get(region.pk) or RegionSync(region=region)
        rows.append(RegionSyncRow(
            code=region.code, name=region.name, region_status=region.status,
            applied_sequence=state.applied_sequence, lag=latest - state.applied_sequence,
            status=state.status if region.status != "suspended" else SyncStatus.SUSPENDED,
            attempts=state.attempts, last_error=state.last_error,
            deferred_sequence=state.deferred_sequence, deferred_until=state.deferred_until,
            latest_sequence=latest, last_applied_at=state.last_applied_at,
        ))
    return rows


def sync_lag_by_region() -> dict[str, int]:
    """{region code: releases not yet applied} for every region: the metrics gauge."""
    return {row.code: row.lag for row in region_sync_rows()}


@dataclass
class ReleaseProgress:
    sequence: int
    total: int
    done: int
    by_state: dict[str, int] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.done == self.total


def releases_with_progress() -> QuerySet[Release]:
    return Release.objects.annotate(
        regions_total=Count("deliveries"),
        regions_done=Count("deliveries", filter=Q(deliveries__state=DeliveryState.DONE)),
    ).order_by("-sequence")


def release_progress(release: Release) -> ReleaseProgress:
    """Regions done / total for a release, and how many are in each state."""
    counts = dict(
        Delivery.objects.filter(release=release).values_list("state").annotate(n=Count("id"))
    )
    return ReleaseProgress(release.sequence, sum(counts.values()), counts.get(DeliveryState.DONE, 0), counts)


def release_deliveries(release: Release) -> QuerySet[Delivery]:
    return Delivery.objects.filter(release=release).select_related("region").order_by("region__code")


@dataclass(frozen=True)
class ReleaseDiff:
    """What a release would change in one region, measured against its catalogue now."""

    sequence: int
    region_code: str
    added: int
    changed: int
    withdrawn: int
    # Materials of this region (on homework or lessons) whose item the release
    # changes or withdraws: dicts with homework_id, lesson_id, item_id, title,
    # given_version, new_version (None when withdrawn), withdrawn.
    affected_materials: list[dict]

    @property
    def affected_homework(self) -> int:
        return len({m["homework_id"] for m in self.affected_materials if m["homework_id"]})

    @property
    def affected_lessons(self) -> int:
        return len({m["lesson_id"] for m in self.affected_materials if m["lesson_id"]})


def release_diff(*, release: Release, region: Region) -> ReleaseDiff:
    """Items `release` adds, changes and withdraws in `region`, and the materials it touches.

    Reads the region's catalogue and materials by qualified name; two queries.
    """
    schema = connection.ops.quote_name(region.schema_name)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT count(*) FILTER (WHERE e.action = 'publish' AND c.item_id IS NULL),
                   count(*) FILTER (WHERE e.action = 'publish' AND c.item_id IS NOT NULL
                                    AND (c.version_id <> e.version_id OR c.collections <> e.collections
                                         OR c.withdrawn)),
                   count(*) FILTER (WHERE e.action = 'withdraw' AND c.withdrawn IS NOT TRUE)
            FROM public.federation_releaseentry e
            LEFT JOIN {schema}.catalogue_catalogueitem c ON c.item_id = e.item_id
            WHERE e.release_id = %s
            """,
            [release.sequence],
        )
        added, changed, withdrawn = cursor.fetchone()
        cursor.execute(
            f"""
            SELECT m.homework_id, m.lesson_id, m.item_id, m.title, m.version_number,
                   CASE WHEN e.action = 'withdraw' THEN NULL ELSE v.number END, e.action = 'withdraw'
            FROM {schema}.catalogue_material m
            JOIN public.federation_releaseentry e ON e.item_id = m.item_id AND e.release_id = %s
            JOIN public.shared_library_itemversion v ON v.id = e.version_id
            WHERE e.action = 'withdraw' OR e.version_id <> m.version_id
            ORDER BY m.id
            """,
            [release.sequence],
        )
        keys = ("homework_id", "lesson_id", "item_id", "title", "given_version", "new_version", "withdrawn")
        materials = [dict(zip(keys, row, strict=True)) for row in cursor.fetchall()]
    return ReleaseDiff(release.sequence, region.code, added, changed, withdrawn, materials)


def pending_releases(region: Region) -> QuerySet[Release]:
    """Releases after the region's sequence, oldest first."""
    applied = RegionSync.objects.filter(region=region).values_list("applied_sequence", flat=True).first()
    return Release.objects.filter(sequence__gt=applied or 0).order_by("sequence")
