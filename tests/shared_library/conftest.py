from __future__ import annotations

import pytest

from accounts.models import User
from tests import factories


@pytest.fixture
def editor(db: None) -> User:
    return factories.operator("editor@federation.example", capabilities=["edit"])


@pytest.fixture
def moderator(db: None) -> User:
    return factories.operator("moderator@federation.example", capabilities=["moderate"])
