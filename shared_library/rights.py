"""Who may do what to the federal library: federal operators holding a capability.

Capabilities (shared_library.models.Capability): `edit` items and collections,
`moderate` (review, publish, withdraw), `release` (cut releases, federation/).
Grants are rows in the public schema (OperatorGrant). Region people never hold
one, whatever their role: the check also matches the account in the public
schema by id *and* e-mail, so a region's user object with a colliding id is
refused.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.models import Role, User
from myschool.errors import ApplicationError, Forbidden
from shared_library.models import Capability, OperatorGrant
from tenants.context import in_federation


def check_capability_name(capability: str) -> Capability:
    if capability not in Capability.values:
        raise ApplicationError.for_field(
            "capability", _("Unknown capability “%(capability)s”; one of: %(all)s.")
            % {"capability": capability, "all": ", ".join(Capability.values)},
        )
    return Capability(capability)


def _is_operator(user: User) -> bool:
    return bool(
        isinstance(user, User) and user.is_authenticated and user.is_active
        and user.role == Role.FEDERAL_OPERATOR
    )


def has_capability(user: User, capability: str) -> bool:
    """True when `user` is an active federal operator granted `capability`. Reads the public schema."""
    check_capability_name(capability)
    if not _is_operator(user):
        return False
    with in_federation():
        return OperatorGrant.objects.filter(
            user_id=user.pk, user__email=user.email, user__role=Role.FEDERAL_OPERATOR,
            user__is_active=True, capability=capability,
        ).exists()


def require_capability(actor: User, capability: str) -> None:
    """Refuse (Forbidden, 403) anyone but a federal operator granted `capability`."""
    if has_capability(actor, capability):
        return
    label = Capability(capability).label
    if not _is_operator(actor):
        raise Forbidden(
            _("Only federal operators work on the federal library (this needs the “%(capability)s” "
              "capability: %(label)s).") % {"capability": capability, "label": label}
        )
    raise Forbidden(
        _("You lack the “%(capability)s” capability (%(label)s); a federal administrator can grant it.")
        % {"capability": capability, "label": label}
    )
