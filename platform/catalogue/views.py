"""The catalogue page: search and browse what the region serves (catalogue.selectors decides what)."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from access import fetch
from catalogue.selectors import capped_count, find_items
from myschool.region_pages import parameters, region_page
from shared_library.models import ItemKind

PAGE_SIZE = 20


class CatalogueQuery(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *ItemKind.choices]
    )
    subject = forms.CharField(label=_("Subject"), required=False, max_length=64)
    grade = forms.TypedChoiceField(
        label=_("Grade"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any grade")), *((n, n) for n in range(1, 12))],
    )
    page = forms.IntegerField(required=False, min_value=1)


@region_page
def items(request: HttpRequest) -> HttpResponse:
    fetch.require_catalogue_reader(request.user)
    query = parameters(CatalogueQuery, request.GET)
    number = query.pop("page") or 1
    found = find_items(region=request.region, **{k: v for k, v in query.items() if v not in ("", None)})
    count, more = capped_count(found)
    rows = list(found[(number - 1) * PAGE_SIZE : number * PAGE_SIZE + 1])
    kinds = dict(ItemKind.choices)
    for item in rows:
        item.kind_label = kinds.get(item.kind, item.kind)
    context = {
        "region": request.region,
        "form": CatalogueQuery(request.GET),
        "items": rows[:PAGE_SIZE],
        "count": count,
        "more": more,
        "previous": page_link(request, number - 1) if number > 1 else None,
        "next": page_link(request, number + 1) if len(rows) > PAGE_SIZE else None,
    }
    return render(request, "catalogue/items.html", context)


def page_link(request: HttpRequest, number: int) -> str:
    """This page's query string with another page number."""
    query = request.GET.copy()
    query["page"] = str(number)
    return f"?{query.urlencode()}"
