"""Reading rostering imports. Region schema."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from academics.models import Period
from myschool.errors import NotFound
from rostering.models import RosterImport


def imports() -> QuerySet[RosterImport]:
    """The region's imports, newest first."""
    return RosterImport.objects.order_by("-created_at")


def get_import(pk: object) -> RosterImport:
    """One import by id, or NotFound (a malformed id too)."""
    try:
        key = uuid.UUID(str(pk))
    except ValueError:
        key = None
    roster_import = RosterImport.objects.filter(pk=key).first() if key else None
    if roster_import is None:
        raise NotFound(_("No import %(id)s.") % {"id": pk})
    return roster_import


def get_period(pk: object) -> Period:
    """A period of the region by id, or NotFound."""
    period = Period.objects.filter(pk=pk).first() if str(pk).isdigit() else None
    if period is None:
        raise NotFound(_("No period %(id)s.") % {"id": pk})
    return period
