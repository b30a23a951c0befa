"""Report library storage and search (no Qt). Import :class:`Library` from here."""

from briefapp.library.briefings import BriefingInfo
from briefapp.library.bulk import BulkEdit
from briefapp.library.collections import Collection
from briefapp.library.filters import ReportFilter
from briefapp.library.importer import ImportResult
from briefapp.library.library import Library
from briefapp.library.parsing import iter_files
from briefapp.library.reparse import ReparseResult
from briefapp.library.search import HIT_END, HIT_START, SearchHit, plain_snippet
from briefapp.library.storage import DB_NAME
from briefapp.library.trash import TrashedReport, TrashResult

__all__ = [
    "Library",
    "ReportFilter",
    "ImportResult",
    "ReparseResult",
    "SearchHit",
    "BriefingInfo",
    "iter_files",
    "plain_snippet",
    "HIT_START",
    "HIT_END",
    "DB_NAME",
    "BulkEdit",
    "Collection",
    "TrashResult",
    "TrashedReport",
]
