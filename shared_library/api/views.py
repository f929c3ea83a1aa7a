"""Federation API of the central library, for federal operators (on the federation host).

Any federal operator reads; writing needs a capability (shared_library.rights),
checked by the services: `edit` for items, versions and collections,
`moderate` for approving, returning, publishing and withdrawing.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer
from rest_framework.views import APIView

from myschool.pagination import LimitOffsetPagination
from shared_library import selectors
from shared_library.api.serializers import (
    ChangedOutput,
    CollectionInput,
    CollectionOutput,
    ContentInput,
    ItemIdsInput,
    ItemInput,
    ItemOutput,
    LibrarySubjectOutput,
    NoteInput,
    ReturnInput,
    SearchFilter,
    SearchResultOutput,
    VersionOutput,
    WithdrawInput,
    subjects_output,
)
from shared_library.services import collections, items, moderation
from tenants.api.permissions import IsFederalOperator


class LibraryApiView(APIView):
    permission_classes = [IsFederalOperator]
    # How `paginated` pages, and what the schema says a GET list answers (myschool.openapi).
    pagination_class: type[BasePagination] | None = LimitOffsetPagination

    def paginated(self, queryset: QuerySet, serializer: type[Serializer]) -> Response:
        """One page of `queryset` (limit/offset), serialized, with count and links."""
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(queryset, self.request, view=self)
        return paginator.get_paginated_response(serializer(page, many=True).data)


def valid(serializer: type[Serializer], data: object, **kwargs: object) -> dict:
    checked = serializer(data=data, **kwargs)
    checked.is_valid(raise_exception=True)
    return dict(checked.validated_data)


def render_item(request: Request, item_id: object, code: int = status.HTTP_200_OK) -> Response:
    body = ItemOutput(selectors.get_item(item_id)).data
    headers = {}
    if code == status.HTTP_201_CREATED:
        headers["Location"] = request.build_absolute_uri(reverse("library-item", args=[item_id]))
    return Response(body, status=code, headers=headers)


class SubjectListApi(LibraryApiView):
    """The federal subject codes items are tagged with, and their names."""

    pagination_class = None  # all of them, one list

    @extend_schema(responses=LibrarySubjectOutput(many=True))
    def get(self, request: Request) -> Response:
        return Response(LibrarySubjectOutput(subjects_output(), many=True).data)


class ItemListApi(LibraryApiView):
    """Search the library (GET), or create an item with version 1 in draft (POST, `edit`).

    By default lists what regions receive: published versions of items not
    withdrawn. `state` shows versions in another state (`any` for all),
    `withdrawn` includes or selects withdrawn items.
    """

    @extend_schema(parameters=[SearchFilter], responses=SearchResultOutput(many=True))
    def get(self, request: Request) -> Response:
        filters = SearchFilter(data=request.query_params)
        filters.is_valid(raise_exception=True)
        return self.paginated(selectors.search_versions(**filters.selector_arguments()), SearchResultOutput)

    @extend_schema(request=ItemInput, responses={201: ItemOutput})
    def post(self, request: Request) -> Response:
        item = items.create_item(actor=request.user, **valid(ItemInput, request.data))
        return render_item(request, item.pk, status.HTTP_201_CREATED)


class ItemDetailApi(LibraryApiView):
    """An item with all its versions, its withdrawal and collections."""

    @extend_schema(responses=ItemOutput)
    def get(self, request: Request, pk: str) -> Response:
        return render_item(request, pk)


class VersionCreateApi(LibraryApiView):
    """Start the item's next version in draft: the latest version's content with the fields given (`edit`)."""

    @extend_schema(request=ContentInput(partial=True), responses={201: VersionOutput})
    def post(self, request: Request, pk: str) -> Response:
        changes = valid(ContentInput, request.data, partial=True)
        version = items.create_version(item=selectors.get_item(pk), actor=request.user, **changes)
        return Response(VersionOutput(version).data, status=status.HTTP_201_CREATED)


class VersionDetailApi(LibraryApiView):
    """One version (GET); replace fields of a draft (PATCH, `edit`; refused once submitted)."""

    @extend_schema(responses=VersionOutput)
    def get(self, request: Request, pk: str, number: str) -> Response:
        return Response(VersionOutput(selectors.get_version(selectors.get_item(pk), number)).data)

    @extend_schema(request=ContentInput(partial=True), responses=VersionOutput)
    def patch(self, request: Request, pk: str, number: str) -> Response:
        changes = valid(ContentInput, request.data, partial=True)
        version = selectors.get_version(selectors.get_item(pk), number)
        version = items.edit_draft(version=version, actor=request.user, **changes)
        return Response(VersionOutput(version).data)


class VersionSubmitApi(LibraryApiView):
    """Send a draft for review (`edit`); from now on its content never changes."""

    @extend_schema(request=None, responses=VersionOutput)
    def post(self, request: Request, pk: str, number: str) -> Response:
        version = selectors.get_version(selectors.get_item(pk), number)
        return Response(VersionOutput(moderation.submit_version(version=version, actor=request.user)).data)


class VersionApproveApi(LibraryApiView):
    """Approve a version in review (`moderate`), with an optional note."""

    @extend_schema(request=NoteInput, responses=VersionOutput)
    def post(self, request: Request, pk: str, number: str) -> Response:
        note = valid(NoteInput, request.data)["note"]
        version = selectors.get_version(selectors.get_item(pk), number)
        version = moderation.approve_version(version=version, actor=request.user, note=note)
        return Response(VersionOutput(version).data)


class VersionReturnApi(LibraryApiView):
    """Return a version in review to draft with a note saying what to change (`moderate`)."""

    @extend_schema(request=ReturnInput, responses=VersionOutput)
    def post(self, request: Request, pk: str, number: str) -> Response:
        note = valid(ReturnInput, request.data)["note"]
        version = selectors.get_version(selectors.get_item(pk), number)
        version = moderation.return_for_changes(version=version, actor=request.user, note=note)
        return Response(VersionOutput(version).data)


class VersionPublishApi(LibraryApiView):
    """Publish an approved version (`moderate`); the next release brings it to every region."""

    @extend_schema(request=None, responses=VersionOutput)
    def post(self, request: Request, pk: str, number: str) -> Response:
        version = selectors.get_version(selectors.get_item(pk), number)
        return Response(VersionOutput(moderation.publish_version(version=version, actor=request.user)).data)


class ItemWithdrawApi(LibraryApiView):
    """Withdraw an item from every region, for good (`moderate`); it stops being served at once."""

    @extend_schema(request=WithdrawInput, responses=ItemOutput)
    def post(self, request: Request, pk: str) -> Response:
        reason = valid(WithdrawInput, request.data)["reason"]
        item = selectors.get_item(pk)
        moderation.withdraw_item(item=item, actor=request.user, reason=reason)
        return render_item(request, item.pk)


class CollectionListApi(LibraryApiView):
    """Collections by title (GET); create an empty one (POST, `edit`)."""

    @extend_schema(responses=CollectionOutput(many=True))
    def get(self, request: Request) -> Response:
        return self.paginated(selectors.collections(), CollectionOutput)

    @extend_schema(request=CollectionInput, responses={201: CollectionOutput})
    def post(self, request: Request) -> Response:
        collection = collections.create_collection(actor=request.user, **valid(CollectionInput, request.data))
        return Response(CollectionOutput(selectors.get_collection(collection.pk)).data,
                        status=status.HTTP_201_CREATED)


class CollectionDetailApi(LibraryApiView):
    """A collection; its items: GET /api/v1/library/items/?collection=<id>."""

    @extend_schema(responses=CollectionOutput)
    def get(self, request: Request, pk: str) -> Response:
        return Response(CollectionOutput(selectors.get_collection(pk)).data)


class CollectionAddItemsApi(LibraryApiView):
    """Put items in the collection (`edit`); published ones reach the regions with the next release."""

    change = staticmethod(collections.add_items)

    @extend_schema(request=ItemIdsInput, responses=ChangedOutput)
    def post(self, request: Request, pk: str) -> Response:
        ids = valid(ItemIdsInput, request.data)["items"]
        collection = selectors.get_collection(pk)
        changed = self.change(collection=collection, items=ids, actor=request.user)
        return Response(ChangedOutput({"changed": changed, "collection": selectors.get_collection(pk)}).data)


class CollectionRemoveItemsApi(CollectionAddItemsApi):
    """Take items out of the collection (`edit`)."""

    change = staticmethod(collections.remove_items)
