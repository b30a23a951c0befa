"""Which implementation a library address chooses.

A library is either a folder (SQLite, the default: :class:`briefapp.library.Library`) or a
PostgreSQL server named by a ``postgresql://user@host:port/dbname`` address
(:class:`briefapp.library.pg.PgLibrary`, a ``Library`` whose role modules are the server's).
The rest of the program holds a ``Library`` and never asks which.
"""

from __future__ import annotations

URL_SCHEMES = ("postgresql://", "postgres://")


def is_library_url(location: object) -> bool:
    """Whether a --library value names a server rather than a folder."""
    return isinstance(location, str) and location.strip().lower().startswith(URL_SCHEMES)
