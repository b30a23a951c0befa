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
import sqlite3
import statistics
import sys
import tarfile
import textwrap
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from briefapp.library import near_duplicates  # noqa: E402
from briefapp.library.near_duplicates import THRESHOLD, resemblance, sketch  # noqa: E402

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

    print("\nrepeats (should reach the threshold):")
    missed = 0
    for kind in ("extra line", "last paragraph cut", "re-wrapped", "other template"):
        values = [
            resemblance(s, sketch_of(repeats(b)[kind]))
            for b, s in zip(bodies, sketches, strict=True)
            if s
        ]
        below = sum(v < THRESHOLD for v in values)
        missed += below
        print(
            f"  {kind:<20} min {min(values):.2f}  median {statistics.median(values):.2f}"
            f"  below threshold {below}/{len(values)}"
        )

    print("\ndifferent reports (must stay below the threshold):")
    pairs = [resemblance(a, b) for a, b in itertools.combinations(sketches, 2) if a and b]
    merged = sum(v >= THRESHOLD for v in pairs)
    print(
        f"  two different articles    max {max(pairs):.2f}  pairs at or above {merged}/{len(pairs)}"
    )
    templated = [sketch_of(HEADER + b + FOOTER) for b in bodies]
    same_template = [resemblance(a, b) for a, b in itertools.combinations(templated, 2) if a and b]
    merged_t = sum(v >= THRESHOLD for v in same_template)
    print(
        f"  one publisher's template  max {max(same_template):.2f}"
        f"  pairs at or above {merged_t}/{len(same_template)}"
    )
    print(
        f"\nthreshold {THRESHOLD}: {missed} repeat(s) missed, {merged + merged_t} false merge(s);"
        f" margin: repeats from {THRESHOLD}, different reports up to"
        f" {max(max(pairs), max(same_template)):.2f}"
    )

    # Cost: the sketch (in the parse workers) and the look-up plus storing (in the writer),
    # per report, against a 20,000-report library.
    texts = [b for b in bodies for _ in range(4)]
    started = time.perf_counter()
    for text in texts:
        sketch_of(text)
    sketch_us = (time.perf_counter() - started) / len(texts) * 1e6
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE reports (id INTEGER PRIMARY KEY, sketch TEXT, near_duplicate_of INT)")
    conn.execute(
        "CREATE TABLE report_sketch (hash INTEGER NOT NULL, report_id INTEGER NOT NULL,"
        " PRIMARY KEY (hash, report_id)) WITHOUT ROWID"
    )
    rows = [sketch_of(f"Report {n}. " + b) for n, b in enumerate(bodies * 110)][:20000]
    started = time.perf_counter()
    for report_id, report_sketch in enumerate(rows, start=1):
        conn.execute(
            "INSERT INTO reports (id, sketch) VALUES (?, ?)", [report_id, json.dumps(report_sketch)]
        )
        near_duplicates.link(conn, report_id, report_sketch)
    lookup_us = (time.perf_counter() - started) / len(rows) * 1e6
    import_us = 4.3e6 / 20000  # README: a 20,000-report import takes 4.1-4.4 s in all
    print(
        f"\ncost per report: sketch {sketch_us:.0f} us (parse workers), look-up and store"
        f" {lookup_us:.0f} us (writer) at 20,000 reports; the whole import takes about"
        f" {import_us:.0f} us per report ({(sketch_us + lookup_us) / import_us:.0%} if both"
        " were on the critical path)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
