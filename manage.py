#!/usr/bin/env python
"""Django's command-line utility for myschool-federation."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def main() -> None:
    # `platform/` is a source root, not a package: put it on the path after the
    # repository root so `import platform` still finds the standard library.
    sys.path[1:1] = [str(ROOT), str(ROOT / "platform")]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "myschool.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
