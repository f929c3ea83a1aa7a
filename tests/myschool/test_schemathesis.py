"""Schemathesis over both OpenAPI schemas, in process: the API answers as its schema says.

Every operation of the region schema (on a region host, as a region admin, a
teacher and a parent) and of the federation schema (on the federation host,
as a federal operator) gets a few generated requests, called through Django's
WSGI application with that person's token. No answer may be a server error,
and every answer with a documented status must match its documented body.
Bounded and derandomized, so the run is short and the same every time.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from academics.models import AcademicYear
from accounts.models import ApiToken, Role
from schedule.models import Lesson
from tenants.context import in_federation, in_region
from tests import factories
from tests.schema import federation_schema, region_schema
from tests.world import World, classroom

pytestmark = pytest.mark.django_db

CHECKS = [not_a_server_error, response_schema_conformance]
# A few examples per operation, the same ones every run, however slow the machine.
BOUNDED = settings(
    max_examples=4, derandomize=True, database=None, deadline=None, suppress_health_check=list(HealthCheck)
)


@pytest.fixture
def world() -> World:
    world = classroom(factories.region("RU-MOS"))
    world.person("regionadmin", Role.REGION_ADMIN)
    world.lesson("ivanova", "Математика", "5А", date(2026, 11, 23), topic="Дроби")
    return world


def known_objects(world: World) -> dict[str, dict[str, Any]]:
    """The world's objects by the path templates that name them."""
    with in_region(world.region):
        lesson = Lesson.objects.get()
        year = AcademicYear.objects.get()
    pupil = world.people["sidorov"].pk
    return {
        "/api/v1/schools/{id}/": {"id": world.school.pk},
        "/api/v1/class-groups/{id}/": {"id": world.groups["5А"].pk},
        "/api/v1/lessons/{id}/": {"id": lesson.pk},
        "/api/v1/academic-years/{id}/": {"id": year.pk},
        "/api/v1/people/{id}/": {"id": pupil},
        "/api/v1/pupils/{pupil_id}/": {"pupil_id": pupil},
        "/api/v1/roster/people/{id}/": {"id": pupil},
        "/api/v1/mark-kinds/{code}/": {"code": "answer"},
        "/api/v1/grading-scales/{code}/": {"code": "five_point"},
    }


def failures(
    document: dict[str, Any], *, host: str, token: Callable[[], str], known: dict[str, dict[str, Any]]
) -> list[str]:
    """Every check that fails on a few generated requests per operation, as `METHOD path: why`.

    `token()` is called before each request: an operation may revoke the
    caller's tokens (sign out everywhere), which must not blind the rest.
    An operation under a path of `known` (a path template's beginning: the
    values of its parameters) is also called on those existing objects, not
    only on generated ids that are mostly 404.
    """
    schema = schemathesis.openapi.from_dict(json.loads(json.dumps(document)))
    app = WSGIHandler()
    found: list[str] = []
    # As Django's test client does: the test's transaction holds the connection, keep it open.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        for result in schema.get_all_operations():
            operation = result.ok()
            explore_operation(operation, operation.as_strategy(), app, host, token, found)
            for prefix, parameters in known.items():
                if operation.path.startswith(prefix):
                    strategy = operation.as_strategy(path_parameters=parameters)
                    explore_operation(operation, strategy, app, host, token, found)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return list(dict.fromkeys(found))


def explore_operation(
    operation: Any, strategy: Any, app: WSGIHandler, host: str, token: Callable[[], str], found: list[str]
) -> None:
    """Call a few generated cases of `operation`, appending each failed check to `found`."""
    name = f"{operation.method.upper()} {operation.path}"

    @BOUNDED
    @given(case=strategy)
    def run(case: Any) -> None:
        headers = {"Host": host, "Authorization": f"Token {token()}"}
        try:
            response = case.call(app=app, headers=headers)
            case.validate_response(response, checks=CHECKS, headers=headers)
        except Exception as error:  # every failed check is reported, not only the first
            found.append(f"{name}: {error}")

    run()


@pytest.mark.parametrize("who", ["regionadmin", "ivanova", "sidorova"])
def test_the_region_api_answers_as_its_schema_says(world: World, who: str) -> None:
    def token() -> str:
        with in_region(world.region):
            return ApiToken.objects.get_or_create(user=world.people[who])[0].key

    found = failures(
        region_schema(), host=factories.host(world.region), token=token, known=known_objects(world)
    )

    assert not found, "\n\n".join(found)


def test_the_federation_api_answers_as_its_schema_says() -> None:
    operator = factories.operator(capabilities=["edit", "moderate", "release"])
    factories.region("RU-MOS")

    def token() -> str:
        with in_federation():
            return ApiToken.objects.get_or_create(user=operator)[0].key

    known = {
        "/api/v1/regions/{code}/": {"code": "RU-MOS"},
        "/api/v1/sync/regions/{code}/": {"code": "RU-MOS"},
    }
    found = failures(federation_schema(), host=factories.host(None), token=token, known=known)

    assert not found, "\n\n".join(found)
