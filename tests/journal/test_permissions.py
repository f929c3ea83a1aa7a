"""Who may write (and read) the journal through the API, role by role, and from where."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts.models import ApiToken, Role
from journal.services import record_mark
from tenants.context import in_federation, in_region
from tests import factories
from tests.journal.conftest import journal_rows, other_school_admin, region_admin

pytestmark = pytest.mark.django_db

WRITES_A_LESSON = {
    "ivanova": 201,  # teaches maths in 5А
    "director": 201,  # administers this school
    "boss": 201,  # region admin
    "petrova": 404,  # teaches 5Б only: 5А's lessons do not exist for her
    "head2": 404,  # administers another school
    "popov": 404,  # a pupil of 5Б
    "sidorov": 403,  # a pupil of 5А reads his lessons, never writes them
    "sidorova": 403,  # his parent likewise
}


@pytest.fixture
def cast(world):
    region_admin(world)
    other_school_admin(world)
    return world


def lesson_writes(world, lesson):
    """(method, url, body) of every write on one lesson's journal, with a valid body."""
    sidorov = world.people["sidorov"].pk
    return [
        ("post", f"/api/v1/lessons/{lesson.pk}/marks/", {"pupil": sidorov, "value": "5", "kind": "answer"}),
        ("put", f"/api/v1/lessons/{lesson.pk}/attendance/", [{"pupil": sidorov, "status": "absent"}]),
        ("post", f"/api/v1/lessons/{lesson.pk}/homework/", {"text": "№ 1", "due_on": "2026-11-25"}),
    ]


def test_who_writes_a_lessons_journal(cast, maths, api) -> None:
    for who, expected in WRITES_A_LESSON.items():
        client = api.as_(who)
        for method, url, body in lesson_writes(cast, maths):
            before = journal_rows()
            response = getattr(client, method)(url, body, format="json")
            ok = 200 if method == "put" else 201
            assert response.status_code == (ok if expected == 201 else expected), (who, url, response.json())
            if expected != 201:
                assert journal_rows() == before, (who, url)


def test_a_colleague_reading_the_class_may_not_write_its_maths(cast, maths, api) -> None:
    cast.assign("petrova", "Физическая культура", "5А")
    client = api.as_("petrova")
    before = journal_rows()
    for method, url, body in lesson_writes(cast, maths):
        response = getattr(client, method)(url, body, format="json")
        assert response.status_code == 403, url
        assert response.json()["error"]["code"] == "forbidden"
    assert journal_rows() == before


def test_who_changes_deletes_and_reads_a_mark(cast, maths, api) -> None:
    mark = record_mark(
        region=cast.region,
        lesson=maths,
        pupil=cast.people["sidorov"],
        value="3",
        kind="answer",
        actor=cast.teacher("ivanova"),
    )
    url = f"/api/v1/marks/{mark.pk}/"
    writers = {**WRITES_A_LESSON, "ivanova": 200, "director": 200, "boss": 200}
    for who, status in writers.items():
        response = api.as_(who).patch(url, {"comment": f"seen by {who}"}, format="json")
        assert response.status_code == status, (who, response.json())
        if status != 200:
            assert api.as_(who).delete(url).status_code == status, who
    mark.refresh_from_db()
    assert mark.comment == "seen by boss" and mark.deleted_at is None

    assert api.as_("ivanova").delete(url).status_code == 204
    readers = {who: api.as_(who).get(f"{url}history/") for who in writers}
    # the pupil and his parent read his mark's history; a classmate does not
    assert {who: r.status_code for who, r in readers.items()} == {
        "ivanova": 200,
        "director": 200,
        "boss": 200,
        "petrova": 404,
        "head2": 404,
        "popov": 404,
        "sidorov": 200,
        "sidorova": 200,
    }
    assert api.as_("kuznetsova").get(f"{url}history/").status_code == 404
    rows = readers["sidorov"].json()["results"]
    assert [(r["old"] and r["old"]["comment"], r["new"] and r["new"]["comment"]) for r in rows] == [
        (None, ""),
        ("", "seen by ivanova"),
        ("seen by ivanova", "seen by director"),
        ("seen by director", "seen by boss"),
        ("seen by boss", None),
    ]
    assert rows[-1]["changed_by"]["full_name"] == "Ivanova"


def test_who_reads_the_journal(cast, maths, api) -> None:
    query = {
        "class_group": cast.group("5А").pk,
        "subject": cast.subject("Математика").pk,
        "period": cast.year.periods.get(scheme="quarters", number=2).pk,
    }
    statuses = {who: api.as_(who).get("/api/v1/journal/", query).status_code for who in WRITES_A_LESSON}
    assert statuses == {
        "ivanova": 200,
        "director": 200,
        "boss": 200,
        "petrova": 404,
        "head2": 404,
        "popov": 404,
        "sidorov": 404,
        "sidorova": 404,
    }


def test_a_token_of_another_region_and_the_federation_host_reach_nothing(cast, maths, api) -> None:
    with in_federation():
        mow = factories.region("RU-MOW")
    stranger = factories.region_user(mow, "ivanova@school.example", Role.REGION_ADMIN)
    with in_region(mow):
        token = ApiToken.objects.create(user=stranger).key
    foreign = APIClient(HTTP_HOST=factories.host(cast.region))
    foreign.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    federation = api.as_("ivanova")
    federation.defaults["HTTP_HOST"] = factories.host(None)
    before = journal_rows()
    for method, url, body in lesson_writes(cast, maths):
        assert getattr(foreign, method)(url, body, format="json").status_code == 401, url
        assert getattr(federation, method)(url, body, format="json").status_code == 404, url
    journal = f"/api/v1/journal/?class_group={cast.group('5А').pk}&subject={maths.subject_id}"
    assert foreign.get(journal).status_code == 401
    assert federation.get(journal).status_code == 404
    assert APIClient(HTTP_HOST=factories.host(cast.region)).get(journal).status_code == 401  # anonymous
    assert journal_rows() == before
