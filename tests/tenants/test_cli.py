"""The onboarding command: progress, the region's URL, readable errors, no traces."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tenants.models import OnboardingRun, Region

ROOT = Path(__file__).resolve().parents[2]
ARGS = ["--code", "RU-TA", "--name", "Республика Татарстан", "--timezone", "Europe/Moscow",
        "--admin-email", "admin@tatar.example"]

pytestmark = pytest.mark.django_db


def test_prints_progress_url_and_how_the_admin_sets_a_password() -> None:
    out = StringIO()
    call_command("onboard_region", *ARGS, stdout=out)

    text = out.getvalue()
    for step in ("create_region", "create_admin", "backfill_catalogue", "activate"):
        assert f"✓ {step}" in text
    assert "RU-TA Республика Татарстан: http://ta.myschool.localhost:8000/" in text
    assert "admin@tatar.example sets a password at: http://ta.myschool.localhost:8000/password/set/" in text

    call_command("onboard_region", *ARGS, stdout=StringIO())
    assert Region.objects.filter(code="RU-TA").count() == 1


def test_suspend_and_resume_commands() -> None:
    call_command("onboard_region", *ARGS, stdout=StringIO())
    out = StringIO()
    call_command("suspend_region", "--code", "RU-TA", stdout=out)
    call_command("resume_region", "--code", "ru-ta", stdout=out)
    assert Region.objects.get(code="RU-TA").status == "active"
    with pytest.raises(CommandError, match="No region RU-DA"):
        call_command("suspend_region", "--code", "RU-DA")


@pytest.mark.parametrize(
    ("flag", "value", "expected"),
    [
        ("--code", "RU-XYZ", "code: RU-XYZ is not a region of the Russian Federation."),
        ("--timezone", "Moscow", "time_zone: “Moscow” is not an IANA time zone"),
        ("--admin-email", "admin", "admin_email: “admin” is not a valid e-mail address."),
    ],
)
def test_bad_input_is_one_readable_line_and_writes_nothing(flag, value, expected) -> None:
    args = list(ARGS)
    args[args.index(flag) + 1] = value
    with pytest.raises(CommandError) as error:
        call_command("onboard_region", *args)
    assert str(error.value).startswith(expected)
    assert "\n" not in str(error.value)
    assert not OnboardingRun.objects.exists()


def test_exit_status_is_non_zero_for_bad_input() -> None:
    env = {**os.environ, "PYTHONPATH": f"{ROOT}:{ROOT / 'platform'}", "LANGUAGE": "en"}
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "onboard_region", "--code", "XX",
         "--name", "x", "--timezone", "UTC", "--admin-email", "a@b.example"],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith("CommandError: code:")
