"""Writing bundle files: streaming query rows into a zip member, and the sourcedIds rows export under."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable

from django.db import connection

from rostering.merging import LINKS

FETCH_ROWS = 5000


def sid(kind: str, expr: str, prefix: str, extra: str = "") -> str:
    """SQL: the sourcedId an import linked to region row `expr`, else `<prefix>-<id>`."""
    return (f"coalesce((SELECT min(l.sourced_id) FROM {LINKS} l WHERE l.kind = '{kind}'"
            f" AND l.object_id = {expr}{extra}), '{prefix}-' || {expr})")



def write_csv(archive: zipfile.ZipFile, name: str, header: Iterable[str], sql: str, params: dict) -> int:
    """Stream the rows of `sql` (a server-side cursor) into `name` in `archive`; return how many."""
    count = 0
    with archive.open(name, "w") as member, io.TextIOWrapper(member, encoding="utf-8", newline="") as text:
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow(header)
        with connection.connection.cursor(name=f"export_{name.split('.')[0].lower()}") as cursor:
            cursor.itersize = FETCH_ROWS
            cursor.execute(sql, params)
            for row in cursor:
                writer.writerow(row)
                count += 1
    return count
