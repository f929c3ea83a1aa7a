"""The federal operator a federation command acts as."""

from __future__ import annotations

from django.core.management.base import CommandError

from accounts.models import User
from tenants.context import in_federation


def operator_by_email(email: str) -> User:
    with in_federation():
        user = User.objects.filter(email=email.strip().lower(), is_active=True).first()
    if user is None or not user.is_federal_operator:
        raise CommandError(f"{email} is not an active federal operator.")
    return user
