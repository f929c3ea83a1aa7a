"""Small factories that build the world through the real services."""

from __future__ import annotations

from collections.abc import Sequence

from accounts.models import Role, User
from accounts.services import create_federal_operator, create_region_user, set_password
from tenants.context import in_federation, in_region
from tenants.models import Region
from tenants.services.onboarding import onboard_region

PASSWORD = "correct-horse-battery-2026"
NAMES = {
    "RU-MOW": "Москва", "RU-MOS": "Московская область", "RU-TA": "Республика Татарстан",
    "RU-DA": "Республика Дагестан", "RU-KGD": "Калининградская область",
    "RU-KAM": "Камчатский край",
}
TIME_ZONES = {"RU-KAM": "Asia/Kamchatka", "RU-KGD": "Europe/Kaliningrad"}


def region(code: str, **overrides: str) -> Region:
    """Onboard region `code` (e.g. RU-MOS) with its official name; return it."""
    name = NAMES[code]
    run = onboard_region(
        code=code,
        name=overrides.get("name", name),
        time_zone=overrides.get("time_zone", TIME_ZONES.get(code, "Europe/Moscow")),
        admin_email=overrides.get("admin_email", f"admin@{code.lower()}.example"),
        domain=overrides.get("domain"),
    )
    assert run.state == "done", run.error
    return Region.objects.get(code=code)


def region_user(reg: Region, email: str, role: str = Role.TEACHER, password: str = PASSWORD) -> User:
    with in_region(reg):
        user, _ = create_region_user(region=reg, email=email, role=role)
        set_password(user=user, password=password)
    return user


def operator(
    email: str = "operator@federation.example", password: str = PASSWORD, capabilities: Sequence[str] = ()
) -> User:
    """A federal operator, granted the library `capabilities` (edit, moderate, release)."""
    from shared_library.services.grants import grant_capability

    with in_federation():
        user = create_federal_operator(email=email, password=password)
    for capability in capabilities:
        grant_capability(user=user, capability=capability)
    return user


def host(reg: Region | None) -> str:
    from django.conf import settings

    return settings.BASE_DOMAIN if reg is None else reg.get_primary_domain().domain
