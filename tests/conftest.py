"""Shared fixtures: fresh libraries, the sample folders, and an in-process CLI runner."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SAMPLES = Path(__file__).parent / "samples"
TEXT_SAMPLES = SAMPLES / "text"
TEXT_FILES = sorted(TEXT_SAMPLES.glob("*.txt"))
MARKDOWN_SAMPLES = SAMPLES / "markdown"
BUNDLED_SAMPLES = Path(__file__).parent.parent / "resources" / "samples"


def stored_reports(library: Path) -> int:
    """How many reports a library folder holds, read-only, while another process may write
    (0 before the database exists)."""
    import sqlite3

    try:
        conn = sqlite3.connect(f"file:{library / 'library.db'}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute("SELECT count(*) FROM reports").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.OperationalError:  # not created yet
        return 0


# Library tests marked with this run on both kinds of library: a folder (SQLite) and a
# PostgreSQL database on a server the test session starts itself (tests/pg_server.py).
both_backends = pytest.mark.parametrize("backend", ["sqlite", "postgres"], indirect=True)


@pytest.fixture(scope="session")
def pg_server():
    """A PostgreSQL server for the whole session, on a free port of 127.0.0.1."""
    from tests.pg_server import LocalServer, install_server

    bindir = install_server()
    if bindir is None:
        pytest.skip(
            "PostgreSQL's server binaries (initdb, pg_ctl) are absent and cannot be installed"
            " here: install Debian's postgresql package (./dev test does when run as root)"
        )
    server = LocalServer(bindir).start()
    yield server
    server.stop()


@pytest.fixture
def backend(request) -> str:
    """Which kind of library the test's library uses (sqlite unless parametrised)."""
    return getattr(request, "param", "sqlite")


@pytest.fixture
def library_dir(tmp_path, backend, request):
    """Where the test library is: a folder, or the address of a new empty database."""
    if backend != "postgres":
        yield tmp_path / "library"
        return
    server = request.getfixturevalue("pg_server")
    url = server.create_database()
    yield url
    server.drop_database(url)


@pytest.fixture
def library(library_dir):
    from briefapp.library import Library

    lib = Library(library_dir)
    yield lib
    lib.close()


@pytest.fixture(autouse=True)
def _no_user_library(tmp_path, monkeypatch):
    """No test may touch the user's real library."""
    monkeypatch.setenv("BRIEFAPP_LIBRARY", str(tmp_path / "env-library"))
    # (where a server library keeps its local folder: see pg/store.local_folder)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "user-data"))


class CliResult:
    def __init__(self, code: int, out: str, err: str):
        self.code, self.out, self.err = code, out, err

    @property
    def json(self):
        return json.loads(self.out)


@pytest.fixture
def cli(capsys, library_dir):
    """Run ``briefapp ARGS`` in-process against the test library."""
    from briefapp.cli.main import main

    def run(*args: str, library: Path | str | None = None) -> CliResult:
        capsys.readouterr()
        code = main(["--library", str(library or library_dir), *map(str, args)])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run
