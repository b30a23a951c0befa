"""Background operations: the one way the GUI runs long work (import, queries, render, save).

Modelled on Anki's ``QueryOp``::

    Operation(parent, op, success=..., failure=..., progress=...).run_in_background()

``op(job)`` runs on a worker of a QThreadPool; it must never touch widgets. It receives a
:class:`Job` whose ``cancelled`` and ``progress`` are passed to core functions as their
``cancel=`` and ``progress=`` callbacks. Results, errors and progress come back on the GUI
thread through queued signals of a small QObject carrier that lives there.
"""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

from briefapp.gui.qt import QObject, QRunnable, QThreadPool, Signal, Slot, owning_widget

PROGRESS_INTERVAL_S = 0.05

_pool: QThreadPool | None = None
_live: set[Operation] = set()  # keeps carriers alive until their results are delivered


def thread_pool() -> QThreadPool:
    """The pool every operation runs on (a few workers; the library serialises its own access)."""
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(4)
    return _pool


def wait_for_all(msecs: int = 30000) -> bool:
    """Block until every queued operation has finished (for shutdown and tests)."""
    return thread_pool().waitForDone(msecs)


def cancel_all() -> None:
    """Ask every running operation to stop (on quit)."""
    for operation in list(_live):
        operation.cancel()


class Job:
    """What ``op`` receives: a cancel flag and a progress reporter."""

    def __init__(self, carrier: Operation):
        self._cancel = threading.Event()
        self._carrier = carrier
        self._last_progress = 0.0
        self._skipped: tuple | None = None

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def progress(self, *args: Any) -> None:
        """Report progress; the GUI's ``progress`` callback receives the same arguments.

        At most one report every PROGRESS_INTERVAL_S: a fast import reports thousands of files
        a second, and a flood of queued signals starves the event loop (and has crashed
        PySide6). A count that is complete (``done == total``) goes at once; any other report
        held back is sent when the job ends, before its result."""
        now = time.monotonic()
        last = len(args) >= 2 and isinstance(args[0], int) and args[0] == args[1]
        if not last and now - self._last_progress < PROGRESS_INTERVAL_S:
            self._skipped = args
            return
        self._last_progress = now
        self._skipped = None
        self._emit(args)

    def flush(self) -> None:
        """Send the last report held back (the job is ending)."""
        if self._skipped is not None:
            args, self._skipped = self._skipped, None
            self._emit(args)

    def _emit(self, args: tuple) -> None:
        try:
            self._carrier._progress.emit(args)
        except RuntimeError:  # the carrier's parent is gone; nobody is listening
            pass


class Operation(QObject):
    """One background job with success / failure / progress callbacks on the GUI thread."""

    _done = Signal(object)
    _failed = Signal(object, str)
    _progress = Signal(object)

    def __init__(
        self,
        parent: QObject | None,
        op: Callable[[Job], Any],
        *,
        success: Callable[[Any], object] | None = None,  # (what it returns is ignored)
        failure: Callable[[BaseException], None] | None = None,
        progress: Callable[..., None] | None = None,
        finished: Callable[[], None] | None = None,
    ):
        super().__init__(parent)
        self._op = op
        self._success = success
        self._failure = failure
        self._on_progress = progress
        self._finished = finished
        self.job = Job(self)
        self._showing_progress = False
        self._pending_progress: tuple | None = None
        self._held_end: tuple | None = None
        self._ended = False
        # Receiver is this object, which lives on the GUI thread: the connections are queued.
        self._done.connect(self._deliver_success)
        self._failed.connect(self._deliver_failure)
        self._progress.connect(self._deliver_progress)

    def failure(self, callback: Callable[[BaseException], None]) -> Operation:
        self._failure = callback
        return self

    def cancel(self) -> None:
        self.job.cancel()

    def run_in_background(self) -> Operation:
        _live.add(self)
        thread_pool().start(_Runner(self))
        return self

    # -- GUI-thread side ---------------------------------------------------------------
    def _orphaned(self) -> bool:
        """Whether the window this job worked for has closed for good (its library too, or
        about to be): a result or error arriving now would only start work on a closed
        library, so it is dropped."""
        owner = owning_widget(self.parent())
        return owner is not None and bool(getattr(owner.window(), "closed_for_good", False))

    @Slot(object)
    def _deliver_success(self, result: Any) -> None:
        if self._orphaned():
            self._end()
            return
        if self._showing_progress:  # (inside a progress dialog's event loop: after it)
            self._held_end = (self._deliver_success, (result,))
            return
        try:
            if self._success is not None:
                self._success(result)
        finally:
            self._end()

    @Slot(object, str)
    def _deliver_failure(self, error: BaseException, trace: str) -> None:
        if self._orphaned():
            self._end()
            return
        if self._showing_progress:
            self._held_end = (self._deliver_failure, (error, trace))
            return
        try:
            if self._failure is not None:
                self._failure(error)
            else:
                from briefapp.gui.errors import show_error

                show_error(self.parent(), error, trace)
        finally:
            self._end()

    @Slot(object)
    def _deliver_progress(self, args: tuple) -> None:
        if self._on_progress is None or self.job.cancelled() or self._ended:
            return
        # A modal progress dialog runs the event loop inside setValue(): a report arriving
        # meanwhile waits for the one being shown instead of nesting inside it, and so does
        # the job's end (which closes the dialog).
        if self._showing_progress:
            self._pending_progress = args
            return
        self._showing_progress = True
        try:
            self._on_progress(*args)
            while self._pending_progress is not None and not self.job.cancelled():
                args, self._pending_progress = self._pending_progress, None
                self._on_progress(*args)
        finally:
            self._showing_progress = False
            self._pending_progress = None
            held, self._held_end = self._held_end, None
            if held is not None:
                held[0](*held[1])

    def _end(self) -> None:
        self._ended = True
        try:
            if self._finished is not None:
                self._finished()
        finally:
            _live.discard(self)
            self.deleteLater()  # one carrier per job: do not let them pile up under the parent


class _Runner(QRunnable):
    def __init__(self, operation: Operation):
        super().__init__()
        self.operation = operation

    def run(self) -> None:
        op = self.operation
        args: tuple[object, ...]
        try:
            result = op._op(op.job)
        except BaseException as exc:  # noqa: BLE001 - delivered to the GUI thread
            signal, args = op._failed, (exc, traceback.format_exc())
        else:
            signal, args = op._done, (result,)
        op.job.flush()
        try:
            signal.emit(*args)
        except RuntimeError:  # parent widget deleted while we worked
            _live.discard(op)
