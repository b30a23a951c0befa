"""GUI benchmark: time to first window and time to filter a 100,000-report library, each
beside a raw baseline measured in the same run. Prints figures; never fails on timing.

    /work/venv/bin/python benchmarks/bench_gui.py [--reports 100000]

The big library is generated once with direct SQL inserts (what ``importer.insert_report_rows``
writes) and cached under /tmp.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

COUNTRIES = [
    "Niger",
    "Mali",
    "Chad",
    "Burkina Faso",
    "Nigeria",
    "Ghana",
    "Benin",
    "Togo",
    "Sudan",
    "Cameroon",
    "Senegal",
    "Mauritania",
    "Côte d'Ivoire",
    "Guinea",
    "Liberia",
    "Sierra Leone",
]
TOPICS = [
    "Security",
    "Governance",
    "Energy",
    "Humanitarian",
    "Mining",
    "Terrorism",
    "Maritime",
    "Migration",
    "Elections",
    "Economy",
    "Health",
    "Infrastructure",
]
PUBLISHERS = [
    "Harrowgate Risk",
    "Meridian Analytics",
    "Sahel Watch",
    "The Continental Ledger",
    "Gulf of Guinea Maritime Monitor",
    "Institute for Atlantic–Sahel Studies",
]
WORDS = [
    "armed",
    "group",
    "convoy",
    "border",
    "fuel",
    "blockade",
    "gold",
    "mine",
    "artisanal",
    "raid",
    "militia",
    "junta",
    "election",
    "port",
    "strike",
    "refugee",
    "influx",
    "drought",
    "harvest",
    "pipeline",
    "power",
    "grid",
    "tariff",
    "kidnapping",
    "vessel",
    "patrol",
    "ceasefire",
    "mediation",
    "sanctions",
    "smuggling",
    "corridor",
    "district",
    "governor",
    "ministry",
    "humanitarian",
    "access",
    "displacement",
    "market",
    "price",
    "inflation",
    "currency",
    "budget",
    "loan",
]

SNIPPET_CHILD = r"""
import sys, time
t0 = float(sys.argv[1]); mode = sys.argv[2]; folder = sys.argv[3]
from briefapp.gui.qt import QApplication, QMainWindow, QTimer
app = QApplication([])
if mode == "baseline":
    w = QMainWindow(); w.resize(1400, 900); w.show()
    QTimer.singleShot(0, lambda: (print(time.time() - t0), app.quit()))
else:
    from briefapp.gui.theme import apply_theme
    from briefapp.gui.main_window import MainWindow
    from briefapp.library import Library
    apply_theme(app)
    w = MainWindow(Library(folder)); w.show()
    done = set()
    def seen(what):
        done.add(what)
        if done == {"rows", "facets"}:
            QTimer.singleShot(0, lambda: (print(time.time() - t0), app.quit()))
    w.library_loaded.connect(lambda: seen("rows"))
    w.browser.facets_shown.connect(lambda: seen("facets"))
    w.load()
