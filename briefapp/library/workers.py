"""Parse worker processes for big imports, which survive a worker's death.

A worker can die at any moment: the out-of-memory killer picks the biggest process, a parser
may crash on a hostile file, a user may kill it. ``concurrent.futures.ProcessPoolExecutor``
cannot always recover: its workers share the locks of one call queue and one result queue,
and a worker killed while holding one (or half-way through writing a result) leaves the others
and the pool's own thread waiting forever, with Ctrl-C ignored while the pool shuts down.

So each worker here has a pipe of its own, shared with no other process, and a slot of shared
memory saying which file it is reading. A thread per worker only receives: a death shows as
the end of its pipe or its process sentinel, whatever the worker was doing. The importing
thread (the generator :func:`parse_in_workers`) gives out jobs, puts results in order and keeps
the watch:

- a worker that dies is replaced, and its unfinished jobs go to the others; the file it was
  reading is read again alone, in a fresh worker (never in the importing process, which it
  could kill too); a file during which a worker dies twice is reported as an error;
- a worker still on one file after :data:`FILE_TIMEOUT_S` seconds is killed and the file is
  reported as an error (a parser caught in a loop);
- a worker idle with work outstanding for that long is killed, and its work goes elsewhere.
"""

from __future__ import annotations

import os
import queue
import signal
import socket
import sys
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from multiprocessing import get_context
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any, Literal

from briefapp.library.parsing import (
    CHUNK,
    IN_FLIGHT_CHUNKS,
    KILL_WORKER_ON,
    POOL_AHEAD_CHUNKS,
    Parsed,
    StoredRow,
    parse_file,
)

# Per-file time budget in a worker (the slowest legitimate files, 10,000-page PDFs and 20 MB
# texts, take well under a minute on a slow machine).
FILE_TIMEOUT_S = 120.0
POLL_S = 0.25  # how often the importing thread looks at its workers while it waits
# Deaths while no file was being read (a kill between files, a worker that cannot start):
# past this many, the import goes on without workers.
UNEXPLAINED_DEATHS_MAX = 6

DIED_TWICE = "the file made the importer's worker process die twice (out of memory?)"
WORKERS_GONE = "the importer's worker processes kept dying; the file was not read"

# Fault injection for the test suite, read in the workers (see also parsing.KILL_WORKER_ON):
# with KILL_WORKER_ONCE naming a marker file, a worker dies on the doomed file only if it is
# the first to create the marker; a worker hangs on the file HANG_WORKER_ON names.
KILL_WORKER_ONCE = "BRIEFAPP_TEST_KILL_WORKER_ONCE"
HANG_WORKER_ON = "BRIEFAPP_TEST_HANG_WORKER_ON"
FILE_TIMEOUT_ENV = "BRIEFAPP_TEST_WORKER_FILE_TIMEOUT"

IDLE = -1  # the progress slot when a worker is reading no file


@dataclass
class _Job:
    """Files (by index) parsed together; ``retry`` when they are a file read again alone
    because a worker died while reading it."""

    files: list[int]
    retry: bool = False


@dataclass
class _Worker:
    process: Any  # multiprocessing.process.BaseProcess
    conn: Connection
    progress: Any  # a shared c_longlong: the index of the file being read, or IDLE
    outstanding: deque[_Job] = field(default_factory=deque)  # sent, in the order it reads them
    seen: int = IDLE  # the progress value last seen, and since when
    since: float = field(default_factory=time.monotonic)
    timed_out: int | None = None  # the file it was killed for taking too long on
    receiver: threading.Thread | None = None


Event = tuple[Literal["result", "dead"], _Worker, Any]


def _worker_main(conn: Connection, progress: Any, files: list[Path], publisher: str | None) -> None:
    """A worker: read jobs (lists of file indices) from the pipe, answer with the parsed files."""
    if sys.platform.startswith("linux"):
        import ctypes

        try:  # die with the importer: a killed import must not leave workers behind
            ctypes.CDLL("libc.so.6").prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except OSError:
            pass
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the importer's to handle
    doomed = os.environ.get(KILL_WORKER_ON)
    once = os.environ.get(KILL_WORKER_ONCE)
    hang = os.environ.get(HANG_WORKER_ON)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        parsed = []
        for index in job:
            progress.value = index
            path = files[index]
            if doomed and path.name == doomed and _first_to_claim(once):
                os._exit(70)
            while hang and path.name == hang:
                time.sleep(1)
            parsed.append(_parse_safely(path, publisher))
        progress.value = IDLE
        try:
            conn.send([_as_tuples(one) for one in parsed])
        except OSError:
            return


