"""A web process's database connection between requests: checked after it sat idle, trusted while busy."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import OperationalError, connection
from django.test import Client, override_settings

from myschool.database.base import DatabaseWrapper

pytestmark = pytest.mark.django_db


@pytest.fixture
def web_connection() -> Iterator[DatabaseWrapper]:
    """A persistent connection with health checks on, as a web process keeps one between requests.

    A copy of the test's connection: that one stays in the test's transaction.
    """
    held = connection.copy()
    held.settings_dict["CONN_HEALTH_CHECKS"] = True
    held.settings_dict["CONN_MAX_AGE"] = None
    try:
        yield held
    finally:
        held.close()


def request(held: DatabaseWrapper) -> int:
    """One request's work on the connection, with what Django does around a request: its backend pid."""
    held.close_if_unusable_or_obsolete()  # request_started
    try:
        with held.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            return cursor.fetchone()[0]
    finally:
        held.close_if_unusable_or_obsolete()  # request_finished: Django's receiver, then ours
        held.note_request_finished()


def terminate(pid: int) -> None:
    """The database ends that session, as a restart or a failover does."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])
        assert cursor.fetchone() == (True,)


@override_settings(DATABASE_HEALTH_CHECK_DELAY=0)
def test_a_connection_that_died_while_idle_is_replaced_before_the_next_request_uses_it(
    web_connection: DatabaseWrapper,
) -> None:
    first = request(web_connection)
    terminate(first)

    assert request(web_connection) != first


@override_settings(DATABASE_HEALTH_CHECK_DELAY=60)
def test_a_connection_released_moments_ago_is_used_unchecked_and_dropped_by_the_request_it_fails(
    web_connection: DatabaseWrapper,
) -> None:
    """No round trip to check it: a connection that died within the delay fails one request only."""
    first = request(web_connection)
    terminate(first)

    with pytest.raises(OperationalError):
        request(web_connection)
    assert web_connection.connection is None
    assert request(web_connection) != first


def test_every_request_ends_by_noting_its_connection_healthy(client: Client) -> None:
    connection.ensure_connection()
    connection.released_healthy_at = None

    assert client.get("/healthz").status_code == 200

    assert connection.released_healthy_at is not None
