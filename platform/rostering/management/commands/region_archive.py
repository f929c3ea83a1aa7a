"""manage.py region_archive --region RU-TA out.zip"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from myschool.errors import ApplicationError
from rostering.offboarding import export_region_archive
from tenants.context import in_region
from tenants.selectors import get_region


class Command(BaseCommand):
    help = (
        "Write everything a region holds (OneRoster roster, journal, portfolios, uploaded files, a README) "
        "into one zip: the region's data to take away."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", required=True, help="ISO 3166-2 code, e.g. RU-TA")
        parser.add_argument("out", type=Path, help="the zip to write")

    def handle(self, *args: object, **options: Any) -> None:
        try:
            region = get_region(options["region"])
            with in_region(region):
                counts = export_region_archive(region=region, out=options["out"])
        except ApplicationError as exc:
            raise CommandError(exc.one_line()) from None
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count}")
        self.stdout.write(f"Written to {options['out']}.")
