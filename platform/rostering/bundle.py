"""Opening a OneRoster CSV bundle (a zip, or a folder on the command line) and streaming its rows.

Nothing is held whole in memory: rows come one at a time from the zip member
or file. The bundle's shape (file types, names, sizes, the manifest) is
checked before any row is read.
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from hashlib import blake2b
from pathlib import Path
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _

from myschool.errors import ApplicationError
from rostering.spec import FILES, KNOWN_FILES, MODES, ONEROSTER_VERSION, FileSpec


@dataclass(frozen=True)
class RowError:
    """A problem with one row (line 1 is the header), named by file and column."""

    file: str
    line: int
    column: str
    message: str

    def as_dict(self) -> dict[str, object]:
        return {"file": self.file, "line": self.line, "column": self.column, "message": self.message}


class BundleRejected(ApplicationError):
    """The upload is not a OneRoster bundle this region can read; nothing was imported."""


class Bundle:
    """A bundle on disk: `mode(name)` from its manifest, `rows(spec, ...)` to stream a file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._zip: zipfile.ZipFile | None = None
        self._sizes: dict[str, int] = {}
        self.manifest: dict[str, str] = {}

    def __enter__(self) -> Bundle:
        self._open()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._zip is not None:
            self._zip.close()

    def _open(self) -> None:
        """Check the bundle's shape: a zip or folder of known .csv files within the size limits."""
        limit = settings.ROSTER_MAX_UNPACKED_BYTES
        if self.path.is_dir():
            members = {p.name: p.stat().st_size for p in self.path.iterdir() if p.is_file()}
        else:
            if not zipfile.is_zipfile(self.path):
                raise BundleRejected(_("The upload is not a zip archive of OneRoster CSV files."))
            self._zip = zipfile.ZipFile(self.path)
            members = {i.filename: i.file_size for i in self._zip.infolist() if not i.is_dir()}
        for name in members:
            stem = name.removesuffix(".csv")
            if not name.endswith(".csv") or "/" in name or (stem not in KNOWN_FILES and stem != "manifest"):
                raise BundleRejected(
                    _("“%(name)s” is not a file of a OneRoster 1.2 CSV bundle.") % {"name": name}
                )
        if sum(members.values()) > limit:
            raise BundleRejected(
                _("The bundle unpacks to more than %(limit)d MB.") % {"limit": limit // 2**20}
            )
        self._sizes = members
        if "manifest.csv" not in members:
            raise BundleRejected(_("The bundle has no manifest.csv."))
        self.manifest = self._read_manifest()

    def _read_manifest(self) -> dict[str, str]:
        manifest: dict[str, str] = {}
        with self._member("manifest.csv") as raw:
            try:
                text = raw.read(1_000_000).decode("utf-8-sig")
            except UnicodeDecodeError:
                raise BundleRejected(_("manifest.csv is not in UTF-8.")) from None
        rows = list(csv.reader(text.splitlines()))
        if not rows or [c.strip() for c in rows[0][:2]] != ["propertyName", "value"]:
            raise BundleRejected(_("manifest.csv must have the columns propertyName and value."))
        for row in rows[1:]:
            if len(row) >= 2:
                manifest[row[0].strip()] = row[1].strip()
        version = manifest.get("oneroster.version", "")
        if version != ONEROSTER_VERSION:
            raise BundleRejected(
                _("The bundle is OneRoster “%(version)s”; this region reads OneRoster 1.2.")
                % {"version": version}
            )
        for key, value in manifest.items():
            if key.startswith("file.") and value not in MODES:
                raise BundleRejected(
                    _("manifest.csv: “%(value)s” for %(key)s; expected bulk, delta or absent.")
                    % {"value": value, "key": key}
                )
        for name in FILES:
            if self.mode(name) != "absent" and f"{name}.csv" not in self._sizes:
                raise BundleRejected(
                    _("manifest.csv lists %(name)s.csv, but the bundle lacks it.") % {"name": name}
                )
        return manifest

    def mode(self, name: str) -> str:
        """bulk, delta or absent, as the manifest says (absent when it says nothing)."""
        return self.manifest.get(f"file.{name}", "absent")

    def size(self, name: str) -> int:
        """Unpacked size in bytes of `name`.csv (0 when absent)."""
        return self._sizes.get(f"{name}.csv", 0) if self.mode(name) != "absent" else 0

    def _member(self, file_name: str) -> IO[bytes]:
        if self._zip is not None:
            return self._zip.open(file_name)
        return (self.path / file_name).open("rb")

    def rows(
        self, spec: FileSpec, errors: list[RowError], on_bytes: Callable[[int], None]
    ) -> Iterator[tuple[int, dict[str, str], int]]:
        """Each data row of `spec`'s file as (line, {column: value} by header name, fingerprint).

        The fingerprint (64 bits of the header and the row's cells) lets an
        import pass over rows identical to the ones the last import applied.

        A header lacking a required column is one error and no rows; a line
        that is not UTF-8 is an error on that line and its row is left out.
        """
        with self._member(spec.file_name) as raw:
            bad_lines: set[int] = set()
            reader = csv.reader(_decoded(raw, spec.file_name, errors, bad_lines, on_bytes))
            header = next(reader, None)
            if header is None:
                return
            header = [h.strip() for h in header]
            missing = [c for c in spec.columns if c in spec.required and c not in header]
            for column in missing:
                errors.append(RowError(spec.file_name, 1, column, _("The required column is missing.")))
            if missing:
                return
            header_key = ("\x1f".join(header) + "\x1e").encode()
            start = reader.line_num + 1
            for row in reader:
                end = reader.line_num
                line, start = start, end + 1
                if not any(cell.strip() for cell in row):
                    continue
                if bad_lines and any(n in bad_lines for n in range(line, end + 1)):
                    continue
                fingerprint = blake2b(header_key + "\x1f".join(row).encode(), digest_size=8).digest()
                values = {name: value.strip() for name, value in zip(header, row, strict=False)}
                yield line, values, int.from_bytes(fingerprint, "big", signed=True)


def _decoded(
    raw: IO[bytes], file_name: str, errors: list[RowError], bad_lines: set[int],
    on_bytes: Callable[[int], None],
) -> Iterator[str]:
    """The file's lines as text; a line that is not UTF-8 becomes an error (and is replaced)."""
    for number, chunk in enumerate(raw, start=1):
        on_bytes(len(chunk))
        try:
            text = chunk.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            errors.append(RowError(file_name, number, "", _("The line is not in UTF-8 encoding.")))
            bad_lines.add(number)
            text = chunk.decode("utf-8", errors="replace")
        yield text
