"""One person's data (152-ФЗ): the person or their parent takes it; nobody else sees it exists."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date

import pytest

from journal.services import record_mark
from tenants.context import in_region
from tests import factories
from tests.api import Api
from tests.world import classroom

pytestmark = pytest.mark.django_db


def test_a_parent_takes_their_childs_data_and_a_stranger_gets_404(client) -> None:
    world = classroom(factories.region("RU-MOS"))
    lesson = world.lesson("ivanova", "Математика", "5А", date(2026, 9, 14))
    with in_region(world.region):
        record_mark(region=world.region, lesson=lesson, pupil=world.pupil("sidorov"), value="5",
                    kind="answer", actor=world.teacher("ivanova"))
    api = Api(client, world)
    url = f"/api/v1/roster/people/{api.id('sidorov')}/personal-data/"

    response = api("sidorova", "get", url)

    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    person = json.loads(archive.read("person.json"))
    assert person["email"] == "sidorov@school.example"
    assert person["parents"] == [{"full_name": "Sidorova", "email": "sidorova@school.example"}]
    assert [c["class"] for c in person["classes"]] == ["5А"]
    marks = list(csv.reader(io.TextIOWrapper(archive.open("marks.csv"), encoding="utf-8")))
    assert marks[1][:3] == ["2026-09-14", "Математика", "5"]
    assert "152-FZ" in archive.read("README.md").decode()
    assert api("sidorov", "get", url).status_code == 200
    assert api("kuznetsova", "get", url).status_code == 404
    assert api("ivanova", "get", url).status_code == 404
