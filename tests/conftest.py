"""Test set-up: the real PostgreSQL (DATABASE_URL, or the embedded one) and broker."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection
from django.utils import translation

from tenants import routing


@pytest.fixture(autouse=True, scope="session")
def _private_file_broker(tmp_path_factory: pytest.TempPathFactory) -> None:
    """With the server-less broker, keep the tests' messages away from `make up`'s worker."""
    from myschool.celery import app

    if app.conf.broker_url.startswith("filesystem"):
        folder = tmp_path_factory.mktemp("broker")
        (folder / "control").mkdir()
        app.conf.broker_transport_options = {
            "data_folder_in": str(folder), "data_folder_out": str(folder),
            "control_folder": str(folder / "control"), "store_processed": False,
        }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    settings.PASSWORD_HASHERS = ["tests.hashers.FastArgon2PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _english(settings) -> Iterator[None]:
    """Tests read English; the Russian UI has its own test (test_language.py)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def russian(settings) -> Iterator[None]:
    """The product's own default, for tests that read the Russian UI (undoes `_english`)."""
    settings.LANGUAGE_CODE = "ru"
    with translation.override("ru"):
        yield


@pytest.fixture(autouse=True)
def _fresh_routes() -> Iterator[None]:
    """No test sees another test's cached host answers."""
    routing.clear_routes()
    yield
    routing.clear_routes()
    connection.set_schema_to_public()


@pytest.fixture
def drop_regions(transactional_db: None) -> Iterator[None]:
    """For tests that commit: drop the region schemas they created afterwards."""
    yield
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'region\\_%%'"
            " AND nspname <> 'region_template'"
        )
        for (schema,) in cursor.fetchall():
            cursor.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture
def celery_worker(drop_regions: None) -> Iterator[object]:
    """A real Celery worker on the configured broker, consuming every queue we use."""
    from celery.contrib.testing.worker import start_worker
    from django.conf import settings

    from myschool.celery import app

    queues = [queue.name for queue in settings.CELERY_TASK_QUEUES]
    with start_worker(app, pool="solo", perform_ping_check=False,
                      queues=queues, shutdown_timeout=30) as worker:
        yield worker


def pytest_report_header(config: pytest.Config) -> str:
    """One line saying whether the browser tests (tests/browser) run here, and if not, why."""
    from tests.browser import chromium

    reason = chromium.missing()
    if reason:
        return f"browser tests: SKIPPED, {reason}"
    return f"browser tests: headless {chromium.CHROMIUM} with {chromium.CHROMEDRIVER}"
