"""manage.py federation_publish --operator EMAIL [--notes ...] [--canary RU-TA ...] [--wait SECONDS]"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from federation.management import progress
from federation.management.commands._operator import operator_by_email
from federation.selectors import release_rollout
from federation.services.releases import cut_release
from myschool.errors import ApplicationError


class Command(BaseCommand):
    help = "Cut a release of every library change since the last one and fan it out to the regions."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--operator", required=True, help="E-mail of the federal operator cutting it")
        parser.add_argument("--notes", default="", help="Release notes")
        parser.add_argument("--canary", action="append", default=[], metavar="CODE",
                            help="A region that gets the release first (repeatable)")
        parser.add_argument("--wait", type=float, default=0, metavar="SECONDS",
                            help="Show a progress bar until every region has it (or the time is up)")

    def handle(self, *args: object, **options: object) -> None:
        actor = operator_by_email(str(options["operator"]))
        try:
            release = cut_release(actor=actor, notes=str(options["notes"]),
                                  canary_region_codes=options["canary"])
        except ApplicationError as exc:
            raise CommandError(exc.one_line()) from None
        self.stdout.write(self.style.SUCCESS(
            f"Release {release.sequence}: {release.added} added, {release.changed} changed, "
            f"{release.withdrawn} withdrawn"
            + (f"; canaries {', '.join(release.canary_region_codes)}" if release.canary_region_codes else "")
        ))
        if options["wait"] and not progress.watch(release, self.stdout, timeout=float(options["wait"])):
            rollout = release_rollout(release)
            waiting = ", ".join(sorted(rollout.waiting) + rollout.failed)
            raise CommandError(f"Release {release.sequence} has not reached {waiting} yet; "
                               "see manage.py federation_status.")
