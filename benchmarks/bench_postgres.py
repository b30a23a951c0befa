"""A server library (PostgreSQL) beside a folder library (SQLite), in the same run: import of
generated reports, search p50/p95 with snippets, facet counts, the worst-case query, and the
100-item export (a briefing of 100 report sections composed, saved, loaded and written as PDF).

Run:  .venv/bin/python benchmarks/bench_postgres.py [--reports 20000] [--durable]
      .venv/bin/python benchmarks/bench_postgres.py --reports 100000   (issue 14's search size;
      generating the reports the first time takes ~4 min, they stay cached in /tmp)

Starts a throwaway PostgreSQL server on 127.0.0.1 (tests/pg_server.py; Debian's postgresql
package). ``--durable`` keeps fsync on, as a real server runs; without it both sides skip
waiting for the disk (the folder library's WAL syncs only at checkpoints anyway). Targets
(issue 14): import within 3x of the folder library; search p95 under 50 ms with snippets at
100,000 reports. Never fails on timing.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_import import QUERIES, WORST_CASE, generate, percentile  # noqa: E402
from briefapp.library import Library, ReportFilter  # noqa: E402
from tests.pg_server import LocalServer, install_server  # noqa: E402


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def export_100(lib: Library, out: Path) -> tuple[float, float, float]:
    """The 100-item export: (compose ms, load ms, whole export s) of a briefing of 100 report
    sections. Composing and loading are the library's part; the export loads the saved
    briefing, flags trashed sources and writes the PDF, as the window's Export does."""
    from briefapp.brands import load_brand
    from briefapp.briefing.compose import quick_briefing
    from briefapp.render import render_briefing

    start = time.perf_counter()
    briefing = quick_briefing(
        lib, ReportFilter(countries=["Niger"]), ["Executive Summary"], "Bench", limit=100
    )
    compose = (time.perf_counter() - start) * 1000
    assert len(briefing.items) == 100, len(briefing.items)
    saved = lib.save_briefing(briefing)
    assert saved.id is not None
    load = statistics.median(
        timed(lambda: lib.mark_deleted_sources(lib.load_briefing(saved.id)), 5)  # type: ignore[arg-type]
    )
    brand = load_brand("default")
    start = time.perf_counter()
    render_briefing(lib.mark_deleted_sources(lib.load_briefing(saved.id)), brand, out)
    return compose, load, time.perf_counter() - start


def measure(name: str, location: str | Path, files: list[Path], work: Path) -> dict[str, float]:
    start = time.perf_counter()
    with Library(location) as lib:
        results = lib.import_paths([files[0].parent])
    seconds = time.perf_counter() - start
    assert sum(r.status == "imported" for r in results) == len(files)
    with Library(location) as lib:
        lib.search("warm up")
        searches = [t for q in QUERIES for t in timed(lambda q=q: lib.search(q, limit=20), 5)]
        worst = timed(lambda: lib.search(WORST_CASE, limit=20), 5)
        facets = timed(lambda: lib.facets(), 5)
        facets_filtered = timed(lambda: lib.facets(ReportFilter(countries=["Mali"])), 5)
        facets_text = timed(lambda: lib.facets(ReportFilter(text="gold")), 5)
        ids = timed(lambda: lib.report_ids(ReportFilter(countries=["Niger"])), 5)
        compose, load, export = export_100(lib, work / f"{name.split()[0]}.pdf")
    row = {
        "import_s": seconds,
        "rate": len(files) / seconds,
        "p50": statistics.median(searches),
        "p95": percentile(searches, 95),
        "worst": statistics.median(worst),
        "facets": statistics.median(facets),
        "facets_mali": statistics.median(facets_filtered),
        "facets_text": statistics.median(facets_text),
        "ids": statistics.median(ids),
        "compose": compose,
        "load": load,
        "export": export,
    }
    print(
        f"  {name:<22} import {row['import_s']:7.1f} s ({row['rate']:5.0f}/s)"
        f"  search p50 {row['p50']:6.1f} ms p95 {row['p95']:6.1f} ms"
        f"  worst {row['worst']:7.1f} ms  facets {row['facets']:6.1f} /"
        f" Mali {row['facets_mali']:6.1f} / text {row['facets_text']:6.1f} ms"
        f"  ids(Niger) {row['ids']:5.1f} ms\n  {'':<22} 100-item export: compose"
        f" {row['compose']:6.1f} ms, load {row['load']:5.1f} ms, load + PDF {row['export']:5.2f} s"
    )
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=20000)
    parser.add_argument("--durable", action="store_true", help="keep the server's fsync on")
    args = parser.parse_args()
    bindir = install_server()
    if bindir is None:
        print("PostgreSQL's server binaries are absent: apt-get install postgresql")
        return
    files = generate(
        Path(tempfile.gettempdir()) / "briefapp-bench" / f"reports-{args.reports}", args.reports
    )
    for f in files:
        f.read_bytes()
    server = LocalServer(bindir, durable=args.durable).start()
    work = Path(tempfile.mkdtemp(prefix="briefapp-bench-pg-"))
    try:
        print(f"{len(files):,} generated reports (~4 KB, 3 sections each); 20 hits with snippets")
        folder = measure("folder (SQLite)", work / "library", files, work)
        server_row = measure("server (PostgreSQL)", server.create_database("bench"), files, work)
        print(
            f"  server import: {server_row['import_s'] / folder['import_s']:.2f}x the folder's"
            " (target: within 3x); server search p95"
            f" {server_row['p95']:.1f} ms (target: under 50 ms)"
        )
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
