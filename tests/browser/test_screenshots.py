"""`make screenshots`: a PNG of every console page (tests/browser/pages.py) in both languages,
at 1280 and 375 CSS pixels wide, into SCREENSHOTS_DIR. Not part of `make test`."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from accounts.models import Role
from demo.regional import populate_demo_region
from schedule.times import region_today
from tenants.context import in_region
from tenants.models import OnboardingRun
from tests import factories
from tests.browser import chromium
from tests.browser.pages import CONSOLE_PAGES, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.environ.get("SCREENSHOTS_DIR"), reason="make screenshots sets SCREENSHOTS_DIR"),
]

WIDTHS = (1280, 375)


def test_every_console_page_in_both_languages(site: str, settings) -> None:
    folder = Path(os.environ["SCREENSHOTS_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    moscow = factories.region("RU-MOS")
    with in_region(moscow):
        populate_demo_region(region=moscow, today=region_today(moscow), school_name="Школа № 1")
    factories.region("RU-KGD")
    factories.region_user(factories.region("RU-TA"), "admin2@ru-ta.example", Role.REGION_ADMIN)
    factories.operator()
    ta_run = OnboardingRun.objects.get(region_code="RU-TA").pk
    for language in ("ru", "en"):
        settings.LANGUAGE_CODE = language
        for width in WIDTHS:
            driver = chromium.start(width=width)
            try:
                logged_in = None
                for name, host, path, who in CONSOLE_PAGES:
                    base = site if host is None else site.replace(settings.BASE_DOMAIN, host)
                    if who != logged_in:
                        driver.delete_all_cookies()
                        log_in(driver, base, who)
                        logged_in = who
                    driver.get(base + path.format(ta_run=ta_run))
                    height = driver.execute_script("return document.documentElement.scrollHeight")
                    driver.set_window_size(width, max(height, 600) + 140)
                    driver.save_screenshot(str(folder / f"{name}-{language}-{width}.png"))
            finally:
                driver.quit()
