"""The journal tests' classroom, for the prepared-query tests."""

from tests.journal.conftest import world  # noqa: F401
