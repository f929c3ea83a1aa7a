"""The catalogue pages: search and browse what the region serves (catalogue.selectors decides what),
and one item: its versions, its media, and the homework of this region it is given with."""

from __future__ import annotations

from uuid import UUID

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from access import fetch
from catalogue import selectors
from catalogue.models import CatalogueItem
from myschool.region_pages import parameters, region_page
from shared_library.models import ItemKind
from shared_library.subjects import SUBJECTS, subject_name

PAGE_SIZE = 20


class CatalogueQuery(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *ItemKind.choices]
    )
    subject = forms.ChoiceField(label=_("Subject"), required=False)
    grade = forms.TypedChoiceField(
        label=_("Grade"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any grade")), *((n, n) for n in range(1, 12))],
    )
    page = forms.IntegerField(required=False, min_value=1)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # By name in the reader's language: the list is built per request, after the language is chosen.
        named = sorted(((code, str(name)) for code, name in SUBJECTS.items()), key=lambda pair: pair[1])
        self.fields["subject"].choices = [("", _("Any subject")), *named]


@region_page
def items(request: HttpRequest) -> HttpResponse:
    fetch.require_catalogue_reader(request.user)
    query = parameters(CatalogueQuery, request.GET)
    number = query.pop("page") or 1
    found = selectors.find_items(
        region=request.region, **{k: v for k, v in query.items() if v not in ("", None)}
    )
    count, more = selectors.capped_count(found)
    rows = list(found[(number - 1) * PAGE_SIZE : number * PAGE_SIZE + 1])
    for item in rows:
        label(item)
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


@region_page
def item(request: HttpRequest, item_id: UUID) -> HttpResponse:
    fetch.require_catalogue_reader(request.user)
    shown = label(selectors.visible_item(region=request.region, item_id=item_id))
    context = {
        "item": shown,
        "parts": media_parts(shown),
        "versions": selectors.versions_up_to(shown),
        "materials": selectors.homework_using(region=request.region, reader=request.user, item_id=item_id),
    }
    return render(request, "catalogue/item.html", context)


def media_parts(item: CatalogueItem) -> list[dict]:
    """The manifest's parts (shared_library.content), each media file with its file `name` to show."""
    def named(file: dict) -> dict:
        return {**file, "name": file["url"].rsplit("/", 1)[-1]}

    parts = (item.manifest or {}).get("parts", [])
    return [{**part, "media": [named(file) for file in part.get("media", [])]} for part in parts]


def label(item: CatalogueItem) -> CatalogueItem:
    """Give `item` its kind and subjects by name (`kind_label`, `subject_names`), for people."""
    item.kind_label = dict(ItemKind.choices).get(item.kind, item.kind)
    item.subject_names = [subject_name(code) if code in SUBJECTS else code for code in item.subjects]
    return item


def page_link(request: HttpRequest, number: int) -> str:
    """This page's query string with another page number."""
    query = request.GET.copy()
    query["page"] = str(number)
    return f"?{query.urlencode()}"
