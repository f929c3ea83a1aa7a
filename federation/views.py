"""Pages of the federal operator's console, on the federation host."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from consoles.lists import list_params, sort_items
from consoles.pages import federal_operator_page, render_page
from federation.board import regions_board
from federation.forms import RegionsFilter

SORTABLE = ("code", "name", "status", "lag", "schools", "pupils")
POLL_SECONDS = 5


@federal_operator_page
def regions(request: HttpRequest) -> HttpResponse:
    """The regions board: every region in one table, refreshed by htmx every few seconds."""
    params = list_params(request, allowed=SORTABLE, default="code")
    form = RegionsFilter(request.GET or None)
    rows = form.apply(regions_board()) if form.is_valid() else regions_board()
    context = {
        "rows": sort_items(rows, params), "params": params, "form": form, "now": timezone.now(),
        "poll_seconds": POLL_SECONDS, "filtered": form.is_bound and form.is_valid() and form.has_filter(),
    }
    return render_page(request, "federation/regions.html", "federation/_regions_table.html", context)
