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


@pytest.fixture
def library_dir(tmp_path) -> Path:
    return tmp_path / "library"


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

    def run(*args: str, library: Path | None = None) -> CliResult:
        capsys.readouterr()
        code = main(["--library", str(library or library_dir), *map(str, args)])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run