app.exec()
"""


def first_window(mode: str, folder: Path, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        t0 = time.time()
        out = subprocess.run(
            [sys.executable, "-c", SNIPPET_CHILD, str(t0), mode, str(folder)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        lines = [ln for ln in out.stdout.splitlines() if ln.strip()]
        if out.returncode != 0 or not lines:
            print(out.stderr[-2000:], file=sys.stderr)
            return float("nan")
        times.append(float(lines[-1]))
    return statistics.median(times)


def sample_library() -> Path:
    from briefapp.library import Library

    folder = Path(tempfile.gettempdir()) / "briefapp-bench-samples"
    shutil.rmtree(folder, ignore_errors=True)
    files = [
        p
        for p in (ROOT / "resources" / "samples").iterdir()
        if p.suffix in (".txt", ".md", ".html")
    ]
    with Library(folder) as library:
        library.import_paths(files)
    return folder


def big_library(count: int) -> Path:
    """A cached library of ``count`` synthetic reports with three sections each."""
    from briefapp.library import Library, migrations

    folder = Path(tempfile.gettempdir()) / f"briefapp-bench-{count}"
    # The cache is made by today's schema: another schema's cache is made again.
    marker = folder / "complete"
    schema = migrations.MIGRATIONS[-1][0]
    if marker.exists() and marker.read_text() == schema:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    rnd = random.Random(42)
    library = Library(folder)
    conn = library.store.conn
    columns = {row[1] for row in conn.execute("PRAGMA table_info(reports)")}
    start_date = datetime(2015, 1, 1, tzinfo=UTC)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with library.store.session():
        # The search index is built in one statement at the end (rebuild_search_index) rather
        # than row by row by a trigger.
        conn.execute("DROP TRIGGER IF EXISTS sections_ai")
        conn.execute("BEGIN IMMEDIATE")
        for n in range(count):
            countries = rnd.sample(COUNTRIES, rnd.randint(1, 3))
            topics = rnd.sample(TOPICS, rnd.randint(1, 2))
            title = f"{countries[0]}: {' '.join(rnd.choices(WORDS, k=6)).capitalize()} ({n})"
            row = {
                "title": title,
                "publisher": rnd.choice(PUBLISHERS),
                "published": (
                    start_date + timedelta(hours=rnd.randint(0, 24 * 365 * 11))
                ).isoformat(),
                "countries": json.dumps(countries),
                "topics": json.dumps(topics),
                "tags": "[]",
                "source_file": f"synthetic-{n}.txt",
                "format": "txt",
                "content_hash": f"{n:064x}",
                "original": f"synthetic-{n}.txt",
                "imported_at": now,
            }
            row = {k: v for k, v in row.items() if k in columns}
            cur = conn.execute(
                f"INSERT INTO reports ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                list(row.values()),
            )
            report_id = cur.lastrowid
            conn.executemany(
                "INSERT INTO report_countries (country, report_id) VALUES (?, ?)",
                [(c, report_id) for c in countries],
            )
            conn.executemany(
                "INSERT INTO report_topics (topic, report_id) VALUES (?, ?)",
                [(t, report_id) for t in topics],
            )
            conn.executemany(
                "INSERT INTO sections (report_id, position, heading, kind, text)"
                " VALUES (?, ?, ?, ?, ?)",
                [
                    (report_id, i, heading, kind, " ".join(rnd.choices(WORDS, k=60)) + ".")
                    for i, (heading, kind) in enumerate(
                        (
                            ("Executive Summary", "summary"),
                            ("Key Developments", "other"),
                            ("Strategic Outlook", "outlook"),
                        )
                    )
                ],
            )
        conn.execute("COMMIT")
    library.rebuild_search_index()  # also re-creates the triggers
    library.close()
    marker.write_text(schema)
    print(
        f"  (generated {count:,} reports in {time.perf_counter() - started:.1f} s,"
        f" cached in {folder})"
    )
    return folder


def filter_timings(folder: Path) -> dict[str, float]:
    """In one process: open the big library in the window, then filter and search in it."""
    from briefapp.gui.main_window import MainWindow
    from briefapp.gui.operations import wait_for_all
    from briefapp.gui.qt import QApplication, QEventLoop, QTimer
    from briefapp.library import Library
    from briefapp.library.filters import ReportFilter

    app = QApplication.instance() or QApplication([])
    library = Library(folder)
    out: dict[str, float] = {}

    # Raw baselines: the same filters as plain SQL queries.
    t = time.perf_counter()
    library.count_reports(ReportFilter(countries=["Niger"]))
    out["sql count(*) country=Niger"] = time.perf_counter() - t
    t = time.perf_counter()
    library.report_ids(ReportFilter(countries=["Niger"]))
    out["sql report_ids country=Niger"] = time.perf_counter() - t
    t = time.perf_counter()
    library.count_reports(ReportFilter(text="blockade"))
    out["sql count(*) text=blockade"] = time.perf_counter() - t

    stalls: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        stalls.append(now - last[0])
        last[0] = now

    ticker = QTimer()
    ticker.setInterval(5)
    ticker.timeout.connect(tick)

    def wait(signals, action) -> list[float]:
        """Seconds from ``action`` until each of ``signals`` was emitted (once each)."""
        loop = QEventLoop()
        times: dict[int, float] = {}

        def arrived(i):
            times.setdefault(i, time.perf_counter() - t0)
            if len(times) == len(signals):
                loop.quit()

        slots = [lambda *_a, i=i: arrived(i) for i in range(len(signals))]
        for sig, slot in zip(signals, slots, strict=True):
            sig.connect(slot)
        t0 = time.perf_counter()
        stalls.clear()
        last[0] = t0
        ticker.start()
        action()
        loop.exec()
        ticker.stop()
        for sig, slot in zip(signals, slots, strict=True):
            sig.disconnect(slot)
        return [times[i] for i in range(len(signals))]

    window = MainWindow(library)
    window.show()
    both = [window.browser.results_shown, window.browser.facets_shown]
    rows, counts = wait([window.library_loaded, window.browser.facets_shown], window.load)
    out["gui open: rows shown"], out["gui open: facet counts shown"] = rows, counts
    countries = window.browser.facets.lists["country"]
    rows, counts = wait(both, lambda: countries.check_value("Niger"))
    out["gui filter country=Niger: rows shown"], out["gui filter country=Niger: counts shown"] = (
        rows,
        counts,
    )
    out["  longest GUI-thread stall while filtering"] = max(stalls, default=0)
    out["gui clear filter: rows shown"] = wait(both, lambda: countries.check_value("Niger", False))[
        0
    ]

    def search() -> None:
        window.browser.search.setText("blockade")
        window.browser.refresh()

    rows, counts = wait(both, search)
    (
        out["gui search text=blockade: ranked rows + snippets"],
        out["gui search text=blockade: counts"],
    ) = rows, counts
    out["  longest GUI-thread stall while searching"] = max(stalls, default=0)
    t = time.perf_counter()
    window.browser.table.scrollToBottom()
    app.processEvents()
    out["gui scroll to last row (page fetch)"] = time.perf_counter() - t
    rows = window.browser.model.rowCount()
    window.close()
    wait_for_all()
    library.close()
    print(f"  ({rows:,} rows shown after the search)")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, default=100_000)
    args = parser.parse_args()
    print("Time to first window (fresh process, offscreen; median of 3):")
    samples = sample_library()
    base = first_window("baseline", samples)
    app = first_window("app", samples)
    print(f"  baseline QApplication + QMainWindow.show  {base * 1000:8.0f} ms")
    print(
        f"  briefapp main window, sample library      {app * 1000:8.0f} ms"
        " (rows and facet counts shown)"
    )
    print(f"\nLibrary of {args.reports:,} reports:")
    folder = big_library(args.reports)
    app_big = first_window("app", folder, runs=1)
    print(
        f"  briefapp main window, {args.reports:,} reports  {app_big * 1000:8.0f} ms"
        " (fresh process)"
    )
    for name, seconds in filter_timings(folder).items():
        print(f"  {name:<52} {seconds * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
