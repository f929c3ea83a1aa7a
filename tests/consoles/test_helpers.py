"""The console pages' helpers: the confirmation step, list sorting and pages, times in a region's zone."""

from __future__ import annotations

from datetime import UTC, datetime

from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory

from consoles.confirm import confirmation, confirmed
from consoles.lists import list_params, paginate, sort_items
from consoles.templatetags.console import zone_time
from federation.board import RegionBoardRow


def post(data: dict) -> object:
    request = RequestFactory().post("/regions/ru-ta/suspend/?from=board", data)
    request.user, request.session, request.region = AnonymousUser(), SessionStore(), None
    return request


def test_the_confirmation_names_the_consequence_and_carries_the_form_over() -> None:
    first = post({"reason": "Проверка", "csrfmiddlewaretoken": "x"})

    page = " ".join(confirmation(
        first, title="Suspend RU-TA?", consequence="Its 312 schools lose access until resumed.",
        action="Suspend", cancel_url="/regions/",
    ).content.decode().split())

    assert not confirmed(first) and confirmed(post({"reason": "Проверка", "confirmed": "yes"}))
    assert '<p class="consequence">Its 312 schools lose access until resumed.</p>' in page
    assert '<form method="post" action="/regions/ru-ta/suspend/?from=board" data-disable-on-submit>' in page
    assert '<input type="hidden" name="reason" value="Проверка">' in page
    assert '<input type="hidden" name="confirmed" value="yes">' in page
    form = page[page.index('<section class="confirm"'):]
    assert form.count('name="csrfmiddlewaretoken"') == 1 and 'value="x"' not in page
    assert '<a href="/regions/">Cancel</a>' in page


def row(code: str, lag: int, pupils: int | None) -> RegionBoardRow:
    return RegionBoardRow(
        code=code, name=code, status="active", time_zone="Europe/Moscow", url=None, onboarding_state="",
        onboarding_step="", onboarding_error="", applied_sequence=0, latest_sequence=lag, lag=lag,
        sync_status="", last_error="", last_applied_at=None, schools=None, pupils=pupils,
    )


def test_lists_sort_by_an_allowed_column_only_and_pages_forgive_bad_numbers() -> None:
    rows = [row("RU-A", 2, 10), row("RU-B", 5, None), row("RU-C", 1, 30)]
    get = RequestFactory().get

    by_lag = sort_items(rows, list_params(get("/?sort=-lag"), allowed=["code", "lag"], default="code"))
    by_pupils = sort_items(rows, list_params(get("/?sort=pupils"), allowed=["pupils"], default="code"))
    unknown = list_params(get("/?sort=password"), allowed=["code", "lag"], default="-code")

    assert [r.code for r in by_lag] == ["RU-B", "RU-A", "RU-C"]
    assert [r.code for r in by_pupils] == ["RU-A", "RU-C", "RU-B"]  # no count: last
    assert (unknown.sort, unknown.descending) == ("code", True)
    assert paginate(get("/?page=zzz"), list(range(120))).number == 1
    assert paginate(get("/?page=99"), list(range(120))).number == 3


def test_times_are_shown_in_the_regions_zone_and_say_which() -> None:
    moment = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)

    assert "(Asia/Kamchatka)" in zone_time(moment, "Asia/Kamchatka")
    assert 'datetime="2026-12-03T21:00:00+12:00"' in zone_time(moment, "Asia/Kamchatka")
    assert zone_time(None, "Europe/Moscow") == ""
