"""File names that are not valid UTF-8: imported, stored exactly, shown with replacement
characters by the command line (text and JSON, through a real UTF-8 stdout)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from briefapp.library import Library
from tests.reliability.corpus import UNDECODABLE_NAMES, write_undecodable_names

ROOT = Path(__file__).resolve().parents[2]


def cli(*args: str | bytes) -> subprocess.CompletedProcess[bytes]:
    """The real command line in a process of its own, writing UTF-8 (as a terminal would)."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "LC_ALL": "C.UTF-8"}
    return subprocess.run(
        [sys.executable, "-m", "briefapp.cli.main", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=120,
    )


def test_names_that_are_not_utf8_import_and_round_trip(tmp_path):
    write_undecodable_names(tmp_path / "in")
    with Library(tmp_path / "lib") as lib:
        results = lib.import_paths([tmp_path / "in"])
        assert [r.status for r in results] == ["imported"] * len(UNDECODABLE_NAMES)
        by_name = {}
        for result in results:
            assert result.report_id is not None
            name, _data = lib.original(result.report_id)
            by_name[os.fsencode(name)] = result
            # Shown with U+FFFD, written as UTF-8 without complaint.
            assert "\ufffd" in result.path
            result.path.encode("utf-8")
            source = lib.get_report(result.report_id).source_file
            assert source is not None and "\ufffd" in source
        assert sorted(by_name) == sorted(UNDECODABLE_NAMES)
        # The stored original can be written out under its own name, byte for byte.
        original = lib.original_path(results[0].report_id)
        assert os.fsencode(original.name) in UNDECODABLE_NAMES
        assert original.read_bytes() == (tmp_path / "in" / original.name).read_bytes()
        assert lib.check().ok
        assert all(r.status == "unchanged" for r in lib.reparse())
        assert lib.search("convoy")


def test_the_cli_prints_such_names_in_text_and_json(tmp_path):
    write_undecodable_names(tmp_path / "in")
    (tmp_path / "in" / "empty-\udcff.txt").touch()  # the byte 0xff, as os.fsdecode gives it
    library = str(tmp_path / "lib")

    text = cli("--library", library, "import", str(tmp_path / "in"))
    assert text.returncode == 1, text.stderr  # the empty file is an error; the rest imported
    assert b"Traceback" not in text.stderr
    out = text.stdout.decode("utf-8")  # strict: the output is valid UTF-8
    assert out.count("imported ") == len(UNDECODABLE_NAMES) and "\ufffd" in out
    assert "empty-\ufffd.txt: empty file" in text.stderr.decode("utf-8")

    again = cli("--library", library, "import", "--json", str(tmp_path / "in"))
    assert b"Traceback" not in again.stderr
    outcome = json.loads(again.stdout.decode("utf-8"))
    assert [r["status"] for r in outcome].count("duplicate") == len(UNDECODABLE_NAMES)
    assert all("\ufffd" in r["path"] for r in outcome)

    shown = cli("--library", library, "show", "--json", "1")
    assert shown.returncode == 0, shown.stderr
    assert "\ufffd" in json.loads(shown.stdout.decode("utf-8"))["source_file"]
    plain = cli("--library", library, "show", "1")
    assert plain.returncode == 0 and "\ufffd" in plain.stdout.decode("utf-8")
    assert cli("--library", library, "check").returncode == 0


def test_a_file_named_explicitly_with_such_a_name(tmp_path):
    [path, *_] = write_undecodable_names(tmp_path / "in")
    with Library(tmp_path / "lib") as lib:
        [result] = lib.import_paths([os.fsdecode(path)])
        assert result.status == "imported"
        assert os.fsencode(lib.original(result.report_id)[0]) == os.path.basename(path)
