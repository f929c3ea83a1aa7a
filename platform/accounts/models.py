"""People who log in. The table exists in every schema.

In the public schema it holds federal operators; in a region's schema, that
region's people. A login therefore only ever works on the host whose schema
holds the account.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    FEDERAL_OPERATOR = "federal_operator", _("Federal operator")
    REGION_ADMIN = "region_admin", _("Region administrator")
    SCHOOL_ADMIN = "school_admin", _("School administrator")
    TEACHER = "teacher", _("Teacher")
    PUPIL = "pupil", _("Pupil")
    PARENT = "parent", _("Parent")


REGION_ROLES = frozenset(Role) - {Role.FEDERAL_OPERATOR}


class Language(models.TextChoices):
    """The interface's languages, each named in itself (as a language switch shows them)."""

    RUSSIAN = "ru", "Русский"
    ENGLISH = "en", "English"


class UserManager(BaseUserManager["User"]):
    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email=(username or "").strip().lower())


class User(AbstractBaseUser):
    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("full name"), max_length=300, blank=True)
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), auto_now_add=True)
    # Raised by «sign out everywhere»: every browser session signed in before ends.
    session_epoch = models.PositiveIntegerField(default=0, editable=False)
    # The interface language the person chose; blank: not chosen, Russian.
    language = models.CharField(_("language"), max_length=8, choices=Language.choices, blank=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["role"]

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.email

    @property
    def is_federal_operator(self) -> bool:
        return self.role == Role.FEDERAL_OPERATOR

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save; a new password or a deactivated account ends every API token of the person.

        Browser sessions end by themselves then: their hash is made from the password and
        Django refuses inactive people.
        """
        signs_out = self.pk is not None and (self._password is not None or not self.is_active)
        super().save(*args, **kwargs)
        if signs_out:
            self.api_tokens.all().delete()

    def get_session_auth_hash(self) -> str:
        """Django's hash of the password, with the session epoch mixed in."""
        return self._session_hash(None)

    def get_session_auth_fallback_hash(self) -> Iterator[str]:
        for fallback_secret in settings.SECRET_KEY_FALLBACKS:
            yield self._session_hash(fallback_secret)

    def _session_hash(self, secret: str | None) -> str:
        return salted_hmac("accounts.User.get_session_auth_hash", f"{self.password}:{self.session_epoch}",
                           secret=secret, algorithm="sha256").hexdigest()


def _new_token_key() -> str:
    return secrets.token_hex(20)


class ApiToken(models.Model):
    """One signed-in API client of a person: made at sign-in, ended by sign-out or idleness.

    A token unused for API_TOKEN_IDLE_HOURS is refused (each use extends it); a new
    password, a deactivated account and «sign out everywhere» delete them all.
    """

    key = models.CharField(max_length=40, unique=True, default=_new_token_key, editable=False)
    user = models.ForeignKey(User, related_name="api_tokens", on_delete=models.CASCADE)
    client = models.CharField(_("client"), max_length=200, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-last_used_at", "-pk"]

    def __str__(self) -> str:
        return f"token of {self.user_id} from {self.created:%Y-%m-%d}"
