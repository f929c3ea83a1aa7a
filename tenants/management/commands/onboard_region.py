"""manage.py onboard_region --code RU-MOS --name "Московская область" ..."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import User
from accounts.services import set_password_path
from myschool.errors import ApplicationError
from tenants.context import in_region
from tenants.models import OnboardingStep, Region, RunState
from tenants.selectors import region_url
from tenants.services.onboarding import onboard_region


class Command(BaseCommand):
    help = "Onboard a region (or resume its onboarding) and print how its admin logs in."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--code", required=True, help="ISO 3166-2 code, e.g. RU-MOS")
        parser.add_argument("--name", required=True, help="Official name in Russian")
        parser.add_argument(
            "--time-zone", "--timezone", dest="time_zone", required=True,
            help="IANA time zone, e.g. Europe/Moscow (--timezone: its old name, until the next release)",
        )
        parser.add_argument("--admin-email", required=True, help="The first region admin")
        parser.add_argument("--domain", default=None, help="Host name (default <code>.BASE_DOMAIN)")

    def handle(self, *args: object, **options: str) -> None:
        def progress(step: OnboardingStep) -> None:
            mark = {RunState.RUNNING: "…", RunState.DONE: "✓", RunState.FAILED: "✗"}[step.state]
            line = f"  {mark} {step.name}"
            if step.state == RunState.RUNNING:
                self.stdout.write(line, ending="")
                self.stdout.flush()
            else:
                self.stdout.write(f"\r{line}" + (f": {step.error}" if step.error else ""))

        try:
            run = onboard_region(
                code=options["code"], name=options["name"], time_zone=options["time_zone"],
                admin_email=options["admin_email"], domain=options["domain"], progress=progress,
            )
        except ApplicationError as exc:
            raise CommandError(exc.one_line()) from None
        if run.state != RunState.DONE:
            raise CommandError(
                f"onboarding {run.region_code} failed at {run.error}. "
                "Fix the cause and run the same command again to resume."
            )
        region = Region.objects.get(code=run.region_code)
        with in_region(region):
            admin = User.objects.get(email=run.admin_email)
            link = region_url(region, set_password_path(admin)) if not admin.has_usable_password() else None
        self.stdout.write(self.style.SUCCESS(f"{region.code} {region.name}: {region_url(region)}"))
        if link:
            self.stdout.write(f"The admin {admin.email} sets a password at: {link}")
        else:
            self.stdout.write(f"The admin {admin.email} already has a password.")
