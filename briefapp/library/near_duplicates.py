"""Near-duplicates: the same article captured twice (an extra line, another file name, another
page template) is stored, and marked as repeating the report it was first captured as.

Each report gets a small sketch: the smallest hashes of its sentences (a bottom-k MinHash over
sentence shingles). Two captures of one article share most sentences, so their sketches
estimate a high resemblance; two different reports from one publisher's template share only
the template's few sentences. The threshold and the sketch size were chosen by measurement
(``benchmarks/bench_near_duplicates.py``). A sketch costs a few tens of microseconds per
report, computed in the parse workers.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterable

SKETCH_SIZE = 16  # smallest sentence hashes kept per report
MIN_SENTENCES = 4  # shorter texts are too short to call near-duplicates
MIN_WORDS = 4  # words for a sentence to count (drops list bullets, bylines, "Read more.")
THRESHOLD = 0.5  # estimated resemblance from which two reports are the same article
_MIN_SHARED = 3  # sketch hashes a candidate must share before it is compared at all


def sketch(texts: Iterable[str]) -> tuple[int, ...]:
    """The sketch of a report's text (its sections), () when it is too short to compare.

    Plain string methods only: a regular expression over the text costs ten times more."""
    hashes: set[int] = set()
    for text in texts:
        # Paragraph breaks end sentences too; a text's last full stop has no space after it.
        for sentence in text.casefold().replace("\n", " ").split(". "):
            words = sentence.split()
            if len(words) >= MIN_WORDS:
                hashes.add(zlib.crc32(" ".join(words).rstrip(".!?").encode()))
    if len(hashes) < MIN_SENTENCES:
        return ()
    return tuple(sorted(hashes)[:SKETCH_SIZE])


def resemblance(a: Iterable[int], b: Iterable[int]) -> float:
    """The estimated Jaccard resemblance of two texts from their sketches (0 to 1)."""
    first, second = set(a), set(b)
    union = sorted(first | second)[:SKETCH_SIZE]
    if not union:
        return 0.0
    return sum(1 for h in union if h in first and h in second) / len(union)


def find_original(
    conn: sqlite3.Connection, report_sketch: tuple[int, ...], before: int
) -> int | None:
    """The report that report ``before`` repeats (the first capture of its group; only
    reports stored before it count), or None."""
    if not report_sketch:
        return None
    marks = ",".join("?" * len(report_sketch))
    candidates = conn.execute(
        f"SELECT k.report_id, r.sketch, r.near_duplicate_of FROM report_sketch k"
        f" JOIN reports r ON r.id = k.report_id WHERE k.hash IN ({marks}) AND k.report_id < ?"
        " GROUP BY k.report_id HAVING count(*) >= ? ORDER BY count(*) DESC, k.report_id LIMIT 8",
        [*report_sketch, before, min(_MIN_SHARED, len(report_sketch))],
    ).fetchall()
    for report_id, stored, original in candidates:
        if resemblance(report_sketch, json.loads(stored or "[]")) >= THRESHOLD:
            return int(original or report_id)
    return None


def link(conn: sqlite3.Connection, report_id: int, report_sketch: tuple[int, ...]) -> int | None:
    """Keep a report's sketch and record which earlier report it repeats, if any (a report
    already marked keeps its mark). Returns the report it repeats."""
    conn.execute(
        "UPDATE reports SET sketch = ? WHERE id = ?",
        [json.dumps(report_sketch) if report_sketch else None, report_id],
    )
    conn.execute("DELETE FROM report_sketch WHERE report_id = ?", [report_id])
    store_sketch(conn, report_id, report_sketch)
    marked = conn.execute(
        "SELECT near_duplicate_of FROM reports WHERE id = ?", [report_id]
    ).fetchone()
    if marked is None or marked[0] is not None:
        return marked[0] if marked else None
    original = find_original(conn, report_sketch, before=report_id)
    if original is not None:
        conn.execute("UPDATE reports SET near_duplicate_of = ? WHERE id = ?", [original, report_id])
    return original


def store_sketch(conn: sqlite3.Connection, report_id: int, report_sketch: tuple[int, ...]) -> None:
    """Keep a report's sketch where :func:`find_original` looks."""
    if report_sketch:
        conn.executemany(
            "INSERT OR IGNORE INTO report_sketch (hash, report_id) VALUES (?, ?)",
            [(h, report_id) for h in report_sketch],
        )