# Parsed files cross the pipe as plain tuples: pickle handles a named tuple through Python
# calls (its __getnewargs__), which made pickling three times slower, a tenth of a worker's time.
_Tuples = tuple[str, bytes | None, tuple[Any, ...] | None, str | None]


def _as_tuples(parsed: Parsed) -> _Tuples:
    row = tuple(parsed.row) if parsed.row is not None else None
    return (parsed.path, parsed.data, row, parsed.problem)


def _from_tuples(value: _Tuples) -> Parsed:
    path, data, row, problem = value
    return Parsed(path, data, StoredRow(*row) if row is not None else None, problem)


def _first_to_claim(marker: str | None) -> bool:
    if not marker:
        return True
    try:
        os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        return True
    except FileExistsError:
        return False


def _parse_safely(path: Path, publisher: str | None) -> Parsed:
    """parse_file, with a parser's bug or exhausted memory reported as that file's problem
    rather than a traceback that ends the worker."""
    try:
        return parse_file(path, publisher)
    except MemoryError:
        return Parsed(str(path), None, None, "too large to read (out of memory)")
    except Exception as exc:  # noqa: BLE001 - a parser bug on one file never stops the batch
        return Parsed(str(path), None, None, f"could not be read ({type(exc).__name__})")


def _receive(worker: _Worker, events: queue.SimpleQueue[Event]) -> None:
    """A worker's receiving thread: its results, then its death, as events in order."""
    conn, sentinel = worker.conn, worker.process.sentinel
    try:
        while True:
            ready = wait([conn, sentinel])
            if conn not in ready and not conn.poll():
                break  # exited with nothing more to say
            events.put(("result", worker, [_from_tuples(one) for one in conn.recv()]))
    except (EOFError, OSError):
        pass  # the pipe ended: the worker died, or wrote half a result and died
    events.put(("dead", worker, None))


class _Pool:
    """The workers of one import and the watch kept on them (see the module's docstring)."""

    def __init__(
        self, files: list[Path], publisher: str | None, count: int, context: BaseContext
    ) -> None:
        self.files, self.publisher, self.count = files, publisher, count
        self.context = context
        self.started = 0
        self.events: queue.SimpleQueue[Event] = queue.SimpleQueue()
        self.workers: list[_Worker] = []
        self.unexplained_deaths = 0
        self.timeout = float(os.environ.get(FILE_TIMEOUT_ENV) or FILE_TIMEOUT_S)

    def start_worker(self) -> None:
        # A replacement starts while this process has threads (the receiving ones, the
        # checkpointer), where forking is unsafe: it is spawned, which costs about a second.
        context = self.context if self.started < self.count else get_context("spawn")
        self.started += 1
        parent_end, child_end = context.Pipe()
        _widen(child_end)
        progress = context.RawValue("q", IDLE)
        process = context.Process(  # type: ignore[attr-defined]
            target=_worker_main,
            args=(child_end, progress, self.files, self.publisher),
            name="briefapp-parse",
            daemon=True,
        )
        process.start()
        child_end.close()  # so the worker's death ends the pipe for the receiving thread
        worker = _Worker(process, parent_end, progress)
        self.workers.append(worker)
        worker.receiver = threading.Thread(
            target=_receive, args=(worker, self.events), name="briefapp-parse-receive", daemon=True
        )
        worker.receiver.start()

    def send(self, worker: _Worker, job: _Job) -> bool:
        try:
            worker.conn.send(job.files)  # a few hundred bytes: never waits on a full pipe
        except OSError:
            return False  # dead: its receiving thread says so, and the job is given out again
        if not worker.outstanding:
            worker.since = time.monotonic()
        worker.outstanding.append(job)
        return True

    def watch(self) -> None:
        """Kill a worker stuck on one file, or idle with work outstanding, for too long."""
        now = time.monotonic()
        for worker in self.workers:
            value = worker.progress.value
            if value != worker.seen:
                worker.seen, worker.since = value, now
            elif worker.outstanding and now - worker.since > self.timeout:
                if value != IDLE:
                    worker.timed_out = value
                worker.process.kill()

    def close(self, clean: bool) -> None:
        for worker in self.workers:
            if clean:
                try:
                    worker.conn.send(None)
                except OSError:
                    pass
        deadline = time.monotonic() + 2
        for worker in self.workers:
            if clean:
                worker.process.join(max(0.0, deadline - time.monotonic()))
            if worker.process.is_alive():
                worker.process.kill()
            worker.process.join(5)
        for worker in self.workers:
            _forget(worker)
        self.workers.clear()


