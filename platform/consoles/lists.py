"""Lists on console pages: sorting by an allowed column, filtering through a form, pages.

A list view parses its query string once with `list_params` and hands the result to
the template, whose partials (consoles/_sort_header.html via the `sort_header` tag,
consoles/_pagination.html) build links that keep the other parameters.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict

PER_PAGE = 50


@dataclass(frozen=True)
class ListParams:
    """The list's sort column (one of the allowed ones), its direction, and the query string."""

    sort: str
    descending: bool
    query: QueryDict

    @property
    def order(self) -> str:
        return f"-{self.sort}" if self.descending else self.sort


def list_params(request: HttpRequest, *, allowed: Sequence[str], default: str) -> ListParams:
    """The `sort` parameter (`code`, `-lag`) if it names an allowed column, else `default`."""
    value = request.GET.get("sort", default)
    column = value.removeprefix("-")
    if column not in allowed:
        value, column = default, default.removeprefix("-")
    return ListParams(sort=column, descending=value.startswith("-"), query=request.GET.copy())


def sort_items(items: QuerySet | Iterable[Any], params: ListParams) -> QuerySet | list[Any]:
    """A queryset ordered by the chosen column, or a list of rows sorted by that attribute.

    None sorts last either way.
    """
    if isinstance(items, QuerySet):
        return items.order_by(params.order)
    key = attrgetter(params.sort)
    present = [item for item in items if key(item) is not None]
    missing = [item for item in items if key(item) is None]
    return sorted(present, key=key, reverse=params.descending) + missing


def paginate(request: HttpRequest, items: QuerySet | Sequence[Any], per_page: int = PER_PAGE) -> Page:
    """The page the `page` parameter asks for; a page out of range or not a number gives the nearest."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def query_with(query: QueryDict, **changes: object) -> str:
    """The query string with `changes` applied (None removes a parameter), for links."""
    copy = query.copy()
    for name, value in changes.items():
        if value is None:
            copy.pop(name, None)
        else:
            copy[name] = str(value)
    return copy.urlencode()
