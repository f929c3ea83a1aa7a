"""Where processes connect: DATABASE_URL for TCP hosts and the embedded server's socket directory,
and creating the embedded database when several processes start at once.
"""

from __future__ import annotations

import threading
import uuid

import psycopg
import pytest
from django.db import connection

from myschool.database_url import database_url, parse_database_url
from myschool.localdb import create_database


@pytest.mark.parametrize(
    ("url", "host", "port", "name"),
    [
        ("postgres://postgres@127.0.0.1:5432/myschool", "127.0.0.1", 5432, "myschool"),
        # The embedded server's socket directory, capitals and all (a home folder /home/Anna).
        ("postgres://postgres@%2Fhome%2FAnna%2Fclone%2F.data%2Fpostgres/test_myschool",
         "/home/Anna/clone/.data/postgres", "", "test_myschool"),
        ("postgres://postgres@%2Fhome%2FAnna%2F.data%2Fpostgres:5432/session_pooled",
         "/home/Anna/.data/postgres", 5432, "session_pooled"),
    ],
)
def test_a_url_names_its_host_or_socket_directory_and_database(url, host, port, name) -> None:
    settings = parse_database_url(url)
    assert (settings["HOST"], settings["PORT"], settings["NAME"]) == (host, port, name)
    assert parse_database_url(database_url(settings)) == settings


def test_a_url_made_from_settings_keeps_the_password_and_can_name_another_database() -> None:
    settings = {"USER": "app", "PASSWORD": "p@ss/word", "HOST": "db.internal", "PORT": 6432, "NAME": "x"}
    url = database_url(settings, name="session_pooled")
    parsed = parse_database_url(url)
    assert (parsed["USER"], parsed["PASSWORD"], parsed["HOST"], parsed["PORT"], parsed["NAME"]) == (
        "app", "p@ss/word", "db.internal", 6432, "session_pooled",
    )


def test_the_url_of_this_runs_connection_reaches_the_same_database(db) -> None:
    """What tests and `make up` hand to child processes: TCP in CI, the socket directory embedded."""
    with psycopg.connect(database_url(connection.settings_dict)) as conn:
        assert conn.execute("SELECT current_database()").fetchone()[0] == connection.settings_dict["NAME"]


def test_processes_starting_at_once_create_the_database_once(db) -> None:
    name = f"test_race_{uuid.uuid4().hex[:12]}"
    settings = {**connection.settings_dict, "NAME": name}
    starters = 8
    barrier = threading.Barrier(starters)
    failures: list[BaseException] = []

    def start() -> None:
        barrier.wait()
        try:
            create_database(settings)
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=start) for _ in range(starters)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert failures == []
        with psycopg.connect(database_url(settings)) as created:
            assert created.execute("SELECT current_database()").fetchone()[0] == name
        create_database(settings)  # and once more, when it exists already
    finally:
        with psycopg.connect(database_url(settings, name="postgres"), autocommit=True) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{name}"')
