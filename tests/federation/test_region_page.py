"""A region's page in the federal operator's console: hosts, rename, suspend with a reason, resume."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from audit.models import AuditEntry
from tenants.models import Region
from tests import factories
from tests.federation.test_board_page import operator_client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _russian(settings) -> None:
    settings.LANGUAGE_CODE = "ru"


def text(response) -> str:
    return " ".join(response.content.decode().split())


def test_the_board_links_each_code_to_its_page_and_keeps_the_host_link() -> None:
    factories.region("RU-TA")
    page = text(operator_client().get("/regions/"))
    assert '<a href="/regions/RU-TA/">RU-TA</a>' in page and 'href="http://ta.' in page


def test_the_page_names_the_region_its_hosts_and_its_actions() -> None:
    factories.region("RU-TA")
    page = text(operator_client().get("/regions/RU-TA/"))
    assert "RU-TA Республика Татарстан" in page and ">ta." in page
    assert "Синхронизация каталога" in page
    assert "Выпуск: применён / последний: 0 / 0 · Отставание: 0 · Актуален" in page
    assert "Переименовать" in page and "Приостановить регион" in page
    assert "Возобновить работу региона" not in page


def test_rename_and_its_refusal_in_russian() -> None:
    factories.region("RU-TA")
    client = operator_client()
    response = client.post("/regions/RU-TA/", {"action": "rename", "name": "Татарстан"}, follow=True)
    assert "Регион переименован." in text(response)
    assert Region.objects.get(code="RU-TA").name == "Татарстан"
    page = text(client.post("/regions/RU-TA/", {"action": "rename", "name": ""}))
    assert "Обязательное поле." in page and 'id="id_name_error"' in page
    assert Region.objects.get(code="RU-TA").name == "Татарстан"


def test_suspend_asks_first_naming_the_consequence_then_the_host_shows_the_reason() -> None:
    region = factories.region("RU-TA")
    client = operator_client()
    asked = text(client.post("/regions/RU-TA/", {"action": "suspend", "reason": "Плановые работы"}))
    assert "Все пользователи региона Республика Татарстан увидят страницу" in asked
    assert "«Плановые работы»" in asked and 'name="confirmed" value="yes"' in asked
    assert Region.objects.get(code="RU-TA").status == "active"  # nothing before the confirmation

    done = client.post(
        "/regions/RU-TA/", {"action": "suspend", "reason": "Плановые работы", "confirmed": "yes"}, follow=True
    )
    assert "Работа региона приостановлена." in text(done) and "Причина: Плановые работы" in text(done)
    assert AuditEntry.objects.filter(action="region.suspended", region_code="RU-TA").count() == 1

    refused = Client(HTTP_HOST=factories.host(region)).get("/")
    assert refused.status_code == 503 and "Причина: Плановые работы" in text(refused)

    resumed = client.post("/regions/RU-TA/", {"action": "resume"}, follow=True)
    assert "Работа региона возобновлена." in text(resumed)
    assert Region.objects.get(code="RU-TA").suspension_reason == ""


def test_suspend_without_a_reason_is_refused_inline() -> None:
    factories.region("RU-TA")
    page = text(operator_client().post("/regions/RU-TA/", {"action": "suspend", "reason": " "}))
    assert "Обязательное поле." in page and 'id="id_reason_error"' in page
    assert Region.objects.get(code="RU-TA").status == "active"


@pytest.mark.parametrize("codes", [["RU-TA"], ["RU-TA", "RU-MOS", "RU-KGD"]])
def test_the_page_answers_in_a_constant_number_of_queries(codes: list[str]) -> None:
    for code in codes:
        factories.region(code)
    client = operator_client()
    client.get("/regions/RU-TA/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/regions/RU-TA/").status_code == 200
    # session, user, the region with its primary host (selectors.get_region), its sync place
    # (4, federation.selectors.region_sync_rows), all its hosts
    assert len(queries) == 9, "\n".join(q["sql"][:150] for q in queries)


def test_only_federal_operators_and_unknown_codes_are_404() -> None:
    region = factories.region("RU-TA")
    factories.region_user(region, "boss@ta.example", Role.REGION_ADMIN)
    anonymous = Client(HTTP_HOST=factories.host(None))
    assert anonymous.get("/regions/RU-TA/")["Location"].startswith("/login/?next=/regions/RU-TA/")
    assert anonymous.post("/regions/RU-TA/", {"action": "resume"}).status_code == 302
    assert operator_client().get("/regions/RU-XX/").status_code == 404
    assert Region.objects.get(code="RU-TA").status == "active"