# A job's results (64 parsed files, about half a megabyte) fit in the connection's buffer: the
# worker goes on to its next job at once instead of waiting, a few hundred kilobytes at a time,
# for the receiving thread to take its turn at the interpreter (a tenth of a worker's time).
SEND_BUFFER_BYTES = 2 * 1024 * 1024


def _widen(conn: Connection) -> None:
    """Give a connection's socket a send buffer of SEND_BUFFER_BYTES, where it is a socket
    (POSIX; the system may grant less)."""
    try:
        with socket.socket(fileno=os.dup(conn.fileno())) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, SEND_BUFFER_BYTES)
    except OSError:
        pass  # (a Windows pipe): results then wait for the receiving thread a little


def _forget(worker: _Worker) -> None:
    """Close a dead worker's pipe once its receiving thread is done with it."""
    if worker.receiver is not None:
        worker.receiver.join(5)
    worker.conn.close()


def parse_in_workers(
    files: list[Path],
    chunks: list[list[int]],
    publisher: str | None,
    count: int,
    context: BaseContext,
) -> Iterator[Parsed]:
    """Parsed files in order, read by ``count`` worker processes (and by this thread while it
    would otherwise wait). ``chunks`` lists the files' indices, job by job, in order."""
    pool = _Pool(files, publisher, count, context)
    pending = deque(_Job(chunk) for chunk in chunks)
    results: dict[int, Parsed] = {}
    window = IN_FLIGHT_CHUNKS * CHUNK  # files parsed ahead of the writer, at most
    next_index = 0
    clean = False
    try:
        for _ in range(count):
            pool.start_worker()
        while next_index < len(files):
            if next_index in results:
                yield results.pop(next_index)
                next_index += 1
                continue
            # Keep each worker about a database batch ahead of the writer, so it never idles
            # while this thread writes.
            for worker in pool.workers:
                while (
                    pending
                    and len(worker.outstanding) < POOL_AHEAD_CHUNKS
                    and (pending[0].retry or pending[0].files[0] < next_index + window)
                    and worker.process.is_alive()
                ):
                    if not pool.send(worker, pending[0]):
                        break
                    pending.popleft()
            try:
                event = pool.events.get(timeout=0 if _can_help(pending, next_index) else POLL_S)
            except queue.Empty:
                event = None
            pool.watch()
            if event is None:
                if _can_help(pending, next_index) or not pool.workers:
                    _parse_here(pending, results, files, publisher)
                continue
            kind, worker, payload = event
            if kind == "result":
                job = worker.outstanding.popleft()
                results.update(zip(job.files, payload, strict=True))
                worker.since = time.monotonic()
            else:
                _after_death(pool, worker, pending, results)
        clean = True
    finally:
        pool.close(clean)


def _can_help(pending: deque[_Job], next_index: int) -> bool:
    """The writer waits for the next file and could parse a job itself: never a file read
    again after a worker died on it, which could kill this process too."""
    return bool(pending) and not pending[0].retry and pending[0].files[0] >= next_index


def _parse_here(
    pending: deque[_Job], results: dict[int, Parsed], files: list[Path], publisher: str | None
) -> None:
    if not pending:
        return
    job = pending.popleft()
    for index in job.files:
        if job.retry:  # no worker is left to read it, and it may kill this process
            results[index] = Parsed(str(files[index]), None, None, WORKERS_GONE)
        else:
            results[index] = parse_file(files[index], publisher)


def _after_death(
    pool: _Pool, worker: _Worker, pending: deque[_Job], results: dict[int, Parsed]
) -> None:
    """Give a dead worker's jobs out again; the file it was reading goes alone, or, if a
    worker already died on it alone (or it took too long), is reported as an error."""
    worker.process.join(5)
    pool.workers.remove(worker)
    _forget(worker)
    jobs = list(worker.outstanding)
    culprit = worker.timed_out if worker.timed_out is not None else worker.progress.value
    again: list[_Job] = []
    if jobs and culprit in jobs[0].files:
        first = jobs.pop(0)
        path = str(pool.files[culprit])
        if worker.timed_out is not None:
            results[culprit] = Parsed(
                path, None, None, f"reading it took longer than {pool.timeout:.0f} s; not imported"
            )
        elif first.retry:
            results[culprit] = Parsed(path, None, None, DIED_TWICE)
        else:
            again.append(_Job([culprit], retry=True))
        rest = [i for i in first.files if i != culprit]
        if rest:
            again.append(_Job(rest, retry=first.retry))
    else:
        pool.unexplained_deaths += 1
    again += jobs
    pending.extendleft(reversed(again))
    if pool.unexplained_deaths <= UNEXPLAINED_DEATHS_MAX:
        try:
            pool.start_worker()
        except OSError:
            pool.unexplained_deaths += 1
