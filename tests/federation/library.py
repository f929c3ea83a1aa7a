"""Library content for the sync layer's tests, through the library's own services.

Each helper leaves the item as federal staff would: its change pending for the
next release (`release_pending`).
"""

from __future__ import annotations

from accounts.models import User
from shared_library.models import Collection, ItemVersion, LibraryItem
from shared_library.services.collections import add_items
from shared_library.services.grants import grant_capability
from shared_library.services.items import create_version
from shared_library.services.moderation import withdraw_item
from tests import factories
from tests.shared_library import library as content

STAFF = "library-staff@federation.example"
REVIEWER = "library-reviewer@federation.example"


def staff() -> User:
    """A federal operator who edits and moderates the library (made on first use)."""
    return _operator(STAFF, "edit", "moderate")


def reviewer() -> User:
    """The moderator who approves what staff() writes (four eyes)."""
    return _operator(REVIEWER, "moderate")


def _operator(email: str, *capabilities: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = factories.operator(email)
        for capability in capabilities:
            grant_capability(user=user, capability=capability)
    return user


def published_item(title: str, *, kind: str = "virtual_lab",
                   collections: tuple[Collection, ...] = ()) -> LibraryItem:
    item = content.published(staff(), reviewer(), title=title, kind=kind)
    for collection in collections:
        add_items(collection=collection, items=[item], actor=staff())
    return item


def new_version(item: LibraryItem, title: str) -> ItemVersion:
    create_version(item=item, actor=staff(), title=title)
    return content.publish(staff(), reviewer(), item)


def withdraw(item: LibraryItem, reason: str = "Решение суда") -> None:
    withdraw_item(item=item, actor=staff(), reason=reason)
