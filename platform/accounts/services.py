"""Creating people and inviting them to set a password."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import connection, transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from accounts.language import parse_language
from accounts.models import REGION_ROLES, Role, User
from myschool.errors import ApplicationError

if TYPE_CHECKING:
    from tenants.models import Region


def create_region_user(
    *, region: Region, email: str, role: str, full_name: str = "", actor: User | None = None
) -> tuple[User, bool]:
    """Create a person in `region`'s schema, or return the existing one: (user, created).

    The caller must have entered the region (tenants.context.in_region). The new
    account has no usable password until its owner sets one from the invitation.
    """
    if connection.schema_name != region.schema_name:
        raise RuntimeError(f"create_region_user for {region.code} outside its schema")
    if role not in REGION_ROLES:
        raise ApplicationError.for_field("role", _("Unknown role “%(role)s”.") % {"role": role})
    email = email.strip().lower()
    with transaction.atomic():
        user = User.objects.filter(email=email).first()
        if user is not None:
            return user, False
        user = User(email=email, role=role, full_name=full_name)
        user.set_unusable_password()
        user.save()
    return user, True


def create_federal_operator(*, email: str, password: str, full_name: str = "") -> User:
    """Create or update a federal operator in the public schema. Idempotent."""
    if connection.schema_name != "public":
        raise RuntimeError("federal operators live in the public schema")
    email = email.strip().lower()
    user = User.objects.filter(email=email).first() or User(email=email)
    user.role, user.full_name = Role.FEDERAL_OPERATOR, full_name or user.full_name
    user.set_password(password)
    user.save()
    return user


def set_password_path(user: User) -> str:
    """The path (on the user's own host) where they choose a password; single use."""
    return reverse(
        "password_set",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )


def send_invitation(*, region: Region, user_id: int) -> str:
    """E-mail a region user the link to set their password; return the link."""
    from tenants.context import in_region
    from tenants.selectors import region_url

    with in_region(region):
        user = User.objects.get(pk=user_id)
        link = region_url(region, set_password_path(user))
    send_mail(
        subject=_("Your account in %(region)s") % {"region": region.name},
        message=_("Choose your password here: %(link)s") % {"link": link},
        from_email=None,
        recipient_list=[user.email],
    )
    return link


def set_password(*, user: User, password: str) -> None:
    """Give `user` a new password (in whichever schema the caller has entered)."""
    user.set_password(password)
    user.save(update_fields=["password"])


def choose_language(*, user: User, language: str) -> None:
    """Keep the interface language `user` chose (in whichever schema holds them).

    The person's own preference, not an administrative change: no audit row.
    """
    language = parse_language(language)
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
