"""The command line: a stable contract of names and JSON fields."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import MARKDOWN_SAMPLES, TEXT_FILES, TEXT_SAMPLES, both_backends

LIST_FIELDS = {"id", "title", "publisher", "published", "countries", "topics"}


@pytest.fixture
def filled(cli):
    result = cli("import", "--json", *TEXT_FILES, MARKDOWN_SAMPLES / "front_matter_full.md")
    assert result.code == 0
    return {r["path"].rsplit("/", 1)[-1]: r["report_id"] for r in result.json}


@both_backends
def test_import_json_reports_each_file(cli, tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_text("")
    result = cli(
        "import", "--json", TEXT_SAMPLES / "iso_date.txt", bad, TEXT_SAMPLES / "iso_date.txt"
    )
    assert result.code == 1  # one file failed
    rows = result.json
    assert [set(r) >= {"path", "status", "report_id", "error"} for r in rows] == [True] * 3
    assert [r["status"] for r in rows] == ["imported", "error", "duplicate"]
    assert rows[1]["error"] == "empty file" and rows[1]["report_id"] is None
    assert rows[0]["report_id"] == rows[2]["report_id"]
    assert "Traceback" not in result.err


@both_backends
def test_import_human_output_names_the_bad_file(cli, tmp_path):
    bad = tmp_path / "weird name (1).bin"
    bad.write_bytes(b"\x00\x01\x02" * 50)
    result = cli("import", bad)
    assert result.code == 1
    assert f"{bad}: binary file" in result.err
    assert "0 imported, 0 duplicate(s), 1 error(s)" in result.out


@both_backends
def test_list_json_fields_and_filters(cli, filled):
    rows = cli("list", "--json").json
    assert len(rows) == len(filled)
    assert all(LIST_FIELDS <= set(r) for r in rows)
    nigeria = cli("list", "--country", "Nigeria", "--json").json
    assert nigeria and all("Nigeria" in r["countries"] for r in nigeria)
    ivory = cli("list", "--country", "Ivory Coast", "--json").json
    assert [r["countries"] for r in ivory] == [["Côte d'Ivoire", "Ghana"]]
    mining = cli("list", "--topic", "Mining", "--since", "2026-01-01", "--json").json
    assert mining and all("Mining" in r["topics"] and r["published"] >= "2026" for r in mining)


@both_backends
def test_show_json_has_sections_in_order(cli, filled):
    data = cli("show", filled["header_labels_full.txt"], "--json").json
    assert LIST_FIELDS | {"grade", "tags", "source_file", "sections"} <= set(data)
    assert data["published"] == "2025-08-19T23:01:00"
    assert data["countries"] == ["Niger", "Nigeria", "Chad"]
    assert data["grade"] == "F6" and data["tags"] == []
    assert [(s["heading"], s["kind"]) for s in data["sections"]] == [
        ("Executive Summary", "summary"),
        ("Key Developments", "other"),
        ("Strategic Outlook", "outlook"),
    ]


@both_backends
def test_show_unknown_report_is_a_clear_error(cli, filled):
    result = cli("show", "9999")
    assert (
        result.code == 1
        and "no report with id 9999" in result.err
        and "Traceback" not in result.err
    )


@both_backends
def test_edit_corrects_metadata_and_search_sees_it(cli, filled):
    rid = filled["iso_date.txt"]
    result = cli(
        "edit",
        rid,
        "--title",
        "Kordofan Famine Worsens",
        "--published",
        "2026-03-05",
        "--country",
        "Sudan",
        "--country",
        "South Sudan",
        "--topic",
        "Food",
        "--grade",
        "B2",
        "--tag",
        "watch",
        "--json",
    )
    assert result.code == 0
    data = cli("show", rid, "--json").json
    assert data["title"] == "Kordofan Famine Worsens" and data["published"].startswith("2026-03-05")
    assert (
        data["countries"] == ["Sudan", "South Sudan"]
        and data["grade"] == "B2"
        and data["tags"] == ["watch"]
    )
    hits = cli("search", "worsens", "--json").json
    assert hits[0]["report_id"] == rid
    assert [r["id"] for r in cli("list", "--country", "South Sudan", "--json").json] == [rid]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--grade", "Z9"], "not a source grade"),
        (["--country", "Atlantis"], "not a country: Atlantis"),
        (["--published", "someday"], "not a date"),
        ([], "nothing to change"),
    ],
)
@both_backends
def test_edit_rejects_bad_values_clearly(cli, filled, args, message):
    result = cli("edit", filled["iso_date.txt"], *args)
    assert result.code == 1 and message in result.err


@pytest.mark.parametrize(
    "query", ["post-Wagner", '"unbalanced', "C++", "OR", "gold OR", "NEAR(", "*"]
)
@both_backends
def test_search_never_fails_on_what_users_type(cli, filled, query):
    result = cli("search", query, "--json")
    assert result.code == 0, result.err
    assert isinstance(result.json, list)


@both_backends
def test_search_json_fields_and_marked_snippet(cli, filled):
    hits = cli("search", '"gold-mining camps"', "--json").json
    assert hits and {"report_id", "title", "section", "snippet"} <= set(hits[0])
    assert "**gold-mining camps**" in hits[0]["snippet"]
    assert cli("search", "minin*", "--limit", "2", "--json").json.__len__() == 2


@both_backends
def test_publisher_reliability_sets_the_grade_of_its_reports(cli, filled):
    rid = filled["marketing_cta_tail.txt"]
    assert (
        cli("publisher", "Harrowgate Risk", "--reliability", "B", "--json").json["reliability"]
        == "B"
    )
    assert cli("show", rid, "--json").json["grade"] == "B6"


@both_backends
def test_human_list_is_a_readable_table(cli, filled):
    out = cli("list").out
    assert out.splitlines()[0].split() == [
        "ID",
        "Published",
        "Title",
        "Publisher",
        "Countries",
        "Grade",
    ]
    assert f"{len(filled)} report(s)" in out


def test_every_command_has_help_text():
    from briefapp.cli.main import COMMANDS_HELP, _parser

    parser = _parser()
    commands = parser._subparsers._group_actions[0].choices
    assert set(commands) == set(COMMANDS_HELP)
    for name, sub in commands.items():
        assert sub.description, name
        for action in sub._actions:
            if action.option_strings and action.dest not in ("help",):
                assert action.help, f"{name} {action.option_strings} has no help text"


def test_library_commands_load_neither_qt_nor_reportlab(tmp_path):
    script = (
        "import sys; from briefapp.cli.main import main;"
        f"main(['--library', {str(tmp_path)!r}, 'import', {str(TEXT_FILES[0])!r}]);"
        f"main(['--library', {str(tmp_path)!r}, 'search', 'gold']);"
        f"main(['--library', {str(tmp_path)!r}, 'list', '--json']);"
        "heavy = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'reportlab', 'shiboken6')];"
        "print(heavy)"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_reading_commands_never_create_a_library_at_a_mistyped_path(tmp_path):
    from briefapp.cli.main import main

    missing = tmp_path / "no" / "such" / "library"
    for command in (["list"], ["search", "gold"], ["show", "1"], ["briefings"], ["check"]):
        assert main(["--library", str(missing), *command]) == 1
    assert not missing.exists() and not (tmp_path / "no").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--limit", "-1"],
        ["search", "x", "--limit", "-1"],
        ["show", "99999999999999999999"],
        ["show", "0"],
        ["search", "x", "--limit", "99999999999999999999"],
    ],
)
def test_out_of_range_numbers_are_usage_errors_not_tracebacks(filled, args, library_dir, capsys):
    from briefapp.cli.main import main

    with pytest.raises(SystemExit) as exit_info:
        main(["--library", str(library_dir), *args])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "briefapp" in err


@both_backends
def test_reparse_json_and_its_usage_errors(cli, filled):
    report_id = filled["iso_date.txt"]
    cli("edit", report_id, "--title", "Analyst Title")
    result = cli("reparse", report_id, 999, "--json")
    assert result.code == 1
    assert result.json == [
        {"report_id": report_id, "status": "unchanged", "title": "Analyst Title", "error": None},
        {"report_id": 999, "status": "error", "title": None, "error": "no report with id 999"},
    ]
    everything = cli("reparse", "--all", "--metadata")
    assert everything.code == 0
    assert f"updated    #{report_id:<6}" in everything.out and "1 updated" in everything.out
    assert cli("show", report_id, "--json").json["title"] != "Analyst Title"
    for wrong in ((), (report_id, "--all")):
        with pytest.raises(SystemExit) as exit_info:
            cli("reparse", *wrong)
        assert exit_info.value.code == 2


def test_init_creates_an_empty_library_that_reading_commands_then_open(cli, tmp_path):
    folder = tmp_path / "fresh"
    assert cli("list", library=folder).code == 1  # reading never creates one
    created = cli("init", "--json", library=folder).json
    assert created == {"library": str(folder), "reports": 0}
    assert cli("list", "--json", library=folder).json == []


def test_briefings_in_a_library_without_any_says_so(cli, tmp_path):
    folder = tmp_path / "fresh"
    cli("init", library=folder)
    result = cli("briefings", library=folder)
    assert result.code == 0 and "no briefings saved" in result.out
    assert cli("briefings", "--json", library=folder).json == []


def test_an_unknown_brand_is_named_with_the_ones_available(cli, tmp_path):
    spec = tmp_path / "spec.toml"
    spec.write_text('title = "T"\n[[items]]\nmarkdown = "Own text."\n', encoding="utf-8")
    cli("init")
    result = cli("export", spec, "-o", tmp_path / "out.pdf", "--brand", "nope")
    assert result.code == 1
    assert "briefapp: error: unknown brand 'nope'; available brands: default, meridian" in (
        result.err
    )
