"""manage.py federation_status [--release N]"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from federation.management import progress
from federation.models import Release
from federation.selectors import latest_sequence, region_sync_rows, release_deliveries, release_progress


class Command(BaseCommand):
    help = "Print each region's release sequence and lag, or one release's progress per region."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--release", type=int, help="Show this release's progress per region")

    def handle(self, *args: object, **options: object) -> None:
        if options["release"]:
            self._release(int(options["release"]))
            return
        self.stdout.write(f"Latest release: {latest_sequence()}")
        self.stdout.write(f"{'region':<8} {'sequence':>8} {'lag':>4}  status")
        for row in region_sync_rows():
            line = f"{row.code:<8} {row.applied_sequence:>8} {row.lag:>4}  {row.status}"
            if row.status in ("queued", "applying") and row.since:
                line += f" since {row.since:%Y-%m-%d %H:%M:%S}" + (f" by {row.worker}" if row.worker else "")
            if row.deferred_until:
                line += f" (defers {row.deferred_sequence} until {row.deferred_until:%Y-%m-%d %H:%M})"
            if row.last_error:
                line += f" — attempt {row.attempts}: {row.last_error}"
            self.stdout.write(line)

    def _release(self, sequence: int) -> None:
        release = Release.objects.filter(sequence=sequence).first()
        if release is None:
            raise CommandError(f"No release {sequence}.")
        done = release_progress(release)
        self.stdout.write(f"Release {sequence}: " + progress.render(done.done, done.total, done.by_state))
        for delivery in release_deliveries(release):
            line = f"  {delivery.region.code:<8} {delivery.state:<9} attempts {delivery.attempts}"
            self.stdout.write(line + (f" — {delivery.last_error}" if delivery.last_error else ""))
