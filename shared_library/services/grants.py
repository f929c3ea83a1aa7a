"""Granting and revoking federal operators' library capabilities. Public schema.

Each grant and revocation writes a federal audit row in its transaction.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Role, User
from audit.services import record_federal_change
from myschool.errors import ApplicationError
from shared_library.models import OperatorGrant
from shared_library.rights import check_capability_name
from tenants.context import in_federation

logger = logging.getLogger(__name__)


def _operator(user: User) -> User:
    """The federal operator's account in the public schema (the same e-mail and id)."""
    found = User.objects.filter(pk=user.pk, email=user.email, role=Role.FEDERAL_OPERATOR).first()
    if found is None:
        raise ApplicationError.for_field(
            "user", _("%(email)s is not a federal operator.") % {"email": user.email}
        )
    return found


def grant_capability(*, user: User, capability: str, actor: User | None = None) -> OperatorGrant:
    """Give federal operator `user` a capability. Idempotent; `actor` None means the command line.

    Granting is an administrator's act done from the command line
    (create_federal_operator --capability); there is no API for it.
    """
    check_capability_name(capability)
    with in_federation(), transaction.atomic():
        operator = _operator(user)
        grant, created = OperatorGrant.objects.get_or_create(
            user=operator, capability=capability,
            defaults={"granted_by": actor.email if actor else "command line"},
        )
        if created:
            record_federal_change(
                actor=actor, action="capability.granted", target=operator,
                before={"capability": None}, after={"capability": capability},
            )
    if created:
        logger.info("%s may now %s the library (granted by %s)", operator.email, capability,
                    grant.granted_by)
    return grant


def revoke_capability(*, user: User, capability: str, actor: User | None = None) -> bool:
    """Take a capability away from `user`; True when they held it. Idempotent."""
    check_capability_name(capability)
    with in_federation(), transaction.atomic():
        deleted, _rows = OperatorGrant.objects.filter(
            user_id=user.pk, user__email=user.email, capability=capability
        ).delete()
        if deleted:
            record_federal_change(
                actor=actor, action="capability.revoked", target=user,
                before={"capability": capability}, after={"capability": None},
            )
    if deleted:
        logger.info("%s may no longer %s the library (by %s)", user.email, capability,
                    actor.email if actor else "command line")
    return bool(deleted)
