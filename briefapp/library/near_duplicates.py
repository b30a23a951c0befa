"""Near-duplicates: the same article captured twice (an extra line, another file name, another
page template) is stored, and marked as repeating the report it was first captured as.

A report's fingerprint is the set of hashes of its sentences (at most FINGERPRINT_MAX, the
smallest). Its smallest INDEX_KEYS hashes (a bottom-k MinHash sketch) are indexed to find
candidates quickly; candidates are then compared on their whole fingerprints: two captures of
one article share most sentences (resemblance), or one holds nearly all of the other's
(containment: a capture cut short, or wrapped in a page template's own sentences). Two
different reports from one publisher's template share only the template's few sentences. The
thresholds were chosen by measurement on real articles (``benchmarks/bench_near_duplicates.py``).
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterable
from itertools import repeat

from briefapp.library.storage import select_in
from briefapp.models import ReportId

FINGERPRINT_MAX = 256  # sentence hashes kept per report (the smallest)
INDEX_KEYS = 10  # of those, the smallest are indexed to find candidates
MIN_SENTENCES = 4  # shorter texts are too short to call near-duplicates
MIN_WORDS = 4  # words for a sentence to count (drops list bullets, bylines, "Read more.")
RESEMBLANCE = 0.5  # Jaccard resemblance from which two reports are the same article
CONTAINMENT = 0.9  # or: this share of the shorter one's sentences are in the longer one...
CONTAINMENT_MIN = 8  # ...when the shorter one has at least this many sentences
SHARED_MIN = 5  # and never on fewer shared sentences: short reports sharing a template's few
_MIN_SHARED = 2  # index keys a candidate must share before it is compared at all
_INSERT_KEYS = "INSERT OR IGNORE INTO report_sketch (hash, report_id) VALUES (?, ?)"


def sketch(texts: Iterable[str]) -> tuple[int, ...]:
    """The fingerprint of a report's text (its sections), () when too short to compare.

    Plain string methods only: a regular expression over the text costs ten times more."""
    # Line and paragraph breaks end sentences too; a text's last full stop has no space
    # after it. (str.lower and replace run in C: a third of the time of splitting into words.)
    words = " ".join(texts).lower().replace("\n", " ").replace("  ", " ")
    hashes = {
        zlib.crc32(sentence.strip().rstrip(".!?").encode())
        for sentence in words.split(". ")
        if sentence.count(" ") >= MIN_WORDS - 1
    }
    if len(hashes) < MIN_SENTENCES:
        return ()
    return tuple(sorted(hashes)[:FINGERPRINT_MAX])


def resemblance(a: Iterable[int], b: Iterable[int]) -> float:
    """Jaccard resemblance of two fingerprints (0 to 1)."""
    first, second = set(a), set(b)
    union = len(first | second)
    return len(first & second) / union if union else 0.0


def containment(a: Iterable[int], b: Iterable[int]) -> tuple[float, int]:
    """(share of the smaller fingerprint found in the other, size of the smaller)."""
    first, second = set(a), set(b)
    smaller = min(len(first), len(second))
    return (len(first & second) / smaller if smaller else 0.0), smaller


def same_article(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    """Whether two fingerprints are two captures of one article."""
    if len(set(a) & set(b)) < SHARED_MIN:
        return False
    if resemblance(a, b) >= RESEMBLANCE:
        return True
    share, smaller = containment(a, b)
    return share >= CONTAINMENT and smaller >= CONTAINMENT_MIN


def find_original(
    conn: sqlite3.Connection, report_sketch: tuple[int, ...], before: int
) -> ReportId | None:
    """The report that report ``before`` repeats (the first capture of its group; only
    reports stored before it count), or None."""
    if not report_sketch:
        return None
    keys = report_sketch[:INDEX_KEYS]
    marks = ",".join("?" * len(keys))
    candidates = conn.execute(
        f"SELECT k.report_id, r.sketch, r.near_duplicate_of FROM report_sketch k"
        f" JOIN reports r ON r.id = k.report_id WHERE k.hash IN ({marks}) AND k.report_id < ?"
        " GROUP BY k.report_id HAVING count(*) >= ? ORDER BY count(*) DESC, k.report_id LIMIT 8",
        [*keys, before, min(_MIN_SHARED, len(keys))],
    ).fetchall()
    for report_id, stored, original in candidates:
        if same_article(report_sketch, tuple(json.loads(stored or "[]"))):
            return ReportId(original or report_id)
    return None


class BatchMarker:
    """Marks the near-duplicates of a batch of reports being stored, in order, exactly as
    :func:`find_original` and :func:`store_sketch` report by report would, in fewer statements.

    The batch's index keys are looked up once (a query per 500 keys); a report with fewer
    keys in the index than a candidate needs (see :func:`find_original`) has no candidate and
    is not looked up again; the keys are stored with one statement, before any lookup that
    could find them. In a big import most reports share no key with any other.
    """

    def __init__(self, conn: sqlite3.Connection, sketches: Iterable[tuple[int, ...]]) -> None:
        keys = sorted({h for report_sketch in sketches for h in report_sketch[:INDEX_KEYS]})
        # Of the keys above, those in the index (or to be).
        self._indexed: set[int] = {
            h
            for (h,) in select_in(
                conn, "SELECT DISTINCT hash FROM report_sketch WHERE hash IN", keys
            )
        }
        self._unstored: list[tuple[int, int]] = []

    def mark(
        self, conn: sqlite3.Connection, report_id: ReportId, report_sketch: tuple[int, ...]
    ) -> ReportId | None:
        """Record which earlier report a newly stored one repeats, if any, and keep its keys
        (to store with :meth:`store`). Returns the report it repeats."""
        keys = report_sketch[:INDEX_KEYS]
        original = None
        if keys and len(self._indexed.intersection(keys)) >= min(_MIN_SHARED, len(keys)):
            self.store(conn)
            original = _mark_original(conn, report_id, report_sketch)
        self._unstored.extend(zip(keys, repeat(report_id)))
        self._indexed.update(keys)
        return original

    def store(self, conn: sqlite3.Connection) -> None:
        """Store the keys of the reports marked so far (the batch is complete after this)."""
        conn.executemany(_INSERT_KEYS, self._unstored)
        self._unstored.clear()


def link(
    conn: sqlite3.Connection, report_id: ReportId, report_sketch: tuple[int, ...]
) -> ReportId | None:
    """Keep a report's sketch and record which earlier report it repeats, if any (a report
    already marked keeps its mark). Returns the report it repeats."""
    forget_sketch(conn, report_id)  # (before the stored fingerprint, which names its keys)
    conn.execute(
        "UPDATE reports SET sketch = ? WHERE id = ?",
        [json.dumps(report_sketch) if report_sketch else None, report_id],
    )
    store_sketch(conn, report_id, report_sketch)
    marked = conn.execute(
        "SELECT near_duplicate_of FROM reports WHERE id = ?", [report_id]
    ).fetchone()
    if marked is None or marked[0] is not None:
        return marked[0] if marked else None
    return _mark_original(conn, report_id, report_sketch)


def _mark_original(
    conn: sqlite3.Connection, report_id: ReportId, report_sketch: tuple[int, ...]
) -> ReportId | None:
    """Mark the report as repeating the one :func:`find_original` finds; returns that one."""
    original = find_original(conn, report_sketch, before=report_id)
    if original is not None:
        conn.execute("UPDATE reports SET near_duplicate_of = ? WHERE id = ?", [original, report_id])
    return original


def forget_sketch(conn: sqlite3.Connection, report_id: ReportId) -> None:
    """Take a report's keys out of the index (found through its stored fingerprint: the index
    is keyed by hash, which keeps storing a report cheap)."""
    conn.execute(
        "DELETE FROM report_sketch WHERE report_id = ?1 AND hash IN"
        " (SELECT value FROM json_each(coalesce((SELECT sketch FROM reports WHERE id = ?1),"
        " '[]')))",
        [report_id],
    )


def store_sketch(
    conn: sqlite3.Connection, report_id: ReportId, report_sketch: tuple[int, ...]
) -> None:
    """Keep a report's sketch where :func:`find_original` looks."""
    if report_sketch:
        conn.executemany(_INSERT_KEYS, [(h, report_id) for h in report_sketch[:INDEX_KEYS]])
