"""Forms of the federal operator's console."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from federation.board import RegionBoardRow
from myschool.errors import ApplicationError
from tenants.codes import russian_region_names
from tenants.models import RegionStatus

# The IANA zones of the Russian Federation, west to east.
RUSSIAN_TIME_ZONES = (
    "Europe/Kaliningrad", "Europe/Moscow", "Europe/Kirov", "Europe/Volgograd", "Europe/Astrakhan",
    "Europe/Saratov", "Europe/Ulyanovsk", "Europe/Samara", "Asia/Yekaterinburg", "Asia/Omsk",
    "Asia/Novosibirsk", "Asia/Barnaul", "Asia/Tomsk", "Asia/Novokuznetsk", "Asia/Krasnoyarsk",
    "Asia/Irkutsk", "Asia/Chita", "Asia/Yakutsk", "Asia/Khandyga", "Asia/Vladivostok",
    "Asia/Ust-Nera", "Asia/Magadan", "Asia/Sakhalin", "Asia/Srednekolymsk", "Asia/Kamchatka",
    "Asia/Anadyr",
)


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


class OnboardRegionForm(forms.Form):
    """What the operator chooses to onboard a region; the onboarding service checks it again."""

    code = forms.ChoiceField(label=_("Region"), choices=())
    name = forms.CharField(
        label=_("Official name"), required=False, max_length=200,
        help_text=_("Filled in from the ISO 3166-2 list when it has the Russian name; check it."),
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"), choices=[(zone, zone) for zone in RUSSIAN_TIME_ZONES]
    )
    admin_email = forms.EmailField(
        label=_("First administrator's e-mail"),
        help_text=_("An invitation to set a password is sent there."),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("initial", {"time_zone": "Europe/Moscow"})
        super().__init__(*args, **kwargs)
        names = russian_region_names()
        self.fields["code"].choices = [
            ("", _("Choose a region")), *((code, f"{code} — {name}") for code, name in names.items())
        ]
        self.fields["code"].widget.attrs["data-region-names"] = "id_region_names"
        self.region_names = names

    def clean(self) -> dict:
        data = super().clean()
        if data.get("code") and not (data.get("name") or "").strip():
            data["name"] = self.region_names[data["code"]]
        return data

    def add_service_errors(self, error: ApplicationError) -> None:
        """Show the service's refusal next to the fields it names (the rest above the form)."""
        for field, messages in (error.fields or {"__all__": [str(error)]}).items():
            for message in messages:
                self.add_error(field if field in self.fields else None, message)


class RenameRegionForm(forms.Form):
    name = forms.CharField(label=_("Official name"), max_length=200)


class SuspendRegionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to every person of the region on the page they see instead."),
    )
