"""Crash safety (kill -9 mid-import) and two processes importing at once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from briefapp.library import Library
from briefapp.library.importer import BATCH_SIZE, DIE_IN_BATCH
from tests.conftest import stored_reports

REPORT = """When
{day} jan. 2026 10:{minute:02d}
Location
Niger, Mali
Topic
Security

Convoy Incident Number {n} on the Niamey Road

Executive Summary
Gunmen stopped convoy {n} near checkpoint {n} and seized fuel. Local officials say the route remains open.

Strategic Outlook
Further incidents are likely along the route during the dry season, convoy {n} notwithstanding.
"""


def make_reports(folder: Path, count: int, start: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(start, start + count):
        path = folder / f"report-{n:05d}.txt"
        path.write_text(
            REPORT.format(day=n % 28 + 1, minute=n % 60, n=n) + ("x" * (n % 7)), encoding="utf-8"
        )
        paths.append(path)
    return paths


def run_import(library: Path, *paths: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "briefapp",
            "--library",
            str(library),
            "import",
            "--json",
            *map(str, paths),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
    )


def assert_sound(library: Path, expected: int) -> None:
    with Library(library) as lib:
        assert lib.store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert lib.search_index_in_sync()
        assert lib.count_reports() == expected
        hashes = lib.store.conn.execute(
            "SELECT count(DISTINCT content_hash), count(*) FROM reports"
        ).fetchone()
        assert hashes[0] == hashes[1]
        orphans = lib.store.conn.execute(
            "SELECT count(*) FROM sections WHERE report_id NOT IN (SELECT id FROM reports)"
        ).fetchone()[0]
        assert orphans == 0
        # Every report is whole: both its sections arrived with it.
        partial = lib.store.conn.execute(
            "SELECT count(*) FROM reports r WHERE (SELECT count(*) FROM sections s WHERE s.report_id = r.id) != 2"
        ).fetchone()[0]
        assert partial == 0


def test_kill_mid_import_leaves_a_sound_library_and_rerun_completes(tmp_path):
    library = tmp_path / "library"
    files = make_reports(tmp_path / "in", BATCH_SIZE + 500)
    # The importer kills itself inside its second write transaction (no timing involved):
    # the first batch stays, the second is rolled back as a whole.
    proc = run_import(library, tmp_path / "in", env={DIE_IN_BATCH: "2"})
    proc.communicate(timeout=120)
    assert proc.returncode == -signal.SIGKILL
    stored = stored_reports(library)
    assert 0 < stored < len(files)
    assert_sound(library, stored)

    rerun = run_import(library, tmp_path / "in")
    out, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err.decode()
    assert_sound(library, len(files))


def test_two_processes_importing_at_once_both_succeed(tmp_path):
    library = tmp_path / "library"
    a = make_reports(tmp_path / "a", 300)
    b = make_reports(tmp_path / "b", 300, start=300)
    shared = make_reports(tmp_path / "shared", 50, start=600)
    first = run_import(library, tmp_path / "a", tmp_path / "shared")
    second = run_import(library, tmp_path / "b", tmp_path / "shared")
    for proc in (first, second):
        out, err = proc.communicate(timeout=180)
        assert proc.returncode == 0, err.decode()
        assert b"locked" not in err
    assert_sound(library, len(a) + len(b) + len(shared))


def test_several_processes_creating_the_same_library_at_once_all_succeed(tmp_path):
    library = tmp_path / "library"
    files = make_reports(tmp_path / "in", 6)
    procs = [run_import(library, path) for path in files]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    assert_sound(library, len(files))
