"""Input and output shapes of the library APIs. Validation of meaning lives in the services.

Inputs accept loosely typed values so that the services can name every bad
field at once (manifest fields by path, e.g. `manifest.parts[0].media[1].sha256`).
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from myschool.serializers import RegionDateTimeField
from shared_library.models import Collection, ItemKind, ItemVersion, LibraryItem, VersionState
from shared_library.subjects import SUBJECTS, subject_name

KINDS = ", ".join(ItemKind.values)


class ManifestMediaDoc(serializers.Serializer):
    url = serializers.URLField(help_text="https:// address of the file in object storage")
    sha256 = serializers.CharField(help_text="SHA-256 of the file, 64 hexadecimal digits")
    size = serializers.IntegerField(min_value=1, help_text="Size in bytes")
    mime = serializers.CharField(help_text="Media type, e.g. video/mp4")


class ManifestPartDoc(serializers.Serializer):
    title = serializers.CharField()
    media = ManifestMediaDoc(many=True)


class ManifestDoc(serializers.Serializer):
    parts = ManifestPartDoc(many=True)


@extend_schema_field(ManifestDoc)
class ManifestField(serializers.JSONField):
    """The manifest as JSON; its shape is checked by the services, naming each bad field by path."""


class ContentInput(serializers.Serializer):
    """A version's content. Every field is optional when changing a version (PATCH, new version)."""

    title = serializers.CharField(allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)
    subjects = serializers.ListField(child=serializers.CharField(), allow_empty=True,
                                     help_text="Federal subject codes (GET /api/v1/library/subjects/)")
    grades = serializers.ListField(child=serializers.IntegerField(), allow_empty=True, help_text="1–11")
    topics = serializers.ListField(child=serializers.CharField(allow_blank=True), required=False)
    language = serializers.CharField(required=False, help_text="ISO 639 code; default ru")
    author_organisation = serializers.CharField(allow_blank=True)
    licence = serializers.CharField(allow_blank=True, help_text="e.g. CC BY 4.0")
    manifest = ManifestField()


class ItemInput(ContentInput):
    kind = serializers.CharField(allow_blank=True, help_text=KINDS)


