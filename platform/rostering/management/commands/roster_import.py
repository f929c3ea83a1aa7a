"""manage.py roster_import --region RU-TA bundle.zip [--dry-run] [--skip-errors]"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from myschool.errors import ApplicationError
from rostering.models import ImportState
from rostering.services import record_bundle, run_import
from tenants.context import in_region
from tenants.selectors import get_region

BAR_WIDTH = 30


class Command(BaseCommand):
    help = (
        "Check or apply a OneRoster 1.2 CSV bundle (a zip or a folder) in a region, with a progress bar. "
        "A bundle with errors applies nothing unless --skip-errors is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", required=True, help="ISO 3166-2 code, e.g. RU-TA")
        parser.add_argument("bundle", type=Path, help="a zip of OneRoster CSV files, or a folder of them")
        parser.add_argument("--dry-run", action="store_true", help="check and preview; write nothing")
        parser.add_argument("--skip-errors", action="store_true", help="apply the rows without errors")

    def handle(self, *args: object, **options: Any) -> None:
        bundle: Path = options["bundle"]
        if not bundle.exists():
            raise CommandError(_("%(path)s: no such file or folder.") % {"path": bundle})
        try:
            region = get_region(options["region"])
            with in_region(region):
                roster_import = record_bundle(region=region, actor=None, path=bundle.resolve(),
                                              name=bundle.name, skip_errors=options["skip_errors"])
                roster_import = run_import(region=region, roster_import=roster_import,
                                           apply=not options["dry_run"], listener=self._bar)
        except ApplicationError as exc:
            raise CommandError(exc.one_line()) from None
        self.stderr.write("")
        self._summary(roster_import.report)
        if options["dry_run"]:
            self.stdout.write(f"Dry run: nothing written (import {roster_import.pk}).")
        elif roster_import.state != ImportState.APPLIED:
            message = _(
                "%(count)d rows have errors: nothing was written. "
                "Correct them, or run again with --skip-errors."
            )
            raise CommandError(message % {"count": roster_import.report["error_count"]})
        else:
            self.stdout.write(f"Applied: {roster_import.report['written']} rows written "
                              f"(import {roster_import.pk}).")

    def _bar(self, progress: dict[str, Any]) -> None:
        filled = int(BAR_WIDTH * progress["percent"] / 100)
        eta = progress["eta_seconds"]
        rows = sum(progress["rows"].values())
        self.stderr.write(
            f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {progress['percent']:5.1f}% "
            f"{progress['stage']:<8} {rows} rows" + (f", ~{eta} s left" if eta is not None else "") + "   ",
            ending="",
        )
        self.stderr.flush()

    def _summary(self, report: dict[str, Any]) -> None:
        for name, counts in report.get("files", {}).items():
            summary = ", ".join(f"{action} {count}" for action, count in sorted(counts.items()))
            self.stdout.write(f"{name}: {summary}")
        for error in report.get("errors", []):
            self.stdout.write(f"{error['file']}:{error['line']} {error['column']}: {error['message']}")
        if report.get("error_count", 0) > len(report.get("errors", [])):
            self.stdout.write(f"... {report['error_count']} errors in all.")
