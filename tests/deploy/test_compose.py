"""deploy/compose.yaml: valid Compose, and the production-like federation it promises.

Parsed with PyYAML (anchors and merge keys resolved as Compose does), variables
interpolated with their defaults as `docker compose` would with an empty
environment, then validated by compose-spec (the Rust compose_spec parser,
strict about unknown keys and value types).
"""

from __future__ import annotations

import copy
import json
import re
import shlex
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import compose_spec
import pytest
import yaml

from tests.deploy.queues import app_queues

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "deploy" / "compose.yaml"
_VARIABLE = re.compile(r"\$(?:\$|\{(?P<name>\w+)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\})")


def interpolate(value: Any, environ: dict[str, str]) -> Any:
    """Compose's ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error} and $$."""
    if isinstance(value, dict):
        return {key: interpolate(item, environ) for key, item in value.items()}
    if isinstance(value, list):
        return [interpolate(item, environ) for item in value]
    if not isinstance(value, str):
        return value

    def substitute(match: re.Match[str]) -> str:
        if match[0] == "$$":
            return "$"
        current, op = environ.get(match["name"]), match["op"] or ""
        if (op == ":-" and not current) or (op == "-" and current is None):
            return match["arg"]
        if op.endswith("?") and not current:
            raise ValueError(f"{match['name']}: {match['arg']}")
        return current or ""

    return _VARIABLE.sub(substitute, value)


def load(text: str | None = None, environ: dict[str, str] | None = None) -> dict[str, Any]:
    return interpolate(yaml.safe_load(text if text is not None else COMPOSE.read_text()), environ or {})


def spec_errors(compose: dict[str, Any]) -> str:
    """What the Compose specification finds wrong, or ''."""
    try:
        compose_spec.PyCompose.from_json(json.dumps(compose))
    except ValueError as error:
        return str(error)
    return ""


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return load()


def app_services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Services run from our image, the one-shot migrate excepted."""
    return {name: service for name, service in compose["services"].items()
            if service.get("image") == compose["services"]["migrate"]["image"] and name != "migrate"}


def test_compose_file_follows_the_compose_specification(compose) -> None:
    assert spec_errors(compose) == ""


@pytest.mark.parametrize(
    ("path", "value", "reported"),
    [
        (("services", "web", "healthcheck", "intervall"), "5s", "intervall"),
        (("services", "web", "depends_on", "migrate", "condition"), "service_done", "service_done"),
        (("services", "web", "read_only"), "yes", "boolean"),
    ],
)
def test_a_mistake_in_the_compose_file_is_caught(compose, path: tuple[str, ...], value, reported) -> None:
    broken = copy.deepcopy(compose)
    target = broken
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    assert reported in spec_errors(broken)


def test_the_federation_services_are_all_there(compose) -> None:
    services = compose["services"]
    assert {"postgres", "rabbitmq", "migrate", "web", "beat"} <= services.keys()
    assert any(name.startswith("worker") for name in services)
    assert {"web", "beat"} <= app_services(compose).keys()
    for name, service in app_services(compose).items():
        assert service["build"] == {"context": "..", "dockerfile": "deploy/Dockerfile"}, name
    assert (ROOT / "deploy" / "Dockerfile").is_file()


def test_migrate_runs_once_and_everything_else_waits_for_its_success(compose) -> None:
    migrate = compose["services"]["migrate"]
    assert migrate["command"] == ["migrate"]
    assert migrate["restart"] == "no"
    assert migrate["depends_on"]["postgres"] == {"condition": "service_healthy"}
    for name, service in app_services(compose).items():
        needs = service["depends_on"]
        assert needs["migrate"] == {"condition": "service_completed_successfully"}, name
        assert needs["postgres"]["condition"] == "service_healthy", name
        assert needs["rabbitmq"]["condition"] == "service_healthy", name
    for name, service in compose["services"].items():
        for other in service.get("depends_on", {}):
            assert other in compose["services"], f"{name} depends on unknown {other}"


def test_every_long_running_service_has_a_health_check(compose) -> None:
    for name, service in compose["services"].items():
        if name == "migrate":
            continue
        check = service.get("healthcheck")
        assert check and not check.get("disable") and check["test"], name
    assert compose["services"]["web"]["healthcheck"]["test"][-1] == "web"
    for name, service in app_services(compose).items():
        if name.startswith("worker"):
            assert service["healthcheck"]["test"][-1] == "worker", name


def test_workers_consume_every_queue_the_app_sends_to(compose) -> None:
    consumed = set()
    for name, service in app_services(compose).items():
        command = service["command"]
        if command[0] == "worker":
            consumed |= set(command[1].split(","))
            assert any(arg.startswith("--prefetch-multiplier=") for arg in command), name
    assert app_queues() <= consumed


def test_app_containers_run_like_the_cluster_runs_them(compose) -> None:
    services = compose["services"]
    for name, service in {**app_services(compose), "migrate": services["migrate"]}.items():
        assert service["read_only"] is True, name
        assert "/tmp" in service["tmpfs"], name
        assert service["cap_drop"] == ["ALL"], name
        env = service["environment"]
        assert env["DJANGO_ENV"] == "production"
        assert len(env["SECRET_KEY"]) >= 50
        assert urlsplit(env["DATABASE_URL"]).hostname == "postgres"
        assert urlsplit(env["CELERY_BROKER_URL"]).hostname == "rabbitmq"
        assert env["BASE_DOMAIN"] in env["ALLOWED_HOSTS"].split(",")
    database = services["postgres"]["environment"]
    url = urlsplit(services["web"]["environment"]["DATABASE_URL"])
    assert (url.username, url.password, url.path) == (
        database["POSTGRES_USER"], database["POSTGRES_PASSWORD"], "/" + database["POSTGRES_DB"])
    broker = services["rabbitmq"]["environment"]
    url = urlsplit(services["web"]["environment"]["CELERY_BROKER_URL"])
    vhost = broker["RABBITMQ_DEFAULT_VHOST"]
    assert (url.username, url.password, url.path) == (
        broker["RABBITMQ_DEFAULT_USER"], broker["RABBITMQ_DEFAULT_PASS"], f"/{vhost}")


def test_variables_from_the_environment_win(compose) -> None:
    mine = load(environ={"BASE_DOMAIN": "school.test", "SECRET_KEY": "k" * 64})
    web = mine["services"]["web"]["environment"]
    assert web["BASE_DOMAIN"] == "school.test"
    assert web["ALLOWED_HOSTS"] == "school.test,.school.test"
    assert web["SECRET_KEY"] == "k" * 64
    assert not any("${" in shlex.join(map(str, s.get("command", []))) for s in compose["services"].values())
