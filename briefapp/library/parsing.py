"""Reading and parsing files for the importer, in worker processes for big imports.

Parsing is the import's pure half: a file becomes a :class:`StoredRow` of plain values that
cross from a worker process cheaply. The writer (``importer.py``) stores them in order.
"""

from __future__ import annotations

import json
import os
import stat
import threading
from collections.abc import Generator, Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from briefapp.errors import ImportFailed
from briefapp.ingest.decode import MAX_FILE_BYTES
from briefapp.ingest.pipeline import parse_report, unexpected_problem
from briefapp.library.metadata import search_meta
from briefapp.library.near_duplicates import sketch
from briefapp.library.storage import display_name, name_for_db
from briefapp.models import Report, SectionKind

PARALLEL_MIN_FILES = 400
CHUNK = 64  # files per parse job
CHUNK_BYTES = 8 * 1024 * 1024
# Files parsed ahead of the writer, at most: two database batches (importer.BATCH_SIZE), so a
# worker always has a batch of jobs queued while the writer writes one, and the writer, when it
# would wait, parses jobs from the second. With half as many ahead, the one worker of a 2-core
# machine waited for jobs a sixth of the time or more. (Up to 512 MB of parsed big files.)
IN_FLIGHT_CHUNKS = 64
POOL_AHEAD_CHUNKS = 32  # per worker: about one database batch
LINK_OUT_FILE = "a link to a file outside the imported folder: not imported"
LINK_OUT_FOLDER = "a link to a folder outside the imported folder: not imported"
DANGLING = "no such file or folder (a link to nothing)"

# The report columns a parsed file fills, in the order of StoredRow.values.
STORED_COLUMNS = (
    "title",
    "publisher",
    "published",
    "countries",
    "topics",
    "tags",
    "source_file",
    "format",
    "content_hash",
    "url",
    "search_meta",
    "sketch",
)
_TITLE, _CONTENT_HASH = STORED_COLUMNS.index("title"), STORED_COLUMNS.index("content_hash")

# A section as stored: (position, heading, kind, text).
SectionRow = tuple[int, str, SectionKind, str]

# Fault injection for the test suite: a parse worker dies when it reaches the file with this
# name, the way an out-of-memory kill would take it (never the importing process itself).
# More in workers.py.
KILL_WORKER_ON = "BRIEFAPP_TEST_KILL_WORKER_ON"


class StoredRow(NamedTuple):
    """A parsed report as the plain values the importer stores. A named tuple of strings and
    tuples crosses from a parse worker at a fraction of the cost of dataclasses, and the JSON
    is encoded in the worker rather than by the writer."""

    values: tuple[str | bytes | None, ...]  # in the order of STORED_COLUMNS
    countries: list[str]
    topics: list[str]
    sections: list[SectionRow]
    sketch: tuple[int, ...]  # see near_duplicates.sketch

    @property
    def title(self) -> str:
        return str(self.values[_TITLE])

    @property
    def content_hash(self) -> str:
        return str(self.values[_CONTENT_HASH])


class Parsed(NamedTuple):
    """One file read and parsed: ``row`` and ``data`` are None when ``problem`` says why."""

    path: str
    data: bytes | None
    row: StoredRow | None
    problem: str | None


# json.dumps(value, ensure_ascii=False) builds an encoder at every call.
_to_json = json.JSONEncoder(ensure_ascii=False).encode
_json_string = json.encoder.encode_basestring  # (as _to_json writes a string)


def _names_json(values: list[str]) -> str:
    """Write a list of strings as JSON, exactly as :data:`_to_json` writes it.

    It takes a third of the time: the encoder's own steps cost more than the few short strings
    of a report's names.
    """
    if all(type(value) is str for value in values):
        return "[" + ", ".join(map(_json_string, values)) + "]"
    return _to_json(values)


def stored_row(report: Report, publisher: str | None = None) -> StoredRow:
    """A parsed report as the values the importer stores (see :class:`StoredRow`)."""
    text_sketch = sketch(s.text for s in report.sections)
    values = (
        # A title taken from a file name that is not UTF-8 shows replacement characters; the
        # name itself is stored exactly (see storage.name_for_db).
        display_name(report.title),
        publisher or report.publisher,
        report.published.isoformat() if report.published else None,
        _names_json(report.countries),
        _names_json(report.topics),
        _names_json(report.tags),
        name_for_db(report.source_file) if report.source_file else None,
        report.format,
        report.content_hash,
        report.url,
        search_meta(report.countries, report.topics, publisher or report.publisher, report.tags),
        json.dumps(text_sketch) if text_sketch else None,
    )
    sections = [(i, s.heading, s.kind, s.text) for i, s in enumerate(report.sections)]
    return StoredRow(values, report.countries, report.topics, sections, text_sketch)


