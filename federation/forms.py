"""Forms of the federal operator's console."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from federation.board import RegionBoardRow
from tenants.models import RegionStatus


class RegionsFilter(forms.Form):
    """The regions board's filter: a region's status, and text found in its code or name."""

    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any")), *RegionStatus.choices]
    )
    q = forms.CharField(label=_("Code or name"), required=False, max_length=100)

    def has_filter(self) -> bool:
        return bool(self.cleaned_data["status"] or self.cleaned_data["q"].strip())

    def apply(self, rows: list[RegionBoardRow]) -> list[RegionBoardRow]:
        status, text = self.cleaned_data["status"], self.cleaned_data["q"].strip().casefold()
        return [
            row for row in rows
            if (not status or row.status == status)
            and (not text or text in row.code.casefold() or text in row.name.casefold())
        ]
