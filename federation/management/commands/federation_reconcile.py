"""manage.py federation_reconcile [--region CODE] [--repair]"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from federation.services.reconcile import Reconciliation, reconcile_region
from myschool.errors import ApplicationError
from tenants.models import Region, RegionStatus
from tenants.selectors import get_region


class Command(BaseCommand):
    help = ("Compare each region's catalogue (its rows, and the tables, keys and indexes the apply "
            "relies on) with what it should be; --repair fixes what differs. Each region is checked "
            "on its own; the exit code is 0 only when every region is fine.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", help="Only this region (ISO 3166-2 code)")
        parser.add_argument("--repair", action="store_true", help="Rewrite what differs")

    def handle(self, *args: object, **options: object) -> None:
        try:
            regions = ([get_region(str(options["region"]))] if options["region"] else
                       list(Region.objects.exclude(status=RegionStatus.ONBOARDING).order_by("code")))
        except ApplicationError as exc:
            raise CommandError(exc.one_line()) from None
        expected: dict[int, str] = {}
        unwell = []
        for region in regions:
            result = reconcile_region(region=region, repair=bool(options["repair"]),
                                      expected_by_sequence=expected)
            verdict = _verdict(result)
            if result.broken or (result.drifted and result.repaired is None):
                unwell.append(region.code)
            self.stdout.write(f"{region.code:<8} at {result.sequence:>5}: {verdict}")
        self.stdout.write(f"{len(regions) - len(unwell)} of {len(regions)} regions fine.")
        if unwell:
            raise CommandError(f"{len(unwell)} region(s) not fine ({', '.join(unwell)})"
                               + ("." if options["repair"] else "; run again with --repair."))


def _verdict(result: Reconciliation) -> str:
    if result.broken:
        return f"BROKEN: {result.error}"
    if result.repaired is not None:
        counts = result.repaired
        restored = f"; {', '.join(result.restored)}" if result.restored else ""
        return (f"repaired ({counts.added} restored, {counts.changed} rewritten, "
                f"{counts.withdrawn} removed{restored})")
    if result.structure:
        return "DRIFT in structure: " + "; ".join(result.structure)
    if result.drifted:
        return f"DRIFT: expected {result.expected}, found {result.found}"
    return "ok"
