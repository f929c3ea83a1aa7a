"""Input and output shapes of the catalogue API. Visibility and validation live in selectors and services."""

from __future__ import annotations

from rest_framework import serializers

from myschool.serializers import RegionDateTimeField
from shared_library.models import ItemKind


class CatalogueFilter(serializers.Serializer):
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        default="",
        help_text='Words to search for (web-search syntax: "a phrase", -word, or), in Russian morphology',
    )
    kind = serializers.ChoiceField(choices=ItemKind.choices, required=False, default="")
    subject = serializers.CharField(required=False, allow_blank=True, max_length=64, default="")
    grade = serializers.IntegerField(required=False, min_value=1, max_value=11)
    collection = serializers.UUIDField(required=False)
    hidden = serializers.BooleanField(
        required=False, default=False, help_text="Region admins: list the items the region hides instead"
    )


class ItemDescriptionOutput(serializers.Serializer):
    """What the library says of an item's version: a catalogue item's and a material's content share it."""

    title = serializers.CharField()
    description = serializers.CharField()
    subjects = serializers.ListField(child=serializers.CharField())
    grades = serializers.ListField(child=serializers.IntegerField())
    topics = serializers.ListField(child=serializers.CharField())
    language = serializers.CharField()
    author_organisation = serializers.CharField()
    licence = serializers.CharField()


class CatalogueItemOutput(ItemDescriptionOutput):
    id = serializers.UUIDField(source="item_id")
    kind = serializers.CharField()
    version = serializers.IntegerField(source="version_number")
    collections = serializers.ListField(child=serializers.UUIDField())


class HiddenItemOutput(CatalogueItemOutput):
    hidden_note = serializers.CharField()
    hidden_at = RegionDateTimeField()


class HiddenOutput(serializers.Serializer):
    note = serializers.CharField()
    hidden_at = RegionDateTimeField()


class CatalogueItemDetailOutput(CatalogueItemOutput):
    """The current version's metadata and manifest; `hidden` only for region admins, of hidden items."""

    version_id = serializers.UUIDField()
    manifest = serializers.JSONField()
    checksum = serializers.CharField()
    hidden = HiddenOutput(allow_null=True, required=False)


class HideInput(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class CollectionOutput(serializers.Serializer):
    id = serializers.UUIDField()
    slug = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    chosen = serializers.BooleanField(help_text="Whether the region receives this collection")
    items = serializers.IntegerField(
        help_text="Its items in the region's catalogue, not withdrawn nor hidden"
    )


class CollectionChoiceInput(serializers.Serializer):
    all = serializers.BooleanField(help_text="Receive every collection (then give no `collections`)")
    collections = serializers.ListField(child=serializers.UUIDField(), required=False, default=list)


class CollectionChoiceOutput(serializers.Serializer):
    all = serializers.BooleanField()
    collections = serializers.ListField(child=serializers.UUIDField())


class MaterialInput(serializers.Serializer):
    item = serializers.CharField(help_text="Id of a catalogue item the region serves")


class MaterialContentOutput(ItemDescriptionOutput):
    """The pinned version as the library keeps it (immutable)."""

    manifest = serializers.JSONField()
    checksum = serializers.CharField()


class MaterialOutput(serializers.Serializer):
    """A material as given: the pinned version; when withdrawn, a notice and no content."""

    id = serializers.IntegerField()
    item = serializers.UUIDField(source="item_id")
    version_id = serializers.UUIDField()
    version = serializers.IntegerField(source="version_number")
    title = serializers.CharField()
    kind = serializers.CharField(allow_null=True)
    attached_at = RegionDateTimeField()
    withdrawn = serializers.BooleanField()
    notice = serializers.CharField()
    content = MaterialContentOutput(allow_null=True)
