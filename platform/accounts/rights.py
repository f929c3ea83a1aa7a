"""Rights that follow from a person's role alone, the same in every schema (accounts lives in each).

The region's permission layer (access) builds its rules on `is_region_admin`;
public-schema services (tenants, the library, federation) check their actor
here, without importing the region's layer. An `actor` of None is the system:
setup code and management commands run on the server, never a request.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.models import Role, User
from myschool.errors import Forbidden


def is_region_admin(user: User) -> bool:
    """An active region administrator. Reads only role and standing (see access.scope)."""
    return user.is_authenticated and user.is_active and user.role == Role.REGION_ADMIN


def is_federal_operator(user: User) -> bool:
    """An active federal operator (an account in the public schema)."""
    return bool(user.is_authenticated and user.is_active and user.role == Role.FEDERAL_OPERATOR)


def require_region_admin(actor: User | None, message: str = "") -> None:
    """Refuse (Forbidden, 403; `message` or a general one) anyone but the region admin; the system may."""
    if actor is not None and not is_region_admin(actor):
        raise Forbidden(message or _("Only the region administrator may do this."))


def require_federal_operator(actor: User | None) -> None:
    """Refuse (Forbidden, 403) anyone but an active federal operator; the system may."""
    if actor is not None and not is_federal_operator(actor):
        raise Forbidden(_("Only federal operators manage the federation's regions."))
