"""Region API: the library catalogue, the region admin's say over it, and materials given with homework
and lessons.

Thin views: parse input, check who may through access.fetch, call one selector
or service, render. What the region serves is decided in catalogue.selectors.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from access import fetch, scope
from catalogue import selectors, services
from catalogue.api.pagination import CappedCountPagination, page
from catalogue.api.serializers import (
    CatalogueFilter,
    CatalogueItemDetailOutput,
    CatalogueItemOutput,
    CollectionChoiceInput,
    CollectionChoiceOutput,
    CollectionOutput,
    HiddenItemOutput,
    HideInput,
    MaterialInput,
    MaterialOutput,
)
from catalogue.models import Material
from journal.models import Homework
from myschool.errors import NotFound
from myschool.region_api import RegionApiView
from schedule.models import Lesson
from tenants.models import Region

ITEM_ID = OpenApiParameter("item_id", str, OpenApiParameter.PATH, description="The library item's id (UUID)")


class CatalogueListApi(RegionApiView):
    """Browse and search what the region serves; region admins list hidden items with ?hidden=true."""

    pagination_class = CappedCountPagination

    @extend_schema(parameters=[CatalogueFilter], responses=CatalogueItemOutput(many=True))
    def get(self, request: Request) -> Response:
        fetch.require_catalogue_reader(request.user)
        params = CatalogueFilter(data=request.query_params)
        params.is_valid(raise_exception=True)
        filters = dict(params.validated_data)
        context = {"region": self.region}
        if filters.pop("hidden"):
            fetch.require_catalogue_curator(request.user)
            items = selectors.hidden_items(region=self.region)
            return page(
                request, self, items, lambda rows: HiddenItemOutput(rows, many=True, context=context).data
            )
        items = selectors.find_items(region=self.region, **filters)
        return page(request, self, items, lambda rows: CatalogueItemOutput(rows, many=True).data)


class CatalogueItemApi(RegionApiView):
    """One item the region serves: its current version's metadata and manifest.

    Region admins also reach the items they hid (with `hidden`: note and when).
    """

    @extend_schema(parameters=[ITEM_ID], responses=CatalogueItemDetailOutput)
    def get(self, request: Request, item_id: str) -> Response:
        fetch.require_catalogue_reader(request.user)
        return item_detail(request, self.region, item_id)


class HideItemApi(RegionApiView):
    """Region admin: stop serving an item in this region, with a note; later releases keep it hidden."""

    @extend_schema(parameters=[ITEM_ID], request=HideInput, responses=CatalogueItemDetailOutput)
    def post(self, request: Request, item_id: str) -> Response:
        data = HideInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.hide_item(
            region=self.region, item_id=item_id, note=data.validated_data["note"], actor=request.user
        )
        return item_detail(request, self.region, item_id)


def item_detail(request: Request, region: Region, item_id: str) -> Response:
    curator = scope.may_curate_catalogue(request.user)
    item = selectors.visible_item(region=region, item_id=item_id, with_hidden=curator)
    hidden = selectors.hidden_entry(region=region, item_id=item.item_id) if curator else None
    item.hidden = hidden and {"note": hidden.note, "hidden_at": hidden.hidden_at}
    return Response(CatalogueItemDetailOutput(item, context={"region": region}).data)


class UnhideItemApi(RegionApiView):
    """Region admin: serve a hidden item again."""

    @extend_schema(parameters=[ITEM_ID], request=None, responses={204: None})
    def post(self, request: Request, item_id: str) -> Response:
        services.unhide_item(region=self.region, item_id=item_id, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CollectionListApi(RegionApiView):
    """The library's collections: whether the region receives each, and its items in the region."""

    @extend_schema(responses=CollectionOutput(many=True))
    def get(self, request: Request) -> Response:
        fetch.require_catalogue_reader(request.user)
        return self.paginated(selectors.collections_overview(region=self.region), CollectionOutput)


