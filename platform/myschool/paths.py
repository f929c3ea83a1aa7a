"""Where the project keeps its local files: read before Django's settings are (myschool.devserver)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT_DIR = Path(__file__).resolve().parents[2]
# The embedded PostgreSQL, the file broker, uploads and `make up`'s lock, unless told otherwise.
DATA_DIR = Path(os.environ.get("MYSCHOOL_DATA_DIR", ROOT_DIR / ".data"))
