"""Create the demo federation (idempotent): an operator and a second moderator, Moscow and Moscow
Oblast with lived-in schools, and a demo central library."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand

from accounts.models import User
from accounts.services import set_password
from demo.library import give_demo_materials
from demo.regional import demo_logins, populate_demo_region
from federation.demo import release_demo_library
from schedule.times import region_today
from shared_library.demo import populate_demo_library
from tenants.context import in_federation, in_region
from tenants.models import Region
from tenants.selectors import host_url, region_url
from tenants.services.onboarding import onboard_region

OPERATOR = ("operator@myschool.example", "demo-operator-2026")
# Approves what the operator writes: nobody approves their own version.
MODERATOR = ("moderator@myschool.example", "demo-moderator-2026")
DEMO_REGIONS = [
    ("RU-MOW", "Москва", "Europe/Moscow", "admin@mow.example", "ГБОУ Школа № 1"),
    ("RU-MOS", "Московская область", "Europe/Moscow", "admin@mos.example", "МБОУ Лицей № 1"),
]
ADMIN_PASSWORD = "demo-admin-2026"


class Command(BaseCommand):
    help = "Create the demo federation with its logins; safe to run again."

    def handle(self, *args: object, **options: object) -> None:
        from django.conf import settings

        with in_federation():
            # Every library capability: edit, moderate, release.
            call_command(
                "create_federal_operator", "--capability", "edit", "--capability", "moderate",
                "--capability", "release", email=OPERATOR[0], password=OPERATOR[1], stdout=self.stdout,
            )
            call_command(
                "create_federal_operator", "--capability", "moderate",
                email=MODERATOR[0], password=MODERATOR[1], stdout=self.stdout,
            )
        federation = host_url(settings.BASE_DOMAIN)
        lines = [
            f"Federation  {federation}  {OPERATOR[0]} / {OPERATOR[1]}",
            f"{'':<12}{federation}  {MODERATOR[0]} / {MODERATOR[1]} (moderator)",
        ]
        for code, name, tz, admin_email, school in DEMO_REGIONS:
            run = onboard_region(code=code, name=name, time_zone=tz, admin_email=admin_email)
            if run.state != "done":
                self.stderr.write(f"{code}: onboarding failed at {run.error}")
                continue
            region = Region.objects.get(code=code)
            with in_region(region):
                admin = User.objects.get(email=admin_email)
                if not admin.check_password(ADMIN_PASSWORD):
                    set_password(user=admin, password=ADMIN_PASSWORD)
                if populate_demo_region(region=region, today=region_today(region), school_name=school):
                    self.stdout.write(f"{name}: demo school «{school}» created")
            lines.append(f"{name:<20}{region_url(region)}  {admin_email} / {ADMIN_PASSWORD}")
            lines += [
                f"{'':<22}{role}: {email} / {password}" for role, email, password in demo_logins(region)
            ]
        with in_federation():
            operator = User.objects.get(email=OPERATOR[0])
            moderator = User.objects.get(email=MODERATOR[0])
        moscow = Region.objects.filter(code="RU-MOW").first()
        if populate_demo_library(operator=operator, moderator=moderator, contributing_region=moscow):
            self.stdout.write("Demo library created")
        sequence = release_demo_library(operator=operator)
        if sequence:
            self.stdout.write(f"Demo library published to the regions as release {sequence}")
        for code, *_rest in DEMO_REGIONS:
            region = Region.objects.filter(code=code).first()
            if region is not None:
                with in_region(region):
                    give_demo_materials(region=region)
        self.stdout.write("\nDemo logins:\n  " + "\n  ".join(lines))
