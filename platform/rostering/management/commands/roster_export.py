"""manage.py roster_export --region RU-TA out.zip [--period ID]"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from myschool.errors import ApplicationError
from rostering import selectors
from rostering.export import export_roster
from tenants.context import in_region
from tenants.selectors import get_region


class Command(BaseCommand):
    help = (
        "Write a region's roster as a OneRoster 1.2 CSV bundle (zip); "
        "with --period, also that period's marks."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", required=True, help="ISO 3166-2 code, e.g. RU-TA")
        parser.add_argument("out", type=Path, help="the zip to write")
        parser.add_argument("--period", type=int, help="id of a period whose marks to add as gradebook files")

    def handle(self, *args: object, **options: Any) -> None:
        try:
            region = get_region(options["region"])
            with in_region(region):
                period = selectors.get_period(options["period"]) if options["period"] else None
                counts = export_roster(region=region, out=options["out"], period=period)
        except ApplicationError as exc:
            raise CommandError(exc.one_line()) from None
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count}")
        self.stdout.write(f"Written to {options['out']}.")
