"""Saving briefings in the background: one write at a time, in order, and no widget involved.

The composer tells :class:`BriefingAutosaver` that a briefing was edited; after a short pause a
snapshot of it is queued and written on the background-operation pool. Writes never overlap and
keep their order, so a snapshot taken later always lands later, a deletion is written after
every save queued before it, and a new briefing's first save gives the live briefing its id
before the next snapshot of it is written (which then updates that row, never inserts another).
"""

from __future__ import annotations

import copy

from briefapp.errors import Conflict
from briefapp.gui.changes import ChangeHub, LibraryChanges
from briefapp.gui.operations import Job, Operation
from briefapp.gui.qt import QObject, QTimer, Signal
from briefapp.library import Library
from briefapp.models import Briefing

AUTOSAVE_MS = 800


def write_briefing(library: Library, live: Briefing, snapshot: Briefing | None) -> None:
    """Save a snapshot of ``live``, or delete ``live`` when ``snapshot`` is None.

    Runs in the worker thread and gives a new briefing its id at once: a later snapshot of the
    same briefing must update that row, not insert a second one. The snapshot carries the
    version this window last saved or loaded (on a server, a save over someone else's newer
    version raises Conflict), and the live briefing takes the version its save made, so this
    window's own saves never conflict with each other."""
    if snapshot is None:
        if live.id is not None:
            library.delete_briefing(live.id, version=live.version)
        return
    if snapshot.id is None:
        snapshot.id = live.id
    snapshot.version = live.version
    library.save_briefing(snapshot)
    live.id, live.version = snapshot.id, snapshot.version


def copy_of(briefing: Briefing, suffix: str = " (copy)") -> Briefing:
    """A new briefing holding ``briefing``'s content (for "save as copy" after a conflict):
    no id, no version, and a title that tells the two apart."""
    duplicate = copy.deepcopy(briefing)
    duplicate.id, duplicate.version = None, None
    duplicate.title = (briefing.title or "Untitled briefing") + suffix
    for item in duplicate.items:
        item.id = None
    return duplicate


