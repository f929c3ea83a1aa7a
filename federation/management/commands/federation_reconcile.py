"""manage.py federation_reconcile [--region CODE] [--repair]"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from federation.services.reconcile import reconcile_region
from myschool.errors import ApplicationError
from tenants.models import Region, RegionStatus
from tenants.selectors import get_region


class Command(BaseCommand):
    help = "Compare each region's catalogue with what it should hold at its sequence; --repair fixes drift."

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
        drifted = 0
        for region in regions:
            result = reconcile_region(region=region, repair=bool(options["repair"]),
                                      expected_by_sequence=expected)
            if result.repaired is not None:
                counts = result.repaired
                verdict = (f"repaired ({counts.added} restored, {counts.changed} rewritten, "
                           f"{counts.withdrawn} removed)")
            elif result.drifted:
                verdict, drifted = f"DRIFT: expected {result.expected}, found {result.found}", drifted + 1
            else:
                verdict = "ok"
            self.stdout.write(f"{region.code:<8} at {result.sequence:>5}: {verdict}")
        if drifted:
            raise CommandError(f"{drifted} region(s) drifted; run again with --repair.")
