"""Import throughput and search latency on a generated library of 20,000 reports.

Run:  .venv/bin/python benchmarks/bench_import.py [--reports N]

Prints briefapp's figures next to a raw baseline measured in the same run: plain sqlite3
inserts of the same files into an FTS5 table in one transaction, and a plain FTS5 MATCH.
Targets (issue 2): import within 3x of the raw baseline; search p95 under 50 ms with
snippets; a whole `briefapp search` process under 500 ms. Never fails on timing.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COUNTRIES = [
    "Niger",
    "Nigeria",
    "Mali",
    "Chad",
    "Burkina Faso",
    "Ghana",
    "Benin",
    "Cameroon",
    "Sudan",
    "Ivory Coast",
]
TOPICS = ["Security", "Mining", "Terrorism", "Maritime", "Elections", "Humanitarian", "Energy"]
WORDS = (
    "convoy checkpoint militia refinery pipeline election ballot drought harvest refugee camp "
    "border patrol gold uranium lithium port tanker piracy kidnapping ransom junta transition "
    "parliament decree curfew protest strike inflation currency fuel blockade river flood "
    "market trader herder farmer mediation ceasefire negotiation sanction embargo airstrip"
).split()
QUERIES = [
    "gold",
    "convoy checkpoint",
    '"fuel blockade"',
    "refu*",
    "refugee OR drought",
    "post-Wagner",
    "uranium border",
    "Niger",
    "ransom kidnapping",
    "ceasefire mediation",
]
WORST_CASE = "security"  # in every section of every generated report


SYLLABLES = "ka lo mi ta ren su do vi na pe ro sa tu li mo ga ne zu bi fa ko da".split()


def vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    """A Zipf-distributed vocabulary like real prose: a few very common words, a long tail.
    The analysts' domain words sit at ranks 40 to 2,000 so queries hit a realistic share."""
    words: list[str] = []
    seen = set(WORDS)
    while len(words) < 6000:
        w = "".join(rng.choices(SYLLABLES, k=rng.randint(2, 4)))
        if w not in seen:
            seen.add(w)
            words.append(w)
    for i, domain in enumerate(WORDS):
        words.insert(40 + i * 40, domain)
    weights = [1 / (rank + 1) for rank in range(len(words))]
    return words, weights


def make_report(rng: random.Random, n: int, vocab: tuple[list[str], list[float]]) -> str:
    words, weights = vocab

    def para(k: int) -> str:
        sentences = []
        for _ in range(k):
            chosen = rng.choices(words, weights, k=rng.randint(10, 18))
            sentences.append(" ".join(chosen).capitalize() + ".")
        return " ".join(sentences)

    countries = ", ".join(rng.sample(COUNTRIES, 2))
    # "security" stands in every report: the worst case for ranking (a match in every section).
    text = (
        f"When\n{rng.randint(1, 28)} {rng.choice(['jan.', 'feb.', 'mar.', 'aug.'])} 2026 "
        f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}\nLocation\n{countries}\n"
        f"Topic\n{', '.join(rng.sample(TOPICS, 2))}\n\n"
        f"Report {n}: {' '.join(rng.choices(words[:800], k=5)).title()}\n\n"
        f"Executive Summary\nSecurity update. {para(6)}\n\n"
        f"Key Developments\nSecurity. {para(8)}\n{para(6)}\n\n"
        f"Strategic Outlook\nSecurity outlook. {para(6)}\n\n"
        "Share this article\nFacebook\nLinkedIn\n"
    )
    return text[:4096]


def generate(folder: Path, count: int) -> list[Path]:
    marker = folder / f".complete-v2-{count}"
    if marker.exists():
        return sorted(folder.glob("*.txt"))
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    rng = random.Random(42)
    vocab = vocabulary(rng)
    for n in range(count):
        (folder / f"report-{n:06d}.txt").write_text(make_report(rng, n, vocab), encoding="utf-8")
    marker.touch()
    return sorted(folder.glob("*.txt"))


def raw_baseline(files: list[Path], db_path: Path) -> float:
    start = time.perf_counter()
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE VIRTUAL TABLE docs USING fts5(name, body)")
    with conn:
        for f in files:
            conn.execute(
                "INSERT INTO docs (name, body) VALUES (?, ?)",
                (f.name, f.read_text(encoding="utf-8")),
            )
    conn.close()
    return time.perf_counter() - start


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=20000)
    args = parser.parse_args()
    cache = Path(tempfile.gettempdir()) / "briefapp-bench"
    files = generate(cache / f"reports-{args.reports}", args.reports)
    work = Path(tempfile.mkdtemp(prefix="briefapp-bench-"))
    try:
        print(f"Import of {len(files):,} generated reports (~4 KB each)")
        for f in files:  # both sides read the files from a warm page cache, neither pays the disk
            f.read_bytes()
        raw = raw_baseline(files, work / "raw.db")
        print(
            f"  raw baseline (sqlite3 + FTS5, one transaction): {raw:7.2f} s"
            f"  {len(files) / raw:8.0f} reports/s"
        )
        library = work / "library"
        start = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "briefapp",
                "--library",
                str(library),
                "import",
                str(files[0].parent),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        ours = time.perf_counter() - start
        print(
            f"  briefapp import (whole process):               {ours:7.2f} s"
            f"  {len(files) / ours:8.0f} reports/s"
        )
        print(f"  ratio: {ours / raw:.2f}x the raw baseline (target: within 3x)")

        from briefapp.library import Library

        conn = sqlite3.connect(work / "raw.db")
        raw_times = []
        for q in QUERIES * 5:
            from briefapp.library.query import to_fts_query

            t = time.perf_counter()
            conn.execute(
                "SELECT rowid FROM docs WHERE docs MATCH ? LIMIT 20", [to_fts_query(q)]
            ).fetchall()
            raw_times.append((time.perf_counter() - t) * 1000)
        with Library(library) as lib:
            lib.search("warm up")
            times = []
            for q in QUERIES * 5:
                t = time.perf_counter()
                lib.search(q, limit=20)
                times.append((time.perf_counter() - t) * 1000)
            worst = []
            for _ in range(5):
                t = time.perf_counter()
                lib.search(WORST_CASE, limit=20)
                worst.append((time.perf_counter() - t) * 1000)
        print(f"\nSearch over {len(files):,} reports ({len(times)} queries, 20 hits with snippets)")
        print(
            f"  raw FTS5 MATCH:   p50 {statistics.median(raw_times):6.1f} ms"
            f"   p95 {percentile(raw_times, 95):6.1f} ms"
        )
        print(
            f"  briefapp search:  p50 {statistics.median(times):6.1f} ms"
            f"   p95 {percentile(times, 95):6.1f} ms"
            "  (target: p95 under 50 ms)"
        )
        print(
            f"  worst case, a word in every one of the {len(files) * 3:,} sections: "
            f"median {statistics.median(worst):6.1f} ms"
        )
        proc_times = []
        for q in ("gold", '"fuel blockade"', "minin*"):
            t = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "briefapp",
                    "--library",
                    str(library),
                    "search",
                    q,
                    "--json",
                ],
                check=True,
                stdout=subprocess.DEVNULL,
            )
            proc_times.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        bare = (time.perf_counter() - t) * 1000
        print(
            f"  whole `briefapp search` process: {max(proc_times):5.0f} ms worst of 3 "
            f"(bare python start: {bare:.0f} ms; target: under 500 ms)"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
