"""Browser tests: a live server thread on 127.0.0.1 and headless Chromium at the hosts' names.

Skipped, with one line in the report header (tests/conftest.py), where Chromium is missing.
Chromium resolves every `*.localhost` name to the loopback address, so the federation host
(myschool.localhost) and each region's host reach the live server as they are.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings

from tests.browser import chromium


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    reason = chromium.missing()
    for item in items:
        if item.get_closest_marker("browser") and reason:
            item.add_marker(pytest.mark.skip(reason=f"browser tests skipped: {reason}"))


@pytest.fixture
def russian(settings) -> None:
    """The pages in the platform's own language (the other tests read English)."""
    settings.LANGUAGE_CODE = "ru"


@pytest.fixture
def site(live_server, drop_regions: None) -> str:
    """The address of the federation host on the live server; a region's is `at(site, host)`."""
    return f"http://{settings.BASE_DOMAIN}:{live_server.thread.port}"


@pytest.fixture
def browser() -> Iterator[object]:
    driver = chromium.start()
    yield driver
    driver.quit()
