"""API token authentication: `Authorization: Token <key>`, with a sliding lifetime.

Every API request looks its token up, as a prepared query (myschool.prepared),
compiled once per process and planned once per connection. A token unused for
API_TOKEN_IDLE_HOURS is refused and deleted; a use extends it, written at most
once per API_TOKEN_TOUCH_SECONDS. The header and the answers are DRF's.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from accounts.models import ApiToken, User
from myschool.prepared import Param, PreparedQuery

TOKENS = PreparedQuery(lambda: ApiToken.objects.select_related("user").filter(key=Param("key")))


class TokenAuthentication(authentication.TokenAuthentication):
    """`Authorization: Token <key>` for one of the person's live ApiTokens."""

    model = ApiToken

    def authenticate_credentials(self, key: str) -> tuple[User, ApiToken]:
        if "\x00" in key:  # no token has one, and PostgreSQL refuses such text (a 500 otherwise)
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        tokens = TOKENS.objects(key=key)
        if not tokens:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        token = tokens[0]
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        now = timezone.now()
        if token.last_used_at < now - timedelta(hours=settings.API_TOKEN_IDLE_HOURS):
            ApiToken.objects.filter(pk=token.pk).delete()
            raise exceptions.AuthenticationFailed(_("The token has expired; sign in again."))
        if token.last_used_at < now - timedelta(seconds=settings.API_TOKEN_TOUCH_SECONDS):
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token