class BriefingAutosaver(QObject):
    """The save queue of the briefings of one library.

    Signals (on the GUI thread): ``started(live)`` when a write begins, ``saved(live)`` after a
    snapshot of ``live`` is stored (``live.id`` is then set), ``deleted(live)`` after a
    deletion (also announced on ``changes`` as a change of the briefing list) and
    ``failed(live, error)``; a failed write is tried again with the next save.

    ``conflict(live, error)``: someone else saved the briefing since this window loaded it (a
    shared library). Its snapshots are dropped and it is not saved again until the window has
    settled it (:meth:`settled`: reload theirs, or save this one as a copy), so a conflict
    is never retried in a loop nor overwritten.
    """

    started = Signal(object)
    saved = Signal(object)
    deleted = Signal(object)
    failed = Signal(object, object)
    conflict = Signal(object, object)

    def __init__(
        self,
        library: Library,
        changes: ChangeHub | None = None,
        delay_ms: int = AUTOSAVE_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.changes = changes
        self._edited: Briefing | None = None  # edited since its last snapshot was queued
        # (live briefing, snapshot to save or None to delete), written one at a time, in order
        self._queue: list[tuple[Briefing, Briefing | None]] = []
        self._writing = False
        self._in_conflict: list[Briefing] = []  # (by identity: briefings are not hashable)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.save_now)

    def edited(self, briefing: Briefing) -> None:
        """``briefing`` changed: save it after a pause (a burst of edits makes one save)."""
        if self._edited is not None and self._edited is not briefing:
            self._queue_edited()  # another briefing's edits go first, in the order made
            self._write_next()
        self._edited = briefing
        self._timer.start()

    def save_now(self) -> Operation | None:
        """Queue a snapshot of the edited briefing, if any, and start writing."""
        self._timer.stop()
        self._queue_edited()
        return self._write_next()

    def delete(self, briefing: Briefing) -> Operation | None:
        """Delete ``briefing`` after every save queued before (so no late save brings it
        back); its edits not yet queued are dropped."""
        self.discard(briefing)
        self._queue.append((briefing, None))
        return self._write_next()

    def discard(self, briefing: Briefing) -> None:
        """Forget the edits of ``briefing`` not yet queued (it is as stored: just loaded)."""
        if self._edited is briefing:
            self._timer.stop()
            self._edited = None

    def flush(self) -> list[Briefing]:
        """Write everything still waiting, in the calling thread: on quit, once the background
        work has finished (``operations.wait_for_all``), so each snapshot is written once.

        A briefing someone else saved meanwhile (a conflict, found now or still unsettled)
        is saved as a copy, never dropped: returns those copies, for the window to say so."""
        self._timer.stop()
        self._queue_edited()
        copies: list[Briefing] = []
        for live in self._in_conflict:
            copies.append(self.library.save_briefing(copy_of(live)))
        self._in_conflict.clear()
        while self._queue:
            live, snapshot = self._queue.pop(0)
            try:
                write_briefing(self.library, live, snapshot)
            except Conflict:
                self._queue = [(b, s) for b, s in self._queue if b is not live]
                if snapshot is not None:  # (a refused deletion leaves their version as it is)
                    copies.append(self.library.save_briefing(copy_of(live)))
            except BaseException:
                # (e.g. the server is out of reach): kept for the next try, which the window
                # offers instead of closing
                self._queue.insert(0, (live, snapshot))
                raise
        return copies

    def in_conflict(self, briefing: Briefing) -> bool:
        """Whether ``briefing`` waits for the window to settle a conflict (not saved now)."""
        return any(b is briefing for b in self._in_conflict)

    def settled(self, briefing: Briefing) -> None:
        """The window settled ``briefing``'s conflict (reloaded or copied): forget it."""
        self._in_conflict = [b for b in self._in_conflict if b is not briefing]

    def idle(self) -> bool:
        """Nothing edited, queued or being written."""
        return self._edited is None and not self._queue and not self._writing

    def _queue_edited(self) -> None:
        if self._edited is not None:
            live, self._edited = self._edited, None
            if not self.in_conflict(live):  # (its content is settled by the window)
                self._queue.append((live, copy.deepcopy(live)))

    def _write_next(self) -> Operation | None:
        if self._writing or not self._queue:
            return None
        self._writing = True
        live, snapshot = self._queue.pop(0)
        library = self.library
        self.started.emit(live)

        def op(job: Job) -> None:
            write_briefing(library, live, snapshot)

        def done(_result: None) -> None:
            self._writing = False
            if snapshot is None:
                if self.changes is not None:
                    self.changes.announce(LibraryChanges(briefings=True))
                self.deleted.emit(live)
            else:
                self.saved.emit(live)
            self._write_next()

        def failed(error: BaseException) -> None:
            self._writing = False
            if isinstance(error, Conflict):
                if snapshot is None:
                    # A deletion someone else's newer save refused: the briefing stays, listed
                    # again with their changes, and the window says why.
                    if self.changes is not None:
                        self.changes.announce(LibraryChanges(briefings=True))
                    self.failed.emit(live, error)
                else:
                    self._hold(live)
                    self.conflict.emit(live, error)
                self._write_next()  # other briefings' saves go on
                return
            if self._edited is not live:  # (a newer snapshot of it is taken anyway)
                self._queue.insert(0, (live, snapshot))
            self.failed.emit(live, error)

        return Operation(self, op, success=done, failure=failed).run_in_background()

    def _hold(self, live: Briefing) -> None:
        """Stop saving ``live`` until the window settles its conflict: its queued snapshots
        would meet the same conflict (the live briefing holds their content and more)."""
        if not self.in_conflict(live):
            self._in_conflict.append(live)
        self._queue = [(b, s) for b, s in self._queue if b is not live or s is None]
        self.discard(live)
