"""manage.py federation_promote --operator EMAIL --release N [--wait SECONDS]"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from federation.management import progress
from federation.management.commands._operator import operator_by_email
from federation.services.releases import promote_release
from myschool.errors import ApplicationError


class Command(BaseCommand):
    help = "Open a canary release to every region."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--operator", required=True, help="E-mail of the federal operator")
        parser.add_argument("--release", type=int, required=True, help="Sequence number")
        parser.add_argument("--wait", type=float, default=0, metavar="SECONDS",
                            help="Show a progress bar until every region has it")

    def handle(self, *args: object, **options: object) -> None:
        try:
            release = promote_release(actor=operator_by_email(str(options["operator"])),
                                      sequence=int(options["release"]))
        except ApplicationError as exc:
            raise CommandError(exc.one_line()) from None
        self.stdout.write(self.style.SUCCESS(f"Release {release.sequence} is open to every region."))
        if options["wait"]:
            progress.watch(release, self.stdout, timeout=float(options["wait"]))
