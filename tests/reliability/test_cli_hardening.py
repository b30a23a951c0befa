"""The command line against hostile specs and report text (issue 17, items 8 and 9): clear
usage errors naming the spec, and nothing a terminal would act on printed as text."""

from __future__ import annotations

import json
import os

import pytest

from tests.reliability.corpus import ESCAPES, hostile_specs
from tests.reliability.limits import time_limit

CONTROL = (
    {chr(c) for c in range(32) if chr(c) not in "\n\t"}
    | {chr(c) for c in range(0x7F, 0xA0)}
    | {"\u202e"}
)


def test_hostile_specs_are_usage_errors_naming_the_file_and_the_problem(cli, tmp_path):
    cli("import", "--json", _report(tmp_path, "Plain Report"))
    for spec, phrase in hostile_specs(tmp_path):
        result = cli("export", spec, "-o", tmp_path / "out.pdf")
        assert result.code == 1, (spec.name, result.err)
        assert str(spec) in result.err and phrase in result.err, (spec.name, result.err)
        assert "Traceback" not in result.err
        assert not (tmp_path / "out.pdf").exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_given_as_the_spec_is_refused_at_once(cli, tmp_path):
    fifo = tmp_path / "spec.toml"
    os.mkfifo(fifo)
    with time_limit(10):  # it blocked forever before
        result = cli("export", fifo, "-o", tmp_path / "out.pdf")
    assert result.code == 1
    assert str(fifo) in result.err and "not a regular file" in result.err


def test_a_folder_given_as_the_spec_is_refused(cli, tmp_path):
    result = cli("export", tmp_path, "-o", tmp_path / "out.pdf")
    assert result.code == 1 and "is a folder" in result.err


def _report(folder, title: str):
    path = folder / "report.txt"
    path.write_text(
        f"{title}\n\nExecutive Summary\nGunmen stopped a convoy{ESCAPES} near the river.\n",
        encoding="utf-8",
    )
    return path


def _assert_printable(text: str) -> None:
    found = CONTROL & set(text)
    assert not found, sorted(map(ord, found))


def test_escape_sequences_in_titles_are_never_printed_raw(cli, tmp_path):
    title = f"Convoy Report {ESCAPES} End"
    evil_name = tmp_path / f"evil{ESCAPES}.txt"
    evil_name.write_text(_report(tmp_path, title).read_text(encoding="utf-8"), encoding="utf-8")
    imported = cli("import", evil_name)
    assert imported.code == 0, imported.err
    _assert_printable(imported.out + imported.err)
    assert "evil\\x1b]0;owned\\x07" in imported.out  # shown, escaped, not dropped
    edited = cli("edit", "1", "--title", title)
    _assert_printable(edited.out)
    for args in (("list",), ("show", "1"), ("search", "convoy")):
        result = cli(*args)
        assert result.code == 0, (args, result.err)
        _assert_printable(result.out + result.err)
        assert "\\x1b[2J" in result.out, args
    missing = cli("export", tmp_path / f"missing{ESCAPES}.toml", "-o", tmp_path / "x.pdf")
    _assert_printable(missing.err)


def test_json_output_keeps_titles_exact_and_escaped(cli, tmp_path):
    title = f"Convoy Report {ESCAPES} End"
    cli("import", _report(tmp_path, "Plain Report"))
    cli("edit", "1", "--title", title)
    for args in (("list", "--json"), ("show", "1", "--json")):
        result = cli(*args)
        _assert_printable(result.out)
        data = json.loads(result.out)
        record = data[0] if isinstance(data, list) else data
        assert record["title"] == title
