"""Locate bundled files (brands, fonts, samples) from source and from the frozen build.

Every bundled file goes through :func:`resource_path`; ``build.spec`` copies ``resources/``
as a whole so the same relative names work inside the PyInstaller folder.
"""

from __future__ import annotations

import sys
from pathlib import Path, PurePosixPath


def resources_root() -> Path:
    """The ``resources/`` folder: beside the package in a checkout, in ``_MEIPASS`` when frozen."""
    frozen_base = getattr(sys, "_MEIPASS", None)
    if frozen_base:
        return Path(frozen_base) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """Path of a bundled resource given relative parts, e.g. ``resource_path("fonts", "x.ttf")``.

    Absolute paths and ``..`` are refused so a name taken from user data (a brand file, say)
    can never point outside the bundled resources.
    """
    rel = PurePosixPath(*[p.replace("\\", "/") for p in parts]) if parts else PurePosixPath()
    if rel.is_absolute() or any(p in ("..",) for p in rel.parts) or ":" in str(rel):
        raise ValueError(f"resource names must be relative and stay inside resources/: {rel}")
    return resources_root().joinpath(*rel.parts)
