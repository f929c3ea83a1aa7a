"""Shared body of suspend_region / resume_region."""

from __future__ import annotations

from collections.abc import Callable

from django.core.management.base import BaseCommand, CommandError, CommandParser

from myschool.errors import ApplicationError
from tenants.models import Region
from tenants.selectors import get_region


class RegionStatusCommand(BaseCommand):
    change: Callable[..., Region]

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--code", required=True, help="ISO 3166-2 code, e.g. RU-MOS")

    def handle(self, *args: object, **options: str) -> None:
        try:
            # actor None: the system, run by whoever has a shell on the server.
            region = type(self).change(region=get_region(options["code"]), actor=None)
        except ApplicationError as exc:
            raise CommandError(exc.one_line()) from None
        self.stdout.write(f"{region.code} {region.name}: {region.get_status_display()}")
