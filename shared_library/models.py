"""The central library: items, their immutable versions, collections. Public schema.

Regions never point at these rows with foreign keys: their catalogues and
homework refer to items and versions by id (see `federation/` and `catalogue`).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

# PostgreSQL's text search configuration for the library and every region's catalogue.
SEARCH_CONFIG = "russian"


class ItemKind(models.TextChoices):
    VIRTUAL_LAB = "virtual_lab", _("Virtual lab")
    SELF_CHECK_TEST = "self_check_test", _("Self-check test")
    VIDEO_LESSON = "video_lesson", _("Video lesson")
    LESSON_SCENARIO = "lesson_scenario", _("Lesson scenario")
    E_TEXTBOOK = "e_textbook", _("E-textbook")
    PRESENTATION = "presentation", _("Presentation")


class VersionState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
    # A published version that a newer published version replaced.
    SUPERSEDED = "superseded", _("Superseded")


class LibraryItem(models.Model):
    """One piece of content; what it says lives in its versions."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=32, choices=ItemKind.choices)
    # "" for federal content; a region's code for an item that region contributed.
    origin_region_code = models.CharField(_("contributed by region"), max_length=6, blank=True)
    # The version regions receive; null until the first version is published.
    published_version = models.OneToOneField(
        "ItemVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Set by every change regions must hear about (a version published, a
    # withdrawal, a collection change); the next release takes and clears it.
    release_pending = models.BooleanField(default=False)
    created_by = models.CharField(_("created by"), max_length=254)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("library item")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["id"], name="item_release_pending_idx",
                         condition=models.Q(release_pending=True)),
            models.Index(fields=["origin_region_code"], name="item_origin_region_idx",
                         condition=~models.Q(origin_region_code="")),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.id}"


class ItemVersion(models.Model):
    """An immutable version of an item: metadata and a manifest of parts and media.

    Once submitted for review nothing in it changes; an update is a new version.
    Media bytes live in object storage; the manifest holds their URLs and checksums.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    item = models.ForeignKey(LibraryItem, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    subjects = ArrayField(models.CharField(max_length=64), default=list, verbose_name=_("subjects"))
    grades = ArrayField(models.PositiveSmallIntegerField(), default=list, verbose_name=_("grades"))
    topics = ArrayField(models.CharField(max_length=200), default=list, verbose_name=_("topics"))
    language = models.CharField(_("language"), max_length=8, default="ru")
    author_organisation = models.CharField(_("author organisation"), max_length=300)
    licence = models.CharField(_("licence"), max_length=100)
    manifest = models.JSONField(_("manifest"))
    # sha256 of the canonical JSON of everything above: equal checksums, equal content.
    checksum = models.CharField(max_length=64)
    # Written once, in SQL, with SEARCH_CONFIG; regions copy it instead of recomputing.
    search_vector = SearchVectorField(null=True, editable=False)
    state = models.CharField(max_length=16, choices=VersionState.choices, default=VersionState.DRAFT)
    review_note = models.TextField(_("review note"), blank=True)
    created_by = models.CharField(_("created by"), max_length=254)
    # Everyone who changed the draft after it was created, in order: authors too (four eyes).
    edited_by = ArrayField(models.CharField(max_length=254), default=list, blank=True,
                           verbose_name=_("edited by"))
    reviewed_by = models.CharField(_("reviewed by"), max_length=254, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("item version")
        ordering = ["item", "number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="item_version_unique_number"),
        ]
        indexes = [
            # fastupdate off: a search uses the index right after a bulk load, without
            # waiting for VACUUM to merge GIN's pending list (writes here are rare).
            GinIndex(fields=["search_vector"], name="item_version_search_idx", fastupdate=False),
            models.Index(fields=["state"], name="item_version_state_idx",
                         condition=models.Q(state__in=["in_review", "approved"])),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.number}"


class Withdrawal(models.Model):
    """An item taken out of every region (e.g. a legal takedown). Final.

    Small by nature, and read by every region's catalogue queries: an item
    listed here is not served anywhere from the moment this row commits, before
    any release reaches the regions.
    """

    item = models.OneToOneField(LibraryItem, primary_key=True, on_delete=models.PROTECT,
                                related_name="withdrawal")
    reason = models.TextField(_("reason"))
    withdrawn_by = models.CharField(max_length=254)
    withdrawn_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("withdrawal")

    def __str__(self) -> str:
        return f"withdrawn {self.item_id}"


class Collection(models.Model):
    """A curated group of items, e.g. «Виртуальные лаборатории. Физика 7–9»."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    items = models.ManyToManyField(LibraryItem, through="CollectionItem", related_name="collections")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("collection")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class CollectionItem(models.Model):
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE)
    item = models.ForeignKey(LibraryItem, on_delete=models.CASCADE)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["collection", "item"], name="collection_item_unique"),
        ]
        indexes = [models.Index(fields=["item"], name="collection_item_item_idx")]

    def __str__(self) -> str:
        return f"{self.item_id} in {self.collection_id}"



class Capability(models.TextChoices):
    EDIT = "edit", _("Edit library items and collections")
    MODERATE = "moderate", _("Review, publish and withdraw library items")
    RELEASE = "release", _("Cut releases of the library")


class OperatorGrant(models.Model):
    """A federal operator's capability in the library (see shared_library.rights)."""

    # No reverse accessor: a User object may be a region's person with the same id.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    capability = models.CharField(_("capability"), max_length=16, choices=Capability.choices)
    granted_by = models.CharField(max_length=254, blank=True)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("operator grant")
        ordering = ["user", "capability"]
        constraints = [
            models.UniqueConstraint(fields=["user", "capability"], name="operator_grant_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} may {self.capability}"
