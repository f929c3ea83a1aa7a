"""People who log in. The table exists in every schema.

In the public schema it holds federal operators; in a region's schema, that
region's people. A login therefore only ever works on the host whose schema
holds the account.
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
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
