"""Reads of the sync layer: region states, release progress, per-region diffs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection
from django.db.models import Count, F, Max, Q, QuerySet

from catalogue import replica
from federation.models import Delivery, DeliveryState, RegionSync, Release, ReleaseEntry, SyncStatus
from shared_library.models import ItemVersion
from tenants.models import Region, RegionStatus


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
    # While a release is queued or applying: since when, and (applying) by which worker.
    since: object = None
    worker: str = ""
    latest_sequence: int = 0
    last_applied_at: datetime | None = None


def latest_sequence() -> int:
    return Release.objects.aggregate(latest=Max("sequence"))["latest"] or 0


def region_sync_rows(regions: QuerySet[Region] | None = None) -> list[RegionSyncRow]:
    """Each region's place in the release sequence (every region by default); four queries.

    The status comes from the facts, not from a flag a worker may have left
    behind: a region with lag 0 is up to date; a lagging one is suspended,
    failed, applying (since when, by which worker), deferred, queued (its
    request is on the broker) or pending, read from its next delivery.
    """
    latest = latest_sequence()
    regions = (Region.objects.all() if regions is None else regions).order_by("code")
    states = {s.region_id: s for s in RegionSync.objects.filter(region__in=regions)}
    following = Delivery.objects.filter(
        region__in=regions, release__sequence__gt=F("region__sync__applied_sequence")
    ).order_by("region_id", "release_id").distinct("region_id")
    owed = {delivery.region_id: delivery for delivery in following}
    rows = []
    for region in regions:
        state = states.get(region.pk) or RegionSync(region=region)
        lag = latest - state.applied_sequence
        status, since, worker = _status(region, state, lag, owed.get(region.pk))
        rows.append(RegionSyncRow(
            code=region.code, name=region.name, region_status=region.status,
            applied_sequence=state.applied_sequence, lag=lag, status=status,
            attempts=state.attempts, last_error=state.last_error,
            deferred_sequence=state.deferred_sequence, deferred_until=state.deferred_until,
            since=since, worker=worker,
            latest_sequence=latest, last_applied_at=state.last_applied_at,
        ))
    return rows


def _status(region: Region, state: RegionSync, lag: int, next_delivery: Delivery | None
            ) -> tuple[str, object, str]:
    """(status, since, worker) of a region from its lag and the delivery of its next release."""
    if lag <= 0:
        return SyncStatus.UP_TO_DATE, state.last_applied_at, ""
    if region.status == RegionStatus.SUSPENDED:
        return SyncStatus.SUSPENDED, None, ""
    if next_delivery is None:
        return SyncStatus.PENDING, None, ""
    by_state = {
        DeliveryState.FAILED: (SyncStatus.FAILED, next_delivery.finished_at, ""),
        DeliveryState.APPLYING: (SyncStatus.APPLYING, next_delivery.started_at, next_delivery.worker),
        DeliveryState.DEFERRED: (SyncStatus.DEFERRED, None, ""),
        DeliveryState.QUEUED: (SyncStatus.QUEUED, next_delivery.queued_at, ""),
    }
    return by_state.get(next_delivery.state, (SyncStatus.PENDING, None, ""))


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


@dataclass(frozen=True)
class Rollout:
    """Where a release stands in each region that may have it, from the regions (not the
    deliveries, which do not exist until the fan-out ran)."""

    sequence: int
    done: list[str]
    failed: list[str]
    # Active regions that may have it and do not yet: {code: delivery state, or "pending"}.
    waiting: dict[str, str]
    # Suspended regions: they catch up when resumed, nobody waits for them.
    skipped: list[str]

    @property
    def settled(self) -> bool:
        return not self.waiting

    @property
    def complete(self) -> bool:
        return not self.waiting and not self.failed


def release_rollout(release: Release) -> Rollout:
    """The regions `release` is for, split into done, failed, waiting and skipped; two queries."""
    regions = Region.objects.filter(status__in=[RegionStatus.ACTIVE, RegionStatus.SUSPENDED])
    if release.promoted_at is None:
        regions = regions.filter(code__in=release.canary_region_codes)
    states = dict(Delivery.objects.filter(release=release).values_list("region__code", "state"))
    done, failed, skipped, waiting = [], [], [], {}
    for code, status in regions.order_by("code").values_list("code", "status"):
        state = states.get(code, DeliveryState.PENDING)
        if state == DeliveryState.DONE:
            done.append(code)
        elif state == DeliveryState.FAILED:
            failed.append(code)
        elif status == RegionStatus.SUSPENDED:
            skipped.append(code)
        else:
            waiting[code] = state
    return Rollout(release.sequence, done, failed, waiting, skipped)


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
    catalogue, given = replica.item_table(region.schema_name), replica.material_table(region.schema_name)
    entries = f"public.{connection.ops.quote_name(ReleaseEntry._meta.db_table)}"
    versions = f"public.{connection.ops.quote_name(ItemVersion._meta.db_table)}"
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT count(*) FILTER (WHERE e.action = 'publish' AND c.item_id IS NULL),
                   count(*) FILTER (WHERE e.action = 'publish' AND c.item_id IS NOT NULL
                                    AND (c.version_id <> e.version_id OR c.collections <> e.collections
                                         OR c.withdrawn)),
                   count(*) FILTER (WHERE e.action = 'withdraw' AND c.withdrawn IS NOT TRUE)
            FROM {entries} e
            LEFT JOIN {catalogue} c ON c.item_id = e.item_id
            WHERE e.release_id = %s
            """,
            [release.sequence],
        )
        added, changed, withdrawn = cursor.fetchone()
        cursor.execute(
            f"""
            SELECT m.homework_id, m.lesson_id, m.item_id, m.title, m.version_number,
                   CASE WHEN e.action = 'withdraw' THEN NULL ELSE v.number END, e.action = 'withdraw'
            FROM {given} m
            JOIN {entries} e ON e.item_id = m.item_id AND e.release_id = %s
            JOIN {versions} v ON v.id = e.version_id
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
