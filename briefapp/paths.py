"""Where the library and settings live: --library, $BRIEFAPP_LIBRARY, portable folder, user data."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "briefapp"


def portable_dir() -> Path | None:
    """The portable data folder when running frozen with a marker beside the executable.

    A file named ``portable`` or a folder named ``data`` beside the executable switches the
    program to portable mode: library and settings live in ``data/`` and nothing is written
    elsewhere on the machine.
    """
    if not getattr(sys, "frozen", False) and not os.environ.get("BRIEFAPP_PORTABLE_ROOT"):
        return None
    root = Path(os.environ.get("BRIEFAPP_PORTABLE_ROOT") or Path(sys.executable).resolve().parent)
    if (root / "portable").exists() or (root / "data").is_dir():
        return root / "data"
    return None


def default_library_dir(explicit: str | os.PathLike | None = None) -> Path | str:
    """Resolve the library from an explicit value, the environment or the platform: a folder,
    or a server address (``postgresql://user@host:port/dbname``) returned as written."""
    from briefapp.library.backend import is_library_url

    for value in (explicit, os.environ.get("BRIEFAPP_LIBRARY")):
        if value:
            if is_library_url(value):
                return str(value).strip()
            return Path(value).expanduser()
    return user_library_dir()


def user_library_dir() -> Path:
    """The library folder used when none is chosen (portable folder, else user data)."""
    portable = portable_dir()
    if portable is not None:
        return portable / "library"
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / "library"


def settings_dir() -> Path | None:
    """Folder for GUI settings in portable mode (None: use the platform's normal place)."""
    portable = portable_dir()
    return None if portable is None else portable / "settings"


def user_brands_dir() -> Path:
    """Folder of the brands the user made: beside the settings in portable mode, else the
    platform's configuration folder (``~/.config/briefapp/brands`` on Linux)."""
    portable = portable_dir()
    if portable is not None:
        return portable / "brands"
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False)) / "brands"
