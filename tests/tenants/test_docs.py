"""docs/tenancy.md lists the onboarding steps the code runs, in the order it runs them."""

from __future__ import annotations

import re
from pathlib import Path

from tenants.services.onboarding import STEPS

TENANCY = Path(__file__).resolve().parents[2] / "docs" / "tenancy.md"


def test_the_tenancy_page_lists_every_onboarding_step_in_order() -> None:
    onboarding = TENANCY.read_text().split("**Onboarding**")[1].split("\n\n**")[0]

    documented = re.findall(r"^\d+\. `(\w+)`", onboarding, flags=re.MULTILINE)

    assert documented == list(STEPS)
