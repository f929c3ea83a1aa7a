"""Onboard a region and fill it with synthetic schools, people and a term of journal data."""

from __future__ import annotations

import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser

from demo.synthetic import PASSWORD, SyntheticSize, generate_synthetic_region
from myschool.errors import ApplicationError
from schedule.times import region_today
from tenants.context import in_region
from tenants.models import Region
from tenants.services.onboarding import onboard_region


class Command(BaseCommand):
    help = "Create a large synthetic region for benchmarks (e.g. 20 schools, 10 000 pupils, a term)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--code", default="RU-TA", help="ISO 3166-2 code of the region (default RU-TA)")
        parser.add_argument("--name", default="Республика Татарстан (синтетические данные)")
        parser.add_argument(
            "--time-zone", "--timezone", dest="time_zone", default="Europe/Moscow",
            help="IANA time zone (--timezone: the old name, accepted until the next release)",
        )
        parser.add_argument("--schools", type=int, default=20)
        parser.add_argument("--pupils", type=int, default=10_000)
        parser.add_argument("--weeks", type=int, default=8, help="school weeks of lessons up to today")
        parser.add_argument("--today", type=date.fromisoformat, help="the day to count from (default: today)")

    def handle(self, *args: object, **options: object) -> None:
        if min(options["schools"], options["pupils"], options["weeks"]) < 1:
            raise CommandError("--schools, --pupils and --weeks must be at least 1")
        try:
            run = onboard_region(
                code=options["code"],
                name=options["name"],
                time_zone=options["time_zone"],
                admin_email=f"admin@{options['code'].lower()}.synthetic.example",
            )
        except ApplicationError as exc:
            raise CommandError(exc.one_line()) from None
        if run.state != "done":
            raise CommandError(f"onboarding failed: {run.error}")
        region = Region.objects.get(code=run.region_code)
        size = SyntheticSize(schools=options["schools"], pupils=options["pupils"], weeks=options["weeks"])
        start = time.perf_counter()
        with in_region(region):
            try:
                counts = generate_synthetic_region(
                    region=region,
                    size=size,
                    today=options["today"] or region_today(region),
                    progress=lambda message: self.stdout.write(f"  {message}"),
                )
            except RuntimeError as exc:
                raise CommandError(str(exc)) from None
        figures = ", ".join(f"{value} {key}" for key, value in counts.items())
        self.stdout.write(f"{region.code}: {figures} in {time.perf_counter() - start:.0f} s")
        self.stdout.write(
            f"Every person's password: {PASSWORD} (e.g. pupil0@{region.code.lower()}.synthetic.example)"
        )
