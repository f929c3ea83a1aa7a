"""Signing API clients in and out: issuing, revoking and «sign out everywhere».

In whichever schema the caller has entered (the host's: a region's or the federation's).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from accounts.models import ApiToken, User


def issue_token(*, user: User, client: str = "") -> ApiToken:
    """A new token for one sign-in; earlier sign-ins keep theirs."""
    return ApiToken.objects.create(user=user, client=client[:200])


def revoke_token(*, token: ApiToken) -> None:
    """Sign one API client out. Idempotent."""
    ApiToken.objects.filter(pk=token.pk).delete()


def sign_out_everywhere(*, user: User) -> int:
    """End every API token and every browser session of `user`; return the tokens ended.

    Sessions end through the session epoch (accounts.models.User.get_session_auth_hash).
    """
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
        ended, _per_model = ApiToken.objects.filter(user=user).delete()
    return ended
