"""Reads about regions. Public schema."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from myschool.errors import ApplicationError, NotFound
from tenants.codes import parse_region_code
from tenants.models import Domain, OnboardingRun, Region


def regions() -> QuerySet[Region]:
    return Region.objects.prefetch_related(
        Prefetch("domains", queryset=Domain.objects.filter(is_primary=True), to_attr="primary")
    )


def get_region(code: str) -> Region:
    """The region with this code, or NotFound (ApplicationError for a malformed code)."""
    try:
        canonical = parse_region_code(code)
    except ApplicationError:
        raise NotFound(_("No region %(code)s.") % {"code": code}) from None
    region = regions().filter(code=canonical).first()
    if region is None:
        raise NotFound(_("No region %(code)s.") % {"code": canonical})
    return region


def host_url(host: str, path: str = "/") -> str:
    port = f":{settings.PUBLIC_URL_PORT}" if settings.PUBLIC_URL_PORT else ""
    return f"{settings.PUBLIC_URL_SCHEME}://{host}{port}{path}"


def region_url(region: Region, path: str = "/") -> str:
    """The address people of `region` use."""
    primary = getattr(region, "primary", None)
    domain = primary[0] if primary else region.get_primary_domain()
    return host_url(domain.domain, path)


def onboarding_runs() -> QuerySet[OnboardingRun]:
    return OnboardingRun.objects.prefetch_related("steps")


def get_onboarding_run(run_id: object) -> OnboardingRun:
    run = onboarding_runs().filter(pk=run_id).first() if _is_uuid(run_id) else None
    if run is None:
        raise NotFound(_("No onboarding run %(id)s.") % {"id": run_id})
    return run


def _is_uuid(value: object) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def status_by_region() -> dict[str, str]:
    """{region code: status} for every region. Public schema; one query."""
    return dict(Region.objects.values_list("code", "status"))


def onboarding_state_by_region() -> dict[str, str]:
    """{region code: state of its onboarding run}, including runs whose region is not created yet.

    Public schema; one query.
    """
    return dict(OnboardingRun.objects.values_list("region_code", "state"))
