"""`briefapp delete`, `restore` and `trash`: per-id outcomes as JSON, the trash listed and
emptied, and a trashed report said to be in the trash by `show`."""

from __future__ import annotations

import pytest

from tests.conftest import TEXT_FILES, both_backends


@pytest.fixture
def ids(cli) -> list[int]:
    result = cli("import", "--json", *TEXT_FILES[:3])
    assert result.code == 0
    return [r["report_id"] for r in result.json]


@both_backends
def test_delete_json_reports_each_id_and_fails_on_unknown_ones(cli, ids):
    result = cli("delete", str(ids[0]), "999999", "--json")
    assert result.code == 1
    assert result.json == [
        {"report_id": ids[0], "status": "deleted", "error": None},
        {"report_id": 999999, "status": "error", "error": "no report with id 999999"},
    ]
    listed = [r["id"] for r in cli("list", "--json").json]
    assert ids[0] not in listed and set(ids[1:]) <= set(listed)
    assert "Traceback" not in result.err


@both_backends
def test_trash_lists_deleted_reports_with_the_list_fields(cli, ids):
    assert cli("delete", str(ids[1]), str(ids[2])).code == 0
    rows = cli("trash", "--json").json
    assert {r["id"] for r in rows} == {ids[1], ids[2]}
    assert all({"id", "title", "publisher", "published", "deleted_at"} <= set(r) for r in rows)
    human = cli("trash")
    assert "2 report(s) in the trash" in human.out


@both_backends
def test_show_says_a_report_is_in_the_trash(cli, ids):
    cli("delete", str(ids[0]))
    shown = cli("show", str(ids[0]))
    assert shown.code == 0 and "In the trash since" in shown.out
    assert f"briefapp restore {ids[0]}" in shown.out
    assert cli("show", str(ids[0]), "--json").json["deleted_at"] is not None
    assert cli("show", str(ids[1]), "--json").json["deleted_at"] is None


@both_backends
def test_restore_json_brings_reports_back(cli, ids):
    cli("delete", str(ids[0]))
    result = cli("restore", str(ids[0]), str(ids[1]), "--json")
    assert result.code == 1  # ids[1] was never in the trash
    assert [r["status"] for r in result.json] == ["restored", "error"]
    assert "not in the trash" in result.json[1]["error"]
    assert ids[0] in [r["id"] for r in cli("list", "--json").json]


@both_backends
def test_trash_empty_removes_reports_for_good(cli, ids):
    cli("delete", str(ids[0]))
    result = cli("trash", "--empty", "--json")
    assert result.code == 0
    assert result.json == [{"report_id": ids[0], "status": "purged", "error": None}]
    assert cli("trash", "--json").json == []
    gone = cli("show", str(ids[0]))
    assert gone.code == 1 and f"no report with id {ids[0]}" in gone.err
    again = cli("import", "--json", TEXT_FILES[0]).json
    assert again[0]["status"] == "imported"


def test_delete_and_restore_print_titles_without_terminal_escapes(cli, tmp_path):
    report = tmp_path / "escape.txt"
    report.write_text(
        "Depot \x1b]0;owned\x07Fire\x1b[2J Report\n\nExecutive Summary\nA depot burned in Bol.\n",
        encoding="utf-8",
    )
    cli("import", str(report))
    for command in ("delete", "restore"):
        result = cli(command, "1")
        assert result.code == 0
        assert "\x1b" not in result.out and "\x07" not in result.out
        assert "\\x1b" in result.out  # shown as a visible escape, not acted on
