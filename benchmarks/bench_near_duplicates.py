"""Near-duplicate detection: the threshold measured on real article text, and its cost.

Run:  .venv/bin/python benchmarks/bench_near_duplicates.py

Labelled pairs, all from the 181 real articles of the vendored Zyte benchmark
(benchmarks/data/article-extraction-benchmark, MIT):
- repeats (should be marked): each article captured again with an extra line, with its last
  paragraph cut, re-wrapped at another width, or wrapped in another page template;
- different reports (must never be marked): every pair of two different articles (16,290
  pairs), and 181 reports that share one publisher's template (a header and a footer of three
  sentences each) around different articles.
It prints the resemblance each kind gets, the margin around the threshold, and the cost per
report of the sketch (parse side) and of the look-up (writer side) against the whole import's
time per report. Never fails on score or timing.
"""

from __future__ import annotations

import itertools
import json
import random
import sqlite3
import statistics
import sys
import tarfile
import textwrap
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from briefapp.library import near_duplicates  # noqa: E402
from briefapp.library.near_duplicates import (  # noqa: E402
    CONTAINMENT,
    CONTAINMENT_MIN,
    RESEMBLANCE,
    SHARED_MIN,
    containment,
    resemblance,
    same_article,
    sketch,
)

DATA = Path(__file__).parent / "data" / "article-extraction-benchmark" / "pages.tar.xz"
HEADER = (
    "Delta Outlook Weekly. This assessment is prepared by the Delta Outlook desk for clients"
    " only. It reflects information available at the time of writing.\n\n"
)
FOOTER = (
    "\n\nDelta Outlook analysts compile this brief from open and local sources every week. "
    "Reproduction of this brief requires the written consent of the editors. "
    "Contact the duty desk for corrections and clarifications to any item."
)


def articles() -> list[str]:
    with tarfile.open(DATA) as tar:
        member = tar.extractfile("gt.json")
        assert member is not None
        truth = json.load(member)
    bodies = [page["articleBody"] for page in truth.values()]
    return [b for b in bodies if len(b.split()) >= 80]


def repeats(body: str) -> dict[str, str]:
    paragraphs = [p for p in body.split("\n") if p.strip()]
    return {
        "extra line": body + "\n\nShare this article with your colleagues.",
        "last paragraph cut": "\n".join(paragraphs[:-1]) if len(paragraphs) > 2 else body,
        "re-wrapped": "\n".join(textwrap.fill(p, 60) for p in paragraphs),
        "other template": HEADER + body + FOOTER,
    }


def sketch_of(text: str) -> tuple[int, ...]:
    return sketch([text])


def main() -> int:
    bodies = articles()
    sketches = [sketch_of(b) for b in bodies]
    print(f"{len(bodies)} real articles of 80 words or more")
    print(
        f"rule: at least {SHARED_MIN} sentences shared, and resemblance >= {RESEMBLANCE} or"
        f" >= {CONTAINMENT:.0%} of the shorter one's sentences (at least {CONTAINMENT_MIN})"
        " in the other"
    )

    print("\nrepeats (should be marked):")
    missed = 0
    for kind in ("extra line", "last paragraph cut", "re-wrapped", "other template"):
        again = [sketch_of(repeats(b)[kind]) for b in bodies]
        judged = [(a, b) for a, b in zip(sketches, again, strict=True) if a and b]
        values = [resemblance(a, b) for a, b in judged]
        below = sum(not same_article(a, b) for a, b in judged)
        missed += below
        print(
            f"  {kind:<20} resemblance min {min(values):.2f} median {statistics.median(values):.2f}"
            f"   not marked {below}/{len(judged)}"
        )

    print("\ndifferent reports (must never be marked):")
    merged = 0
    worst = 0.0
    templated = [sketch_of(HEADER + b + FOOTER) for b in bodies]
    for label, group in (
        ("two different articles", sketches),
        ("one publisher's template", templated),
    ):
        judged = [(a, b) for a, b in itertools.combinations(group, 2) if a and b]
        wrong = sum(same_article(a, b) for a, b in judged)
        merged += wrong
        top = max(resemblance(a, b) for a, b in judged)
        share = max(containment(a, b)[0] for a, b in judged)
        worst = max(worst, top)
        print(
            f"  {label:<26} resemblance max {top:.2f}, containment max {share:.2f}"
            f"   marked {wrong}/{len(judged)}"
        )
    print(f"\n{missed} repeat(s) not marked, {merged} false merge(s)")

    # Cost per report: the fingerprint (in the parse workers) and the look-up plus storing (in
    # the writer), filling a library of 20,000 different reports.
    started = time.perf_counter()
    for text in bodies * 4:
        sketch_of(text)
    sketch_us = (time.perf_counter() - started) / (len(bodies) * 4) * 1e6
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE TABLE reports (id INTEGER PRIMARY KEY, sketch TEXT, near_duplicate_of INT)"
    )
    conn.execute(
        "CREATE TABLE report_sketch (hash INTEGER NOT NULL, report_id INTEGER NOT NULL,"
        " PRIMARY KEY (hash, report_id)) WITHOUT ROWID"
    )
    rnd = random.Random(7)
    vocabulary = sorted({w for b in bodies for w in b.split()})
    rows = [
        sketch_of(". ".join(" ".join(rnd.choices(vocabulary, k=12)) for _ in range(30)))
        for _ in range(20000)
    ]
    started = time.perf_counter()
    for report_id, report_sketch in enumerate(rows, start=1):
        conn.execute("INSERT INTO reports (id) VALUES (?)", [report_id])
        near_duplicates.find_original(conn, report_sketch, before=report_id)
        near_duplicates.store_sketch(conn, report_id, report_sketch)
    lookup_us = (time.perf_counter() - started) / len(rows) * 1e6
    import_us = 4.3e6 / 20000  # README: a 20,000-report import takes 4.1-4.4 s in all
    print(
        f"\ncost per report: fingerprint {sketch_us:.0f} us (parse workers), look-up and store"
        f" {lookup_us:.0f} us (writer) at 20,000 reports, beside about {import_us:.0f} us per"
        " report for the whole import (bench_import.py measures the import with both)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
