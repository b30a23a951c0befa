"""Report library storage and search (no Qt)."""

from briefapp.library.filters import ReportFilter
from briefapp.library.library import (
    HIT_END,
    HIT_START,
    ImportResult,
    Library,
    ReparseResult,
    SearchHit,
    iter_files,
)

__all__ = [
    "Library",
    "ReportFilter",
    "ImportResult",
    "ReparseResult",
    "SearchHit",
    "iter_files",
    "HIT_START",
    "HIT_END",
]
