"""DATABASE_URL to Django's connection settings and back, for TCP hosts and socket directories.

The embedded PostgreSQL (myschool.localdb) listens only on a Unix socket, so its
"host" is a directory. In a URL that directory is percent-encoded into the host
part (`postgres://postgres@%2Fhome%2Fme%2Fclone%2F.data%2Fpostgres/myschool`),
which dj-database-url decodes but lower-cases, as it does any host name; a path
like `/home/Anna/…` would then name a directory that does not exist. Both ways
here keep the directory exactly as written.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, unquote, urlsplit

import dj_database_url


def parse_database_url(url: str, **options: Any) -> dict[str, Any]:
    """Django's settings for `url` (dj-database-url's `parse`), a socket directory kept as written."""
    settings = dj_database_url.parse(url, **options)
    host = urlsplit(url).netloc.rpartition("@")[2]
    if unquote(host).startswith("/"):
        # A socket directory, perhaps with a port ("%2Fsome%2Fdir:5432"); its own ":" are encoded.
        settings["HOST"] = unquote(host.split(":", 1)[0])
    return settings


def database_url(settings: dict[str, Any], *, name: str | None = None) -> str:
    """The URL of Django connection `settings` (or of database `name` on the same server).

    The inverse of `parse_database_url`: the user, password, host or socket
    directory and port, so a child process can connect where this one does.
    """
    user = quote(settings.get("USER") or "", safe="")
    password = f":{quote(settings['PASSWORD'], safe='')}" if settings.get("PASSWORD") else ""
    host = quote(settings.get("HOST") or "", safe="")
    port = f":{settings['PORT']}" if settings.get("PORT") else ""
    return f"postgres://{user}{password}@{host}{port}/{quote(name or settings['NAME'], safe='')}"
