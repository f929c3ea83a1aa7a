"""Background work of rostering: thin wrappers around its services, on the `imports` queue."""

from __future__ import annotations

import contextlib

from celery import shared_task

from myschool.errors import ApplicationError
from rostering.models import RosterImport
from rostering.services import invite_imported_people, run_import
from tenants.context import in_region
from tenants.models import Region


@shared_task(acks_late=True)
def import_roster_task(schema_name: str, import_id: str, apply: bool) -> str:
    """Check (apply=False) or apply roster import `import_id` in region `schema_name`.

    Safe to run again after a killed worker: the import is one transaction.
    A bundle the region refuses leaves its reason on the import, not a retry.
    """
    region = Region.objects.get(schema_name=schema_name)
    with in_region(region):
        roster_import = RosterImport.objects.get(pk=import_id)
        # A refused bundle (not a zip, another import running) is recorded on the import by the service.
        with contextlib.suppress(ApplicationError):
            roster_import = run_import(region=region, roster_import=roster_import, apply=apply)
        roster_import.refresh_from_db()
        return roster_import.state


@shared_task(acks_late=True)
def import_invitations_task(schema_name: str, import_id: str) -> int:
    """E-mail the people roster import `import_id` created their invitations.

    Named import_* so that it runs on the `imports` queue: a region's worth of
    e-mails must not hold up the default queue.
    """
    region = Region.objects.get(schema_name=schema_name)
    with in_region(region):
        return invite_imported_people(region=region, roster_import=RosterImport.objects.get(pk=import_id))
