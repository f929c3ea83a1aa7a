"""The regions board's read: every region's state, sync place and size, in a constant number of queries.

Public schema, plus one read across the region schemas for the counts: a UNION ALL
built from the regions list (only numbers leave a region: how many schools and
active pupils; never a name). Ten queries whatever the number of regions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from federation.models import SyncStatus
from federation.selectors import latest_sequence, region_sync_rows
from tenants import selectors as regions_selectors
from tenants.models import RegionStatus, RunState

STEP_LABELS = {
    "create_region": _("Creating the region"),
    "create_admin": _("Inviting the first admin"),
    "backfill_catalogue": _("Filling the catalogue"),
    "activate": _("Activating"),
}


@dataclass(frozen=True)
class RegionBoardRow:
    code: str
    name: str
    status: str
    time_zone: str
    url: str | None
    onboarding_state: str
    onboarding_step: str
    onboarding_error: str
    applied_sequence: int
    latest_sequence: int
    lag: int
    sync_status: str
    last_error: str
    last_applied_at: datetime | None
    schools: int | None
    pupils: int | None

    @property
    def status_label(self) -> str:
        return RegionStatus(self.status).label

    @property
    def onboarding_label(self) -> str:
        """«Ready», or the step the onboarding is at (and its state when it failed)."""
        if not self.onboarding_state or self.onboarding_state == RunState.DONE:
            return str(_("Ready")) if self.status != RegionStatus.ONBOARDING else ""
        step = STEP_LABELS.get(self.onboarding_step, self.onboarding_step)
        state = RunState(self.onboarding_state).label
        return f"{state}: {step}" if step else str(state)

    @property
    def sync_label(self) -> str:
        return SyncStatus(self.sync_status).label if self.sync_status else ""


def regions_board() -> list[RegionBoardRow]:
    """Every region, and every onboarding run whose region is not created yet, by code."""
    regions = list(regions_selectors.regions())
    sync = {row.code: row for row in region_sync_rows()}
    latest = next(iter(sync.values())).latest_sequence if sync else latest_sequence()
    runs = {run.region_code: run for run in regions_selectors.onboarding_runs()}
    counts = _counts([region.schema_name for region in regions])
    rows = []
    for region in regions:
        row, run = sync[region.code], runs.get(region.code)
        schools, pupils = counts.get(region.schema_name, (None, None))
        rows.append(RegionBoardRow(
            code=region.code, name=region.name, status=region.status, time_zone=region.time_zone,
            url=regions_selectors.region_url(region), **_onboarding(run),
            applied_sequence=row.applied_sequence, latest_sequence=latest, lag=row.lag,
            sync_status=row.status, last_error=row.last_error, last_applied_at=row.last_applied_at,
            schools=schools, pupils=pupils,
        ))
    for code in runs.keys() - sync.keys():
        run = runs[code]
        rows.append(RegionBoardRow(
            code=code, name=run.region_name, status=RegionStatus.ONBOARDING, time_zone=run.time_zone,
            url=None, **_onboarding(run), applied_sequence=0, latest_sequence=latest, lag=latest,
            sync_status="", last_error="", last_applied_at=None, schools=None, pupils=None,
        ))
    return sorted(rows, key=lambda row: row.code)


def _onboarding(run: object) -> dict[str, str]:
    """The run's state and the step it is at (the first not done); empty without a run."""
    if run is None:
        return {"onboarding_state": "", "onboarding_step": "", "onboarding_error": ""}
    step = next((s for s in run.steps.all() if s.state != RunState.DONE), None)
    return {
        "onboarding_state": run.state, "onboarding_step": step.name if step else "",
        "onboarding_error": run.error or (step.error if step else ""),
    }


def _counts(schemas: list[str]) -> dict[str, tuple[int, int]]:
    """{schema: (schools, active pupils)} for the schemas whose tables exist; two queries."""
    if not schemas:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relname = 'schools_school' AND n.nspname = ANY(%s)
            """,
            [schemas],
        )
        ready = sorted(name for (name,) in cursor.fetchall())
        if not ready:
            return {}
        parts, params = [], []
        for schema in ready:
            quoted = connection.ops.quote_name(schema)
            parts.append(
                f"SELECT %s, (SELECT count(*) FROM {quoted}.schools_school),"
                f" (SELECT count(*) FROM {quoted}.accounts_user WHERE role = %s AND is_active)"
            )
            params += [schema, Role.PUPIL.value]
        cursor.execute(" UNION ALL ".join(parts), params)
        return {schema: (schools, pupils) for schema, schools, pupils in cursor.fetchall()}
