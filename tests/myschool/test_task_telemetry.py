"""Task outcomes on /metrics, and task log lines that follow the request that queued them."""

from __future__ import annotations

import time
import uuid

import pytest
from rest_framework.test import APIClient

from accounts.models import ApiToken
from tenants.services import onboarding
from tenants.tasks import run_onboarding_task
from tests import factories
from tests.myschool.logcapture import json_lines
from tests.myschool.scraping import FEDERATION, scrape, value

TASK = "tenants.tasks.run_onboarding_task"
TASKS = "myschool_celery_tasks_total"
MOS = {"code": "RU-MOS", "name": "Московская область", "timezone": "Europe/Moscow",
       "admin_email": "admin@mos.example"}


def outcomes(client) -> dict[str, float]:
    samples = scrape(client)
    return {outcome: value(samples, TASKS, task=TASK, outcome=outcome)
            for outcome in ("success", "failure", "retry")}


@pytest.mark.usefixtures("celery_worker")
def test_a_task_run_by_the_worker_is_counted_and_logs_the_region_and_request(client) -> None:
    api = APIClient(HTTP_HOST=FEDERATION)
    api.credentials(HTTP_AUTHORIZATION=f"Token {ApiToken.objects.create(user=factories.operator()).key}")
    before = outcomes(client)

    with json_lines() as lines:
        response = api.post("/api/v1/onboardings/", MOS, format="json",
                            headers={"X-Request-ID": "operator-click-0042"})
        assert response.status_code == 202
        deadline = time.monotonic() + 60
        while api.get(response["Location"]).json()["state"] not in {"done", "failed"}:
            assert time.monotonic() < deadline, "onboarding did not finish"
            time.sleep(0.2)
        # The worker counts the outcome just after the run's state is saved.
        while outcomes(client)["success"] == before["success"] and time.monotonic() < deadline:
            time.sleep(0.1)
        after = outcomes(client)

    assert api.get(response["Location"]).json()["state"] == "done"
    assert after == {**before, "success": before["success"] + 1}
    [built] = [line for line in lines.all() if "built from" in line["message"]]
    assert built["region"] == "RU-MOS"
    assert built["request_id"] == "operator-click-0042"  # the request that queued the task


@pytest.mark.django_db
def test_a_failed_task_is_counted_as_failure(client) -> None:
    before = outcomes(client)

    result = run_onboarding_task.apply(args=[str(uuid.uuid4()), "RU-MOS"])

    assert result.failed()
    assert outcomes(client) == {**before, "failure": before["failure"] + 1}


@pytest.mark.django_db
def test_a_retried_step_is_counted_as_retry(client, monkeypatch) -> None:
    def mail_server_down(run: object) -> None:
        raise ConnectionError("mail server down")

    monkeypatch.setitem(onboarding.STEPS, "create_admin", mail_server_down)
    run, _created = onboarding.request_onboarding(
        code="RU-MOS", name="Московская область", time_zone="Europe/Moscow",
        admin_email="a@mos.example",
    )
    before = outcomes(client)

    run_onboarding_task.apply(args=[str(run.pk), "RU-MOS"])

    after = outcomes(client)
    assert after["retry"] > before["retry"]
    assert after["success"] == before["success"]
