"""The same world as the schools API tests."""

from tests.schools.conftest import api, other, world, worlds  # noqa: F401
