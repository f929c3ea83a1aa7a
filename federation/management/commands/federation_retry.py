"""manage.py federation_retry --region CODE"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from federation.services.fanout import retry_region
from myschool.errors import ApplicationError
from tenants.selectors import get_region


class Command(BaseCommand):
    help = "Give a region's failed releases fresh attempts (after fixing the cause)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", required=True, help="ISO 3166-2 code")

    def handle(self, *args: object, **options: object) -> None:
        try:
            region = get_region(str(options["region"]))
        except ApplicationError as exc:
            raise CommandError(exc.one_line()) from None
        queued = retry_region(region=region)
        self.stdout.write(f"{region.code}: " + ("sync requested" if queued else "nothing to retry"))
