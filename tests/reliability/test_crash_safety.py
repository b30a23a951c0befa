"""kill -9 at random moments: the library stays sound and a re-run completes; an export killed
mid-way leaves no PDF, only a hidden .part file that nothing mistakes for output."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from briefapp.library import Library
from tests.conftest import stored_reports

SEED = 7
ROUNDS = 5
FILES = 4000
ROOT = Path(__file__).parent.parent.parent

REPORT = """Convoy Incident {n} on the Niamey Road
{day} January 2026

Executive Summary
Gunmen stopped convoy {n} near checkpoint {n} and seized fuel. Officials say the route remains open.
{filler}

Strategic Outlook
Further incidents are likely along the route during the dry season, convoy {n} notwithstanding.
"""

# Imports in small batches, so kills land inside and between many write transactions.
IMPORTER = """
import sys
from briefapp.library import Library
with Library(sys.argv[1]) as lib:
    lib.import_paths([sys.argv[2]], batch_size=int(sys.argv[3]), batch_seconds=0)
"""


def make_reports(folder: Path, count: int, filler_words: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(SEED)
    paths = []
    for n in range(count):
        filler = " ".join(
            rng.choice(["market", "fuel", "border", "patrol", "rain", "price"])
            for _ in range(filler_words)
        )
        path = folder / f"report-{n:05d}.txt"
        path.write_text(REPORT.format(n=n, day=n % 28 + 1, filler=filler), encoding="utf-8")
        paths.append(path)
    return paths


def start(*args: str) -> subprocess.Popen:
    # A session of its own, so a kill reaches any parse workers too and nothing outlives the test.
    return subprocess.Popen(
        [sys.executable, *args],
        cwd=ROOT,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def kill(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.communicate()


def assert_sound(library: Path, reports_per_file: int = 1) -> int:
    with Library(library) as lib:
        conn = lib.store.conn
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert lib.search_index_in_sync()
        count, distinct = conn.execute(
            "SELECT count(*), count(DISTINCT content_hash) FROM reports"
        ).fetchone()
        assert count == distinct, "duplicate reports"
        assert (
            conn.execute(  # every report whole: both sections and its original
                "SELECT count(*) FROM reports r WHERE (SELECT count(*) FROM sections s WHERE s.report_id = r.id) != 2"
                " OR NOT EXISTS (SELECT 1 FROM originals o WHERE o.hash = r.content_hash)"
            ).fetchone()[0]
            == 0
        )
        titles = conn.execute("SELECT count(*), count(DISTINCT title) FROM reports").fetchone()
        assert titles[0] == titles[1]
        return count


def test_import_killed_at_random_moments_never_damages_the_library(tmp_path):
    rng = random.Random(SEED)
    library = tmp_path / "library"
    make_reports(tmp_path / "in", FILES)
    counts = [0]
    for round_ in range(ROUNDS):
        batch = rng.choice([1, 7, 50, 200])
        proc = start("-c", IMPORTER, str(library), str(tmp_path / "in"), str(batch))
        if round_ == 0:  # early: while starting, creating the database or parsing
            time.sleep(rng.uniform(0.05, 0.6))
        else:  # mid-way: once a random number of reports is in
            # Somewhere in the first third of what is left, so a big batch cannot finish the job.
            target = counts[-1] + rng.randint(1, max(1, (FILES - counts[-1]) // 3))
            deadline = time.monotonic() + 30
            while (
                stored_reports(library) < target
                and proc.poll() is None
                and time.monotonic() < deadline
            ):
                time.sleep(0.005)
        finished = proc.poll() is not None
        kill(proc)
        counts.append(assert_sound(library))
        assert not finished, "the import finished before it was killed; make it bigger"
    assert counts == sorted(counts) and counts[-1] < FILES  # nothing stored is ever lost

    rerun = start(
        "-m", "briefapp", "--library", str(library), "import", "--json", str(tmp_path / "in")
    )
    out, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err.decode()
    assert assert_sound(library) == FILES


def test_killed_backup_leaves_no_backup_and_the_library_untouched(tmp_path):
    library = tmp_path / "library"
    make_reports(tmp_path / "in", 60, filler_words=3000)
    with Library(library) as lib:
        lib.import_paths([tmp_path / "in"])
    out = tmp_path / "backup"
    rng = random.Random(SEED)
    for _ in range(3):
        proc = start("-m", "briefapp", "--library", str(library), "backup", "--overwrite", str(out))
        time.sleep(rng.uniform(0.2, 0.8))
        kill(proc)
        db = out / "library.db"
        if db.exists():  # finished before the kill: a whole, sound backup
            conn = sqlite3.connect(db)
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert conn.execute("SELECT count(*) FROM reports").fetchone()[0] == 60
            conn.close()
    assert assert_sound(library) == 60


EXPORT = """
import sys
from briefapp.cli.main import main
sys.exit(main(["--library", sys.argv[1], "brief", "--sections", "Executive Summary,Strategic Outlook",
               "--title", "Big", "-o", sys.argv[2]]))
"""


def test_export_killed_mid_way_leaves_no_pdf_and_a_stale_part_is_never_output(tmp_path):
    library = tmp_path / "library"
    make_reports(tmp_path / "in", 120, filler_words=400)
    with Library(library) as lib:
        lib.import_paths([tmp_path / "in"])
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "OUT.pdf"
    rng = random.Random(SEED)
    for _ in range(3):
        proc = start("-c", EXPORT, str(library), str(out))
        deadline = time.monotonic() + 30
        while (
            not list(out_dir.glob(".OUT.pdf.*.part"))
            and proc.poll() is None
            and time.monotonic() < deadline
        ):
            time.sleep(0.01)
        time.sleep(rng.uniform(0.0, 0.5))
        finished = proc.poll() is not None
        kill(proc)
        assert not finished, "the export finished before it was killed; make it bigger"
        assert not out.exists()
        assert all(
            p.name.startswith(".OUT.pdf.") and p.name.endswith(".part") for p in out_dir.iterdir()
        )
    stale = sorted(out_dir.iterdir())
    assert stale  # the killed exports left hidden temporary files behind...

    # ...which an import of the folder skips (hidden), and which never stand in for the PDF:
    with Library(tmp_path / "other-library") as lib:
        assert lib.import_paths([out_dir]) == []
    done = start("-c", EXPORT, str(library), str(out))
    _, err = done.communicate(timeout=120)
    assert done.returncode == 0, err.decode()
    assert out.read_bytes().startswith(b"%PDF-") and out.read_bytes().rstrip().endswith(b"%%EOF")
    assert [p for p in out_dir.iterdir() if p not in stale and p != out] == []

    # A killed re-export keeps the earlier, complete PDF as it was.
    before = out.read_bytes()
    proc = start("-c", EXPORT, str(library), str(out))
    time.sleep(0.8)
    kill(proc)
    assert out.read_bytes() == before