class CollectionChoiceApi(RegionApiView):
    """Which collections the region receives: all, or a list. Region admins change it."""

    @extend_schema(responses=CollectionChoiceOutput)
    def get(self, request: Request) -> Response:
        fetch.require_catalogue_reader(request.user)
        return Response(CollectionChoiceOutput(selectors.collection_choice(region=self.region)).data)

    @extend_schema(request=CollectionChoiceInput, responses=CollectionChoiceOutput)
    def put(self, request: Request) -> Response:
        data = CollectionChoiceInput(data=request.data)
        data.is_valid(raise_exception=True)
        choice = services.choose_collections(
            region=self.region,
            all_collections=data.validated_data["all"],
            collection_ids=data.validated_data["collections"],
            actor=request.user,
        )
        return Response(CollectionChoiceOutput(choice).data)


Target = dict[str, Homework] | dict[str, Lesson]


def materials_page(view: RegionApiView, target: Target) -> Response:
    """The target's materials with their pinned content: one query whatever their number."""
    return view.paginated(_materials(view.region, target), MaterialOutput)


def attach(view: RegionApiView, request: Request, target: Target) -> Response:
    data = MaterialInput(data=request.data)
    data.is_valid(raise_exception=True)
    material = services.attach_material(
        region=view.region, item_id=data.validated_data["item"], actor=request.user, **target
    )
    row = next(row for row in _materials(view.region, target) if row["id"] == material.pk)
    return Response(MaterialOutput(row, context={"region": view.region}).data, status=status.HTTP_201_CREATED)


def detach(view: RegionApiView, request: Request, target: Target, material: int) -> Response:
    given = Material.objects.filter(pk=material, **target).first()
    if given is None:
        raise NotFound(_("No material %(id)s here.") % {"id": material})
    services.detach_material(region=view.region, material=given, actor=request.user)
    return Response(status=status.HTTP_204_NO_CONTENT)


def _materials(region: Region, target: Target) -> list[dict[str, Any]]:
    if "homework" in target:
        return selectors.materials_for(region=region, homework_ids=[target["homework"].pk], content=True)
    return selectors.materials_for(region=region, lesson_ids=[target["lesson"].pk], content=True)


class HomeworkMaterialsApi(RegionApiView):
    """Catalogue items given with homework: read them (whoever reads the homework), or give one
    (whoever may write the lesson's journal), pinned to the version given."""

    @extend_schema(responses=MaterialOutput(many=True))
    def get(self, request: Request, pk: int) -> Response:
        return materials_page(self, {"homework": fetch.get_homework_for_user(request.user, pk)})

    @extend_schema(request=MaterialInput, responses={201: MaterialOutput})
    def post(self, request: Request, pk: int) -> Response:
        return attach(self, request, {"homework": fetch.get_homework_for_user(request.user, pk)})


class HomeworkMaterialApi(RegionApiView):
    """Take a material back from homework (whoever may write the lesson's journal)."""

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int, material: int) -> Response:
        return detach(self, request, {"homework": fetch.get_homework_for_user(request.user, pk)}, material)


class LessonMaterialsApi(RegionApiView):
    """Catalogue items given with a lesson: read them (whoever reads the lesson), or give one
    (whoever may write its journal), pinned to the version given."""

    @extend_schema(responses=MaterialOutput(many=True))
    def get(self, request: Request, pk: int) -> Response:
        return materials_page(self, {"lesson": fetch.get_lesson_for_user(request.user, pk)})

    @extend_schema(request=MaterialInput, responses={201: MaterialOutput})
    def post(self, request: Request, pk: int) -> Response:
        return attach(self, request, {"lesson": fetch.get_lesson_for_user(request.user, pk)})


class LessonMaterialApi(RegionApiView):
    """Take a material back from a lesson (whoever may write its journal)."""

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int, material: int) -> Response:
        return detach(self, request, {"lesson": fetch.get_lesson_for_user(request.user, pk)}, material)
