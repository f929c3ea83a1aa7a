"""The schools API tests' world (region audit) and the library's operators (federal audit)."""

from tests.schools.conftest import api, other, world, worlds  # noqa: F401
from tests.shared_library.conftest import editor, moderator  # noqa: F401