class NoteInput(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReturnInput(serializers.Serializer):
    note = serializers.CharField(allow_blank=True, help_text="What must change")


class WithdrawInput(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, help_text="e.g. a court decision")


class SearchFilter(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, default="",
                              help_text='Words in any form; "a phrase", -excluded, or')
    kind = serializers.ChoiceField(ItemKind.choices, required=False)
    subject = serializers.ChoiceField(list(SUBJECTS), required=False)
    grade = serializers.IntegerField(min_value=1, max_value=11, required=False)
    collection = serializers.UUIDField(required=False)
    state = serializers.ChoiceField([*VersionState.values, "any"], required=False,
                                    default=VersionState.PUBLISHED,
                                    help_text="Versions in this state; default published (what regions get)")
    withdrawn = serializers.ChoiceField(["exclude", "only", "include"], required=False, default="exclude")
    region = serializers.CharField(required=False, default="", help_text="Contributed by this region (code)")

    def selector_arguments(self) -> dict:
        data = dict(self.validated_data)
        data["state"] = None if data["state"] == "any" else data["state"]
        data["withdrawn"] = {"exclude": False, "only": True, "include": None}[data["withdrawn"]]
        data["origin_region_code"] = data.pop("region").strip().upper()
        return data


class ItemIdsInput(serializers.Serializer):
    items = serializers.ListField(child=serializers.CharField(), help_text="Library item ids")


class CollectionInput(serializers.Serializer):
    slug = serializers.CharField(allow_blank=True, help_text="e.g. physics-labs-7-9")
    title = serializers.CharField(allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True, default="")


class LibrarySubjectOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


def subjects_output() -> list[dict]:
    return [{"code": code, "name": subject_name(code)} for code in SUBJECTS]


class CollectionRefOutput(serializers.ModelSerializer):
    class Meta:
        model = Collection
        fields = ["id", "slug", "title"]


class CollectionOutput(serializers.ModelSerializer):
    item_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Collection
        fields = ["id", "slug", "title", "description", "item_count", "created_at"]


class WithdrawalOutput(serializers.Serializer):
    reason = serializers.CharField()
    withdrawn_by = serializers.CharField()
    withdrawn_at = serializers.DateTimeField()


class VersionOutput(serializers.ModelSerializer):
    manifest = ManifestField()

    class Meta:
        model = ItemVersion
        fields = ["number", "state", "title", "description", "subjects", "grades", "topics", "language",
                  "author_organisation", "licence", "manifest", "checksum", "review_note", "created_by",
                  "edited_by", "reviewed_by", "created_at", "submitted_at", "reviewed_at", "published_at"]


class ItemOutput(serializers.ModelSerializer):
    published_version = serializers.IntegerField(source="published_version.number", allow_null=True,
                                                 default=None)
    withdrawal = serializers.SerializerMethodField()
    collections = CollectionRefOutput(many=True)
    versions = VersionOutput(many=True)

    class Meta:
        model = LibraryItem
        fields = ["id", "kind", "origin_region_code", "created_by", "created_at", "published_version",
                  "release_pending", "withdrawal", "collections", "versions"]

    @extend_schema_field(WithdrawalOutput(allow_null=True))
    def get_withdrawal(self, item: LibraryItem) -> dict | None:
        withdrawal = getattr(item, "withdrawal", None)
        return WithdrawalOutput(withdrawal).data if withdrawal else None


class ItemRefOutput(serializers.Serializer):
    id = serializers.UUIDField()
    kind = serializers.CharField()
    origin_region_code = serializers.CharField()
    withdrawn = serializers.SerializerMethodField()

    def get_withdrawn(self, item: LibraryItem) -> bool:
        return getattr(item, "withdrawal", None) is not None


class SearchResultOutput(serializers.ModelSerializer):
    """One version found, with its item; `rank` only when searching by text."""

    item = ItemRefOutput()
    rank = serializers.FloatField(required=False)

    class Meta:
        model = ItemVersion
        fields = ["item", "number", "state", "title", "description", "subjects", "grades", "topics",
                  "language", "author_organisation", "published_at", "rank"]


class ChangedOutput(serializers.Serializer):
    changed = serializers.IntegerField(help_text="How many items joined or left the collection")
    collection = CollectionOutput()


class ContributionVersionOutput(serializers.ModelSerializer):
    submitted_at = RegionDateTimeField(allow_null=True)
    reviewed_at = RegionDateTimeField(allow_null=True)
    published_at = RegionDateTimeField(allow_null=True)

    class Meta:
        model = ItemVersion
        fields = ["number", "state", "title", "review_note", "submitted_at", "reviewed_at", "published_at"]


class ContributionOutput(serializers.ModelSerializer):
    """A region's contribution as the region sees it: where it is in federal moderation."""

    status = serializers.SerializerMethodField(
        help_text="draft (returned for changes: see review_note) | in_review | approved | published | "
                  "withdrawn"
    )
    title = serializers.SerializerMethodField()
    review_note = serializers.SerializerMethodField()
    published_version = serializers.IntegerField(source="published_version.number", allow_null=True,
                                                 default=None)
    withdrawn_reason = serializers.SerializerMethodField()
    created_at = RegionDateTimeField()
    versions = ContributionVersionOutput(many=True)

    class Meta:
        model = LibraryItem
        fields = ["id", "kind", "title", "status", "review_note", "published_version", "withdrawn_reason",
                  "created_by", "created_at", "versions"]

    @staticmethod
    def latest(item: LibraryItem) -> ItemVersion:
        return list(item.versions.all())[-1]

    def get_status(self, item: LibraryItem) -> str:
        if getattr(item, "withdrawal", None) is not None:
            return "withdrawn"
        return self.latest(item).state

    def get_title(self, item: LibraryItem) -> str:
        return self.latest(item).title

    def get_review_note(self, item: LibraryItem) -> str:
        return self.latest(item).review_note

    def get_withdrawn_reason(self, item: LibraryItem) -> str:
        withdrawal = getattr(item, "withdrawal", None)
        return withdrawal.reason if withdrawal else ""