def iter_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Files named and files under folders named (recursive, sorted, hidden files skipped);
    links leading out of a folder named are left out (see :func:`import_entries`)."""
    for path, problem in import_entries(paths):
        if problem is None:
            yield path


def import_entries(paths: Iterable[str | os.PathLike[str]]) -> Iterator[tuple[Path, str | None]]:
    """(file, None) for each file to import from ``paths`` (as :func:`iter_files`), and
    (link, why not) for each link in a folder that leads out of it.

    A folder may hold links to anything (``~/.ssh/id_ed25519``, ``/proc/self/status``): only
    links that resolve inside the folder the user named are followed (to files; links to
    folders inside it are not descended, their files are imported from where they are). A
    file named explicitly is imported as asked, link or not."""
    for p in paths:
        path = Path(p)
        if not path.is_dir():
            yield path, None
            continue
        top = os.path.realpath(path)
        for root, dirs, files in os.walk(path):
            kept, refused = [], []
            for name in sorted(dirs):
                if name.startswith("."):
                    continue
                if not os.path.islink(os.path.join(root, name)):
                    kept.append(name)
                elif not _inside(os.path.join(root, name), top):
                    refused.append(name)
            dirs[:] = kept
            for name in sorted(files):
                if not name.startswith("."):
                    file = os.path.join(root, name)
                    if not os.path.islink(file) or _inside(file, top):
                        yield Path(file), None
                    else:  # never read, even should its target appear meanwhile
                        yield Path(file), LINK_OUT_FILE if os.path.exists(file) else DANGLING
            for name in refused:
                yield Path(root) / name, LINK_OUT_FOLDER


def _inside(link: str, top: str) -> bool:
    target = os.path.realpath(link)
    try:
        return os.path.commonpath([target, top]) == top
    except ValueError:  # another drive (Windows)
        return False


def read_file(path: Path) -> bytes:
    """A file's bytes, or ImportFailed saying why it cannot be imported."""
    try:
        info = os.stat(path)  # before opening: opening a named pipe would wait forever
        if not stat.S_ISREG(info.st_mode):
            raise ImportFailed(
                path, "is a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
            )
        if info.st_size > MAX_FILE_BYTES:
            raise ImportFailed(
                path,
                f"file too large ({info.st_size / 1048576:.0f} MB; the limit is"
                f" {MAX_FILE_BYTES // 1048576} MB)",
            )
        with open(path, "rb", buffering=0) as file:  # (one read: a buffer adds only copies)
            return file.read()
    except FileNotFoundError:
        raise ImportFailed(path, "no such file or folder") from None
    except PermissionError:
        raise ImportFailed(path, "permission denied (cannot read the file)") from None
    except IsADirectoryError:
        raise ImportFailed(path, "is a folder") from None
    except OSError as exc:
        raise ImportFailed(path, f"cannot read the file ({exc.strerror or exc})") from None


def refused(path: Path, problem: str) -> Parsed:
    """A file not read, and why."""
    return Parsed(str(path), None, None, problem)


def parse_file(path: Path, publisher: str | None = None) -> Parsed:
    """Read and parse one file."""
    name = str(path)
    try:
        data = read_file(path)
        return Parsed(name, data, stored_row(parse_report(data, name), publisher), None)
    except ImportFailed as exc:
        return Parsed(name, None, None, exc.problem)
    except Exception as exc:  # noqa: BLE001 - one bad file never stops a batch
        return Parsed(name, None, None, unexpected_problem(exc))


def _chunks(files: list[Path]) -> list[list[int]]:
    """The files' indices in jobs of at most CHUNK files and CHUNK_BYTES bytes, in order."""
    chunks: list[list[int]] = [[]]
    size = 0
    for index, path in enumerate(files):
        try:
            file_size = path.stat().st_size
        except OSError:
            file_size = 0
        if chunks[-1] and (len(chunks[-1]) >= CHUNK or size + file_size > CHUNK_BYTES):
            chunks.append([])
            size = 0
        chunks[-1].append(index)
        size += file_size
    return chunks


def parsed_files(files: list[Path], publisher: str | None) -> Generator[Parsed, None, None]:
    """Parsed files in order. Big imports parse in worker processes (see workers.py) while
    this process writes the database. Workers are forked from a single-threaded process (the
    CLI) and spawned from a threaded one (the GUI), where forking is unsafe."""
    workers = min(4, (os.cpu_count() or 1) - 1)  # one core stays with the writer, the critical path
    if len(files) < PARALLEL_MIN_FILES or workers < 1:
        for path in files:
            yield parse_file(path, publisher)
        return
    import multiprocessing

    from briefapp.library.workers import parse_in_workers

    forkable = "fork" in multiprocessing.get_all_start_methods()
    method = "fork" if threading.active_count() == 1 and forkable else "spawn"
    context = multiprocessing.get_context(method)
    yield from parse_in_workers(files, _chunks(files), publisher, workers, context)
