from __future__ import annotations

import pytest

from accounts.models import User
from tests import factories


@pytest.fixture
def release_manager() -> User:
    """A federal operator allowed to cut releases."""
    from shared_library.services.grants import grant_capability

    user = factories.operator("releases@federation.example")
    grant_capability(user=user, capability="release", actor=None)
    return user
