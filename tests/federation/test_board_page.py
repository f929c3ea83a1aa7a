"""The regions board: every region in one table for federal operators, in a constant number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from schools.services import create_school
from tenants.context import in_region
from tenants.services.onboarding import onboard_region
from tests import factories

pytestmark = pytest.mark.django_db

CODES = ["RU-MOW", "RU-MOS", "RU-TA", "RU-DA", "RU-KGD", "RU-KAM"]
MORE_CODES = ["RU-AD", "RU-AL", "RU-BA", "RU-BU"]


def operator_client() -> Client:
    factories.operator()
    client = Client(HTTP_HOST=factories.host(None))
    login = {"username": "operator@federation.example", "password": factories.PASSWORD}
    response = client.post("/login/", login)
    assert response.status_code == 302
    return client


def board(client: Client, url: str = "/regions/", **headers: str) -> str:
    response = client.get(url, **headers)
    assert response.status_code == 200, response.status_code
    return " ".join(response.content.decode().split())


def test_operators_see_every_region_with_its_sync_place_and_counts_but_no_names() -> None:
    moscow = factories.region("RU-MOS")
    factories.region("RU-KGD")
    with in_region(moscow):
        create_school(region=moscow, name="Школа № 1")
    factories.region_user(moscow, "pupil@mos.example", Role.PUPIL)
    client = operator_client()

    page = board(client)

    assert "Московская область" in page and "Калининградская область" in page
    assert "Europe/Kaliningrad" in page
    mos_row = page[page.index("RU-MOS</a>"):].split("</tr>")[0]
    kgd_row = page[page.index("RU-KGD</a>"):].split("</tr>")[0]
    assert mos_row.endswith('<td class="numeric">1</td> <td class="numeric">1</td> ')  # schools, pupils
    assert kgd_row.endswith('<td class="numeric">0</td> <td class="numeric">0</td> ')
    assert "pupil@mos.example" not in page and "Школа № 1" not in page
    assert 'hx-trigger="every 5s"' in page
    assert "Ready" in mos_row


def test_htmx_polls_get_only_the_table_and_filters_and_sorting_hold() -> None:
    factories.region("RU-MOS")
    factories.region("RU-TA")
    client = operator_client()

    part = board(client, "/regions/?q=тат&sort=-code", HTTP_HX_REQUEST="true")
    everything = board(client, "/regions/?sort=-code")

    assert part.startswith('<div id="regions-board"') and "<html" not in part
    assert "Республика Татарстан" in part and "Московская область" not in part
    assert everything.index("RU-TA") < everything.index("RU-MOS")  # descending by code
    nothing = board(client, "/regions/?q=zzz")
    assert "No region matches the filter" in nothing


@pytest.mark.parametrize("count", [2, 10])
def test_the_board_answers_in_a_constant_number_of_queries(count: int) -> None:
    for code in CODES[: min(count, len(CODES))]:
        factories.region(code)
    for code in MORE_CODES[: max(0, count - len(CODES))]:
        onboard_region(
            code=code, name=f"Регион {code}", time_zone="Asia/Omsk", admin_email=f"a@{code}.example"
        )
    client = operator_client()
    client.get("/regions/")  # the session and the routing's caches warm

    with CaptureQueriesContext(connection) as queries:
        page = board(client)

    assert page.count('<th scope="row">') == count
    assert len(queries) == EXPECTED_QUERIES, "\n".join(q["sql"][:150] for q in queries)


EXPECTED_QUERIES = 12  # session, user, then the board: 10 (federation.board)


def test_only_federal_operators_open_the_board() -> None:
    region = factories.region("RU-MOS")
    factories.region_user(region, "boss@mos.example", Role.REGION_ADMIN)
    anonymous = Client(HTTP_HOST=factories.host(None))
    response = anonymous.get("/regions/")
    assert response.status_code == 302 and response["Location"].startswith("/login/?next=/regions/")
    assert anonymous.get("/regions/", HTTP_HX_REQUEST="true")["HX-Redirect"].startswith("/login/")

    region_admin = Client(HTTP_HOST=factories.host(region))
    region_admin.post("/login/", {"username": "boss@mos.example", "password": factories.PASSWORD})
    assert region_admin.get("/regions/").status_code == 404  # no such page on a region host


def test_the_operators_home_links_to_the_board() -> None:
    assert 'href="/regions/"' in board(operator_client(), "/")
