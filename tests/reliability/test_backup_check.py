"""`briefapp backup` (safe while another process writes) and `briefapp check [--repair]`."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefapp.library import Library
from briefapp.library.importer import PAUSE_IN_BATCH
from tests.reliability.test_crash_safety import ROOT, assert_sound, make_reports


def import_in_background(
    library: Path, folder: Path, env: dict[str, str] | None = None
) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "briefapp",
            "--library",
            str(library),
            "import",
            "--json",
            str(folder),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, **(env or {})},
    )


def stopped(pid: int) -> bool:
    """Whether a process is stopped (SIGSTOP), from /proc."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "T"


def test_backup_while_another_process_imports_is_always_whole(cli, library_dir, tmp_path):
    make_reports(tmp_path / "in", 3000)
    # The importer stops itself after committing its first batch (no timing involved): the
    # backups run with the import half done, then it goes on while they are checked.
    proc = import_in_background(library_dir, tmp_path / "in", env={PAUSE_IN_BATCH: "1"})
    deadline = time.monotonic() + 120
    while proc.poll() is None and not stopped(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert stopped(proc.pid), "the import never committed its first batch"
    backups = []
    while len(backups) < 4:
        out = tmp_path / f"backup-{len(backups)}"
        result = cli("backup", out, "--json")
        assert result.code == 0, result.err
        assert result.json["folder"] == str(out) and result.json["database"] == str(
            out / "library.db"
        )
        backups.append((out, result.json["reports"]))
    os.kill(proc.pid, signal.SIGCONT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err.decode()
    assert 0 < backups[0][1] < 3000  # the first batch, committed before the rest
    for folder, reports in backups:
        assert (
            assert_sound(folder) == reports
        )  # a consistent snapshot: whole reports, index in step
        assert (
            not (folder / "library.db-wal").exists()
            or (folder / "library.db-wal").stat().st_size == 0
        )
    final = cli("backup", tmp_path / "final", "--json").json
    assert final["reports"] == final["originals"] == 3000


def test_backup_folder_is_a_library_to_restore_from(cli, library_dir, tmp_path):
    sources = make_reports(tmp_path / "in", 5)
    assert cli("import", tmp_path / "in").code == 0
    (library_dir / "brands" / "house").mkdir(parents=True)
    (library_dir / "brands" / "house" / "brand.toml").write_text('name = "house"\n')
    result = cli("backup", tmp_path / "bk")
    assert result.code == 0 and "backed up 5 report(s) and 5 original(s)" in result.out
    assert (tmp_path / "bk" / "brands" / "house" / "brand.toml").exists()
    # Restoring: point --library at the backup.
    assert cli("list", "--json", library=tmp_path / "bk").json == cli("list", "--json").json
    assert cli("search", "checkpoint", "--json", library=tmp_path / "bk").json
    with Library(tmp_path / "bk", create=False) as restored:
        for report in restored.list_reports():
            name, data = restored.original(report.id)
            assert data == (tmp_path / "in" / name).read_bytes()
    assert {p.name for p in sources} == {
        r.source_file for r in Library(tmp_path / "bk").list_reports()
    }


def test_backup_refuses_to_overwrite_or_to_target_the_library(cli, library_dir, tmp_path):
    make_reports(tmp_path / "in", 3)
    cli("import", tmp_path / "in")
    assert cli("backup", tmp_path / "bk").code == 0
    again = cli("backup", tmp_path / "bk")
    assert again.code == 1 and "already there" in again.err and "--overwrite" in again.err
    assert cli("backup", tmp_path / "bk", "--overwrite").code == 0
    itself = cli("backup", library_dir, "--json")
    assert itself.code == 1 and "the library itself" in itself.json["error"]
    single = cli("backup", tmp_path / "copies" / "library-2026.db", "--json")
    assert single.code == 0 and single.json["folder"] is None
    copy = tmp_path / "copies" / "library-2026.db"
    assert sorted(p.name for p in copy.parent.iterdir()) == ["library-2026.db"]  # no -wal, no .part
    conn = sqlite3.connect(copy)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert conn.execute("SELECT count(*) FROM reports").fetchone()[0] == 3
    conn.close()
    assert "Traceback" not in again.err + itself.err


def tamper(library: Path, *statements: str) -> None:
    conn = sqlite3.connect(library / "library.db")
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.close()


def test_check_passes_on_a_sound_library(cli, library_dir, tmp_path):
    make_reports(tmp_path / "in", 4)
    cli("import", tmp_path / "in")
    result = cli("check", "--json")
    assert result.code == 0
    assert result.json == {
        "ok": True,
        "reports": 4,
        "sections": 8,
        "originals": 4,
        "problems": [],
        "repaired": [],
    }
    assert "4 report(s), 8 section(s), 4 original(s): ok" in cli("check").out


@pytest.mark.parametrize(
    "damage, message",
    [
        (
            "DELETE FROM search WHERE rowid = (SELECT min(id) FROM sections)",
            "1 section(s) missing from the search index",
        ),
        (
            "UPDATE search SET text = 'stale' WHERE rowid = (SELECT max(id) FROM sections)",
            "the search index does not match the text of the sections",
        ),
    ],
)
def test_check_finds_a_damaged_index_and_repair_rebuilds_it(
    cli, library_dir, tmp_path, damage, message
):
    make_reports(tmp_path / "in", 4)
    cli("import", tmp_path / "in")
    tamper(library_dir, damage)
    found = cli("check", "--json")
    assert found.code == 1
    assert {p["check"] for p in found.json["problems"]} == {"search_index"}
    assert message in " ".join(p["message"] for p in found.json["problems"])
    assert "briefapp check --repair" in cli("check").err
    repaired = cli("check", "--repair", "--json")
    assert repaired.code == 0, repaired.out
    assert repaired.json["ok"] and repaired.json["repaired"] == ["rebuilt the search index"]
    assert cli("check", "--json").json["ok"]
    with Library(library_dir) as lib:
        assert lib.search_index_in_sync()
        assert len(lib.search("checkpoint", limit=50)) == 4


def test_check_finds_a_tampered_or_missing_original_which_repair_cannot_fix(
    cli, library_dir, tmp_path
):
    make_reports(tmp_path / "in", 4)
    rows = {
        Path(r["path"]).name: r["report_id"] for r in cli("import", "--json", tmp_path / "in").json
    }
    tamper(
        library_dir,
        "UPDATE originals SET data = CAST('forged' AS BLOB) WHERE name = 'report-00001.txt'",
        "DELETE FROM originals WHERE name = 'report-00002.txt'",
        "INSERT INTO report_countries (country, report_id) VALUES ('Atlantis', 1)",
    )
    result = cli("check", "--repair", "--json")
    assert result.code == 1
    assert result.json["repaired"] == ["rebuilt the country and topic tables"]
    problems = [p["message"] for p in result.json["problems"] if p["check"] == "originals"]
    assert problems == [
        f"report #{rows['report-00002.txt']}: its original file is missing",
        f"original 'report-00001.txt' (#{rows['report-00001.txt']}) does not match its SHA-256: it was altered",
    ]
    assert {p["check"] for p in result.json["problems"]} == {"originals"}
    human = cli("check")
    assert (
        human.code == 1
        and "does not match its SHA-256" in human.err
        and "Traceback" not in human.err
    )


def test_check_reports_a_damaged_database_file_without_a_traceback(cli, library_dir, tmp_path):
    make_reports(tmp_path / "in", 30, filler_words=500)
    cli("import", tmp_path / "in")
    db = library_dir / "library.db"
    data = bytearray(db.read_bytes())
    page = 4096
    for offset in range(3 * page, len(data) - page, 5 * page):  # scribble over every fifth page
        data[offset + 100 : offset + 400] = b"\xff" * 300
    db.write_bytes(bytes(data))
    result = cli("check", "--json")
    assert result.code == 1
    assert "Traceback" not in result.err
    payload = result.json
    assert payload.get("error") or any(p["check"] == "integrity" for p in payload["problems"])
