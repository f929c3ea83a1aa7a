"""Onboarding a region from the federal operator's console: the form, the live steps, the retry."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEntry
from tenants.models import OnboardingRun, OnboardingStep, Region, RunState
from tenants.services.onboarding import run_onboarding
from tests import factories
from tests.federation.test_board_page import operator_client

pytestmark = pytest.mark.django_db

FORM = {"code": "RU-TA", "name": "", "time_zone": "Europe/Moscow", "admin_email": "admin@ta.example"}


@pytest.fixture(autouse=True)
def _russian(settings) -> None:
    settings.LANGUAGE_CODE = "ru"


def text(response) -> str:
    return " ".join(response.content.decode().split())


def test_the_form_offers_every_russian_region_with_its_russian_name_where_known() -> None:
    page = text(operator_client().get("/regions/onboard/"))
    assert "Подключить регион" in page
    assert '<option value="RU-TA">RU-TA — Республика Татарстан</option>' in page
    assert '<option value="Europe/Moscow" selected>Europe/Moscow</option>' in page
    assert 'id="id_region_names" type="application/json"' in page and "data-disable-on-submit" in page


def test_starting_onboarding_records_the_run_with_the_catalogue_name_and_shows_its_steps() -> None:
    client = operator_client()
    response = client.post("/regions/onboard/", FORM)
    run = OnboardingRun.objects.get(region_code="RU-TA")
    assert response.status_code == 302 and response["Location"] == f"/regions/onboarding/{run.pk}/"
    assert run.region_name == "Республика Татарстан"
    assert run.requested_by.email == "operator@federation.example"
    assert AuditEntry.objects.filter(action="region.onboarding_requested").count() == 1

    page = text(client.get(response["Location"]))
    assert "Подключение RU-TA Республика Татарстан" in page
    assert "Создание региона" in page
    assert 'hx-trigger="every 2s"' in page and "Повторить" not in page

    run_onboarding(run.pk)  # what the worker does
    part = text(client.get(response["Location"], HTTP_HX_REQUEST="true"))
    assert part.startswith('<div id="onboarding-steps">') and "<html" not in part  # polling stops
    assert "Готов" in part and 'href="http://ta.' in part


def test_bad_input_is_refused_inline_in_russian_and_nothing_is_written() -> None:
    client = operator_client()
    page = text(client.post("/regions/onboard/", {**FORM, "admin_email": "not-an-address"}))
    assert "Введите правильный адрес электронной почты." in page
    assert 'id="id_admin_email_error"' in page
    page = text(client.post("/regions/onboard/", {**FORM, "code": "RU-XX"}))
    assert "Выберите корректный вариант." in page
    assert not OnboardingRun.objects.exists()


def test_a_code_already_taken_is_refused_next_to_the_code() -> None:
    factories.region("RU-TA")
    page = text(operator_client().post("/regions/onboard/", {**FORM, "name": "Другое название"}))
    assert "уже подключён как «Республика Татарстан»" in page
    assert 'id="id_code_error"' in page


def test_a_failed_step_shows_its_error_and_retry_resumes_the_run() -> None:
    client = operator_client()
    client.post("/regions/onboard/", FORM)
    run = OnboardingRun.objects.get(region_code="RU-TA")
    OnboardingRun.objects.filter(pk=run.pk).update(state=RunState.FAILED, error="create_region: boom")
    OnboardingStep.objects.filter(run=run, name="create_region").update(
        state=RunState.FAILED, error="OperationalError: диск заполнен", attempts=2
    )
    url = f"/regions/onboarding/{run.pk}/"

    page = text(client.get(url))
    assert "OperationalError: диск заполнен" in page and "2 попытки" in page
    assert f'action="{url}retry/"' in page and "Повторить" in page

    assert client.get(f"{url}retry/").status_code == 405
    assert client.post(f"{url}retry/")["Location"] == url
    run_onboarding(run.pk)  # the worker the retry enqueued, here and now
    assert Region.objects.get(code="RU-TA").status == "active"
    assert "Готов" in text(client.get(url))


def test_the_run_page_answers_in_a_constant_number_of_queries() -> None:
    client = operator_client()
    client.post("/regions/onboard/", FORM)
    url = f"/regions/onboarding/{OnboardingRun.objects.get().pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, HTTP_HX_REQUEST="true").status_code == 200
    assert len(queries) == 4, "\n".join(q["sql"][:150] for q in queries)  # session, user, run, steps


def test_only_federal_operators_onboard() -> None:
    factories.region("RU-MOS")
    anonymous = Client(HTTP_HOST=factories.host(None))
    assert anonymous.get("/regions/onboard/")["Location"].startswith("/login/?next=/regions/onboard/")
    assert anonymous.post("/regions/onboard/", FORM).status_code == 302
    run = OnboardingRun.objects.get(region_code="RU-MOS")
    assert anonymous.post(f"/regions/onboarding/{run.pk}/retry/").status_code == 302
    assert operator_client().get(f"/regions/onboarding/{run.pk}x/").status_code == 404
    assert OnboardingRun.objects.count() == 1
