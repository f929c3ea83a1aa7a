"""A region's copy of the central library, and what the region made of it. Region schema.

`CatalogueItem` rows are written only through `catalogue.replica`, by the sync layer,
set-based, one transaction per release. Everything else here is the region's
own choice and no release ever touches it. Items and versions are referred to
by their library ids: no foreign keys into the public schema.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from journal.models import Homework
from schedule.models import Lesson


class CatalogueItem(models.Model):
    """The version of a library item this region holds, as of release `sequence`."""

    item_id = models.UUIDField(primary_key=True)
    version_id = models.UUIDField()
    version_number = models.PositiveIntegerField()
    kind = models.CharField(max_length=32)
    title = models.CharField(max_length=500)
    description = models.TextField(blank=True)
    subjects = ArrayField(models.CharField(max_length=64), default=list)
    grades = ArrayField(models.PositiveSmallIntegerField(), default=list)
    topics = ArrayField(models.CharField(max_length=200), default=list)
    language = models.CharField(max_length=8)
    author_organisation = models.CharField(max_length=300)
    licence = models.CharField(max_length=100)
    manifest = models.JSONField()
    checksum = models.CharField(max_length=64)
    collections = ArrayField(models.UUIDField(), default=list)
    search_vector = SearchVectorField(null=True)
    # The release that last wrote this row; a release never overwrites a newer one.
    sequence = models.PositiveIntegerField()
    withdrawn = models.BooleanField(default=False)
    withdrawn_reason = models.TextField(blank=True)

    class Meta:
        verbose_name = _("catalogue item")
        ordering = ["title", "item_id"]
        indexes = [
            GinIndex(fields=["search_vector"], name="catalogue_search_idx"),
            # Browsing and filtering in title order walk this index and stop at
            # a page instead of sorting every served row (100 000 rows: 160 ms
            # to 8 ms, bench/bench_catalogue.py); withdrawn rows are never served.
            # The one B-tree besides the key that a release apply maintains.
            models.Index(
                fields=["title", "item_id"], name="catalogue_browse_idx", condition=Q(withdrawn=False)
            ),
        ]

    def __str__(self) -> str:
        return self.title


class CatalogueSettings(models.Model):
    """Which collections the region receives: all, or only those in ChosenCollection."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    all_collections = models.BooleanField(_("receive every collection"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1), name="catalogue_settings_singleton")]

    def __str__(self) -> str:
        return "all collections" if self.all_collections else "chosen collections"


class ChosenCollection(models.Model):
    collection_id = models.UUIDField(unique=True)
    chosen_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    chosen_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return str(self.collection_id)


class HiddenItem(models.Model):
    """An item the region does not show, whatever later releases bring."""

    item_id = models.UUIDField(unique=True)
    note = models.TextField(_("note"), blank=True)
    hidden_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    hidden_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"hidden {self.item_id}"


class Material(models.Model):
    """A catalogue item given with homework or a lesson, pinned to the version given.

    A later version does not change what pupils were given; a withdrawal hides it.
    """

    homework = models.ForeignKey(Homework, null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="materials")
    lesson = models.ForeignKey(Lesson, null=True, blank=True, on_delete=models.CASCADE,
                               related_name="materials")
    item_id = models.UUIDField()
    version_id = models.UUIDField()
    version_number = models.PositiveIntegerField()
    # The title as given, for lists; the content comes from the pinned version.
    title = models.CharField(max_length=500)
    attached_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    attached_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("material")
        ordering = ["attached_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(homework__isnull=False, lesson__isnull=True)
                | Q(homework__isnull=True, lesson__isnull=False),
                name="material_homework_or_lesson",
            ),
            models.UniqueConstraint(fields=["homework", "item_id"], name="material_unique_homework_item",
                                    condition=Q(homework__isnull=False)),
            models.UniqueConstraint(fields=["lesson", "item_id"], name="material_unique_lesson_item",
                                    condition=Q(lesson__isnull=False)),
        ]
        # "Which homework uses this item?" when a release changes or withdraws it.
        indexes = [models.Index(fields=["item_id"], name="material_item_idx")]

    def __str__(self) -> str:
        return self.title
