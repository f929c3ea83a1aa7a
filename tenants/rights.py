"""Who may change the federation's regions: federal operators. Public schema.

Services check their `actor` here; None is the system (a management command
run on the server, onboarding's own steps), never a request.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.models import Role, User
from myschool.errors import Forbidden


def is_federal_operator(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role == Role.FEDERAL_OPERATOR)


def require_federal_operator(actor: User | None) -> None:
    """Refuse (Forbidden, 403) anyone but an active federal operator; the system (None) may."""
    if actor is not None and not is_federal_operator(actor):
        raise Forbidden(_("Only federal operators manage the federation's regions."))
