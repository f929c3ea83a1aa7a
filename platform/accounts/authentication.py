"""API token authentication: DRF's, with its one query prepared.

Every API request looks its token up. DRF builds that query with the ORM each
time, about a tenth of a diary week's work in Python; here it is a prepared
query (myschool.prepared), compiled once per process and planned once per
connection. The header, the answers and the errors stay DRF's.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from accounts.models import User
from myschool.prepared import Param, PreparedQuery

TOKENS = PreparedQuery(lambda: Token.objects.select_related("user").filter(key=Param("key")))


class TokenAuthentication(authentication.TokenAuthentication):
    """`Authorization: Token <key>`, as DRF's TokenAuthentication (same tokens, same errors)."""

    def authenticate_credentials(self, key: str) -> tuple[User, Token]:
        if "\x00" in key:  # no token has one, and PostgreSQL refuses such text (a 500 otherwise)
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        tokens = TOKENS.objects(key=key)
        if not tokens or not tokens[0].user.is_active:
            # DRF's own answer: an unknown token, or an inactive user.
            return super().authenticate_credentials(key)
        return tokens[0].user, tokens[0]
