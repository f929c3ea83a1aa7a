"""Rostering a region from OneRoster 1.2 bundles: the uploads and the identities they bring. Region schema.

A bundle's rows are identified by their `sourcedId`; `SourcedLink` keeps, for
every row an import wrote, which region row it became (a school, a person, a
class group, an enrolment ...), so a second import of the same bundle finds
the same rows and writes nothing.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportState(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded")
    CHECKING = "checking", _("Checking")
    CHECKED = "checked", _("Checked")
    APPLYING = "applying", _("Applying")
    APPLIED = "applied", _("Applied")
    FAILED = "failed", _("Failed")


class RosterImport(models.Model):
    """One uploaded bundle: its dry-run report, then its application.

    `report` holds the preview (created / changed / archived per file and per
    school) and every row-level error; `progress` is rewritten while a check
    or an application runs (rows per file, percent, ETA), outside the import's
    own transaction so a page can poll it.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    file = models.CharField(_("bundle file"), max_length=500)
    original_name = models.CharField(_("file name"), max_length=300)
    size = models.BigIntegerField(_("size in bytes"))
    skip_errors = models.BooleanField(_("skip rows with errors"), default=False)
    state = models.CharField(
        _("state"), max_length=16, choices=ImportState.choices, default=ImportState.UPLOADED
    )
    report = models.JSONField(_("report"), default=dict, blank=True)
    progress = models.JSONField(_("progress"), default=dict, blank=True)
    error = models.TextField(_("failure"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("roster import")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.state})"


class LinkKind(models.TextChoices):
    ORG = "org", _("School")
    SESSION = "session", _("Academic session")
    COURSE = "course", _("Course")
    CLASS = "class", _("Class")
    USER = "user", _("Person")
    ROLE = "role", _("Role")
    ENROLLMENT = "enrollment", _("Enrolment")


class SourcedLink(models.Model):
    """A OneRoster `sourcedId` and the region row it became.

    `object_id` is the row of the kind's table: School, AcademicYear or Period
    (sessions: `is_year` tells which), Subject, ClassGroup (a scheduled class
    also names its `subject_id`), User (users and roles), Enrolment,
    TeachingAssignment or the class group a class teacher leads (enrolments:
    `enrollment_role`). `modified_at` is the row's dateLastModified, so an older
    delta row never overwrites a newer one; `row_hash` is the fingerprint of
    the bundle row last applied, so an identical row is not merged again.
    """

    kind = models.CharField(max_length=16, choices=LinkKind.choices)
    sourced_id = models.CharField(max_length=255)
    object_id = models.BigIntegerField()
    subject_id = models.BigIntegerField(null=True, blank=True)
    is_year = models.BooleanField(default=False)
    enrollment_role = models.CharField(max_length=16, blank=True)
    modified_at = models.DateTimeField(null=True, blank=True)
    row_hash = models.BigIntegerField(null=True, blank=True)
    created_by_import = models.ForeignKey(
        RosterImport, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "sourced_id"], name="sourced_link_unique")]
        indexes = [models.Index(fields=["kind", "object_id"], name="sourced_link_object_idx")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.sourced_id} -> {self.object_id}"
