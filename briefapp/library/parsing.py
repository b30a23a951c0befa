"""Reading and parsing files for the importer, in worker processes for big imports.

Parsing is the import's pure half: a file becomes a :class:`StoredRow` of plain values that
cross from a worker process cheaply. The writer (``importer.py``) stores them in order.
"""

from __future__ import annotations

import json
import os
import stat
import sys
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from briefapp.errors import ImportFailed
from briefapp.ingest.decode import MAX_FILE_BYTES
from briefapp.ingest.pipeline import parse_report, unexpected_problem
from briefapp.library.metadata import search_meta
from briefapp.library.near_duplicates import sketch
from briefapp.models import Report, SectionKind

PARALLEL_MIN_FILES = 400
CHUNK = 64  # files per parse job
CHUNK_BYTES = 8 * 1024 * 1024
IN_FLIGHT_CHUNKS = 32  # at most 256 MB of parsed files waiting for the writer
POOL_AHEAD_CHUNKS = 16  # per worker: about one database batch

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

# Fault injection for the test suite: a parse worker given this file name dies at once, the
# way an out-of-memory kill would take it (never the importing process itself).
KILL_WORKER_ON = "BRIEFAPP_TEST_KILL_WORKER_ON"


class StoredRow(NamedTuple):
    """A parsed report as the plain values the importer stores. A named tuple of strings and
    tuples crosses from a parse worker at a fraction of the cost of dataclasses, and the JSON
    is encoded in the worker rather than by the writer."""

    values: tuple[str | None, ...]  # in the order of STORED_COLUMNS
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


def stored_row(report: Report, publisher: str | None = None) -> StoredRow:
    """A parsed report as the values the importer stores (see :class:`StoredRow`)."""
    text_sketch = sketch(s.text for s in report.sections)
    values = (
        report.title,
        publisher or report.publisher,
        report.published.isoformat() if report.published else None,
        json.dumps(report.countries, ensure_ascii=False),
        json.dumps(report.topics, ensure_ascii=False),
        json.dumps(report.tags, ensure_ascii=False),
        report.source_file,
        report.format,
        report.content_hash,
        report.url,
        search_meta(report.countries, report.topics, publisher or report.publisher, report.tags),
        json.dumps(text_sketch) if text_sketch else None,
    )
    sections = [(i, s.heading, s.kind, s.text) for i, s in enumerate(report.sections)]
    return StoredRow(values, report.countries, report.topics, sections, text_sketch)


def iter_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Files named and files under folders named (recursive, sorted, hidden files skipped)."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        yield Path(root) / name
        else:
            yield path


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
        with open(path, "rb") as file:
            return file.read()
    except FileNotFoundError:
        raise ImportFailed(path, "no such file or folder") from None
    except PermissionError:
        raise ImportFailed(path, "permission denied (cannot read the file)") from None
    except IsADirectoryError:
        raise ImportFailed(path, "is a folder") from None
    except OSError as exc:
        raise ImportFailed(path, f"cannot read the file ({exc.strerror or exc})") from None


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


def _worker_init() -> None:
    """Parse workers die with the importer: a killed import must not leave them behind."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        try:
            ctypes.CDLL("libc.so.6").prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except OSError:
            pass


def _parse_chunk(paths: list[Path], publisher: str | None, in_worker: bool = False) -> list[Parsed]:
    doomed = os.environ.get(KILL_WORKER_ON) if in_worker else None
    if doomed and any(Path(p).name == doomed for p in paths):
        os._exit(70)
    return [parse_file(p, publisher) for p in paths]


@dataclass
class _Chunk:
    """Files parsed together: by a worker (``future``) or by the writer itself (``parsed``)."""

    paths: list[Path]
    future: Future[list[Parsed]] | None = None
    parsed: list[Parsed] | None = field(default=None)


def _chunks(files: list[Path]) -> list[list[Path]]:
    chunks: list[list[Path]] = [[]]
    size = 0
    for path in files:
        try:
            file_size = path.stat().st_size
        except OSError:
            file_size = 0
        if chunks[-1] and (len(chunks[-1]) >= CHUNK or size + file_size > CHUNK_BYTES):
            chunks.append([])
            size = 0
        chunks[-1].append(path)
        size += file_size
    return chunks


def parsed_files(files: list[Path], publisher: str | None) -> Iterator[Parsed]:
    """Parsed files in order. Big imports parse in worker processes while this process writes
    the database. Workers are forked from a single-threaded process (the CLI) and spawned
    from a threaded one (the GUI), where forking is unsafe."""
    workers = min(4, (os.cpu_count() or 1) - 1)  # one core stays with the writer, the critical path
    if len(files) < PARALLEL_MIN_FILES or workers < 1:
        for path in files:
            yield parse_file(path, publisher)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    chunks = _chunks(files)
    forkable = "fork" in multiprocessing.get_all_start_methods()
    method = "fork" if threading.active_count() == 1 and forkable else "spawn"
    with ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context(method), initializer=_worker_init
    ) as pool:
        in_flight: deque[_Chunk] = deque()  # in file order
        queued = 0
        broken = False  # a worker died (killed, out of memory): this process parses the rest
        try:
            while queued < len(chunks) or in_flight:
                # Keep each worker a database batch ahead of the writer (not the whole import
                # in memory), so it never idles while this process writes.
                while (
                    queued < len(chunks)
                    and not broken
                    and len(in_flight) < IN_FLIGHT_CHUNKS
                    and sum(c.future is not None for c in in_flight) < POOL_AHEAD_CHUNKS * workers
                ):
                    try:
                        future = pool.submit(_parse_chunk, chunks[queued], publisher, True)
                        in_flight.append(_Chunk(chunks[queued], future))
                        queued += 1
                    except BrokenProcessPool:
                        broken = True
                head = in_flight[0] if in_flight else None
                waiting = head is not None and head.parsed is None and head.future is not None
                if head is None or (waiting and head.future is not None and not head.future.done()):
                    # Nothing to write yet: rather than wait, parse the next chunk here. (With
                    # two workers or more the pool fills the window and keeps ahead of this
                    # process, the bottleneck then, which so never parses.)
                    if queued < len(chunks) and len(in_flight) < IN_FLIGHT_CHUNKS:
                        parsed = _parse_chunk(chunks[queued], publisher)
                        in_flight.append(_Chunk(chunks[queued], parsed=parsed))
                        queued += 1
                        continue
                head = in_flight.popleft()
                if head.parsed is None and head.future is not None:
                    try:
                        head.parsed = head.future.result()
                    except BrokenProcessPool:
                        broken = True
                yield from (
                    head.parsed if head.parsed is not None else _parse_chunk(head.paths, publisher)
                )
        finally:
            for entry in in_flight:
                if entry.future is not None:
                    entry.future.cancel()
