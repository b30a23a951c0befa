"""Data outside the library: what the library creates is private to the user (folders 0700,
files 0600, whatever the umask), and SQLite writes no temporary files (search-index pages)
outside it."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from briefapp.library import Library

ROOT = Path(__file__).resolve().parents[2]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask():
    """The loosest umask: anything the program creates is as open as it asks for."""
    old = os.umask(0)
    yield
    os.umask(old)


def _report(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "note.txt"
    path.write_text("Harbour Note\n\nExecutive Summary\nThe harbour reopened at dawn.\n")
    return path


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_a_new_library_and_its_backups_are_private(tmp_path, open_umask):
    with Library(tmp_path / "lib") as lib:
        lib.import_paths([_report(tmp_path / "in")])
        assert mode(tmp_path / "lib") == 0o700
        for name in ("library.db", "library.db-wal", "library.db-shm"):
            assert mode(tmp_path / "lib" / name) == 0o600, name
        lib.backup(tmp_path / "backups" / "monday")
        lib.backup(tmp_path / "single.db")
    assert mode(tmp_path / "backups" / "monday") == 0o700
    assert mode(tmp_path / "backups" / "monday" / "library.db") == 0o600
    assert mode(tmp_path / "single.db") == 0o600


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_an_existing_folder_keeps_its_mode_and_a_new_database_in_it_is_private(
    tmp_path, open_umask
):
    (tmp_path / "shared").mkdir(mode=0o750)
    with Library(tmp_path / "shared") as lib:
        lib.import_paths([_report(tmp_path / "in")])
    assert mode(tmp_path / "shared") == 0o750
    assert mode(tmp_path / "shared" / "library.db") == 0o600


def test_the_library_keeps_temporary_data_in_memory(tmp_path):
    with Library(tmp_path / "lib") as lib:
        assert lib.store.conn.execute("PRAGMA temp_store").fetchone()[0] == 2  # MEMORY


IMPORT = """
import sys
sys.path.insert(0, "benchmarks")
from pathlib import Path
from bench_import import generate
from briefapp.library import Library

files = generate(Path(sys.argv[1]), 3000)
with Library(sys.argv[2]) as lib:
    assert len(lib.import_paths([sys.argv[1]])) == len(files)
"""


@pytest.mark.skipif(shutil.which("strace") is None, reason="needs strace to watch file opens")
def test_a_big_import_opens_no_temporary_file_outside_the_library(tmp_path):
    """SQLite's temporary files are unlinked as soon as they are opened, so only tracing the
    opens shows them (3,000 reports gave 4 under /var/tmp before temp_store = MEMORY)."""
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    trace = tmp_path / "trace.txt"
    env = {**os.environ, "SQLITE_TMPDIR": str(tmpdir), "TMPDIR": str(tmpdir)}
    subprocess.run(
        ["strace", "-f", "-e", "trace=openat", "-o", str(trace), sys.executable, "-c", IMPORT]
        + [str(tmp_path / "in"), str(tmp_path / "lib")],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    # SQLite names its temporary files etilqs_*, in SQLITE_TMPDIR (else /var/tmp, /tmp).
    temporary = [
        line
        for line in trace.read_text().splitlines()
        if "etilqs_" in line or str(tmpdir) in line or "/var/tmp" in line
    ]
    assert not temporary, temporary[:5]


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
@pytest.mark.parametrize("suffix", [".pdf", ".docx"])
def test_exported_briefings_are_private_to_the_user(tmp_path, open_umask, suffix):
    from briefapp.brands import load_brand
    from briefapp.briefing import own_text_item
    from briefapp.models import Briefing

    briefing = Briefing(title="Harbour Weekly", items=[own_text_item("## Note\n\nQuiet week.")])
    out = tmp_path / f"weekly{suffix}"
    if suffix == ".pdf":
        from briefapp.render import render_briefing

        render_briefing(briefing, load_brand("default"), out)
    else:
        from briefapp.render.docx_export import export_docx

        export_docx(briefing, load_brand("default"), out)
    assert mode(out) == 0o600
