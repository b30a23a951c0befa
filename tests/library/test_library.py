"""The library: import, duplicates, bad input, edits, search, facets, briefings."""

from __future__ import annotations

import shutil
import threading
import time
from datetime import datetime
from pathlib import Path

import pytest

from briefapp.errors import BriefappError, NotFound
from briefapp.library import Library, ReportFilter
from tests.conftest import MARKDOWN_SAMPLES, TEXT_FILES, TEXT_SAMPLES, both_backends


def test_import_keeps_a_content_addressed_copy_of_the_original(library):
    [result] = library.import_paths([TEXT_SAMPLES / "iso_date.txt"])
    assert result.status == "imported"
    name, data = library.original(result.report_id)
    assert name == "iso_date.txt" and data == (TEXT_SAMPLES / "iso_date.txt").read_bytes()
    digest = library.get_report(result.report_id).content_hash
    assert (
        library.store.conn.execute(
            "SELECT count(*) FROM originals WHERE hash = ?", [digest]
        ).fetchone()[0]
        == 1
    )
    opened = library.original_path(result.report_id)
    assert opened.read_bytes() == data and opened.is_relative_to(library.folder)


@both_backends
def test_reimporting_the_same_content_is_a_duplicate(library, tmp_path):
    first = library.import_paths([TEXT_SAMPLES / "iso_date.txt"])[0]
    copy = tmp_path / "renamed.txt"
    shutil.copy(TEXT_SAMPLES / "iso_date.txt", copy)
    again = library.import_paths([TEXT_SAMPLES / "iso_date.txt", copy])
    assert [r.status for r in again] == ["duplicate", "duplicate"]
    assert {r.report_id for r in again} == {first.report_id}
    assert library.count_reports() == 1


@pytest.mark.parametrize(
    "name, content, problem",
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"   \n\n  ", "empty file"),
        ("binary.txt", bytes(range(256)) * 20, "binary file"),
        ("image.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "binary file"),
        ("notes.odt", b"some text", "unsupported file type '.odt'"),
        ("old.doc", b"\xd0\xcf\x11\xe0 old word", "old Word format"),
        ("only-title.txt", b"Just a title\n", "no report text found"),
    ],
)
@both_backends
def test_bad_input_gets_a_clear_error_naming_the_problem(library, tmp_path, name, content, problem):
    path = tmp_path / name
    path.write_bytes(content)
    [result] = library.import_paths([path])
    assert result.status == "error"
    assert problem in result.error
    assert library.count_reports() == 0


def test_huge_file_is_refused_before_reading(library, tmp_path, monkeypatch):
    import briefapp.library.parsing as module

    monkeypatch.setattr(module, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "huge.txt"
    path.write_bytes(b"word " * 1000)
    [result] = library.import_paths([path])
    assert result.status == "error" and "file too large" in result.error


@both_backends
def test_one_bad_file_never_stops_the_batch(library, tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    shutil.copy(TEXT_SAMPLES / "iso_date.txt", folder / "a.txt")
    (folder / "b.txt").write_bytes(b"")
    shutil.copy(TEXT_SAMPLES / "comment_form.txt", folder / "c.txt")
    results = library.import_paths([folder, tmp_path / "missing.txt"])
    assert [r.status for r in results] == ["imported", "error", "imported", "error"]
    assert results[3].error == "no such file or folder"
    assert library.count_reports() == 2


@both_backends
def test_folders_are_imported_recursively(library, tmp_path):
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    shutil.copy(TEXT_SAMPLES / "iso_date.txt", tmp_path / "a" / "one.txt")
    shutil.copy(MARKDOWN_SAMPLES / "front_matter_full.md", nested / "two.md")
    (nested / ".hidden.txt").write_text("ignored")
    results = library.import_paths([tmp_path / "a"])
    assert [r.status for r in results] == ["imported", "imported"]


@both_backends
def test_report_round_trips_through_the_database(library):
    [result] = library.import_paths([MARKDOWN_SAMPLES / "front_matter_full.md"])
    report = library.get_report(result.report_id)
    assert report.title.startswith("Gold, Guns and Checkpoints")
    assert report.published == datetime(2026, 2, 19)
    assert report.countries == ["Mali", "Burkina Faso"]
    assert report.grade == "F6"
    assert report.source_file == "front_matter_full.md"
    assert [s.kind for s in report.sections] == ["summary", "other", "outlook"]


@both_backends
def test_unknown_report_is_not_found(library):
    with pytest.raises(NotFound, match="no report with id 99"):
        library.get_report(99)


@both_backends
def test_edits_are_searchable_at_once(library):
    [result] = library.import_paths([TEXT_SAMPLES / "iso_date.txt"])
    library.update_report(
        result.report_id,
        title="Kordofan Hunger Crisis Deepens",
        countries=["Chad"],
        topics=["Food Security"],
        tags=["priority"],
        grade="b2",
    )
    assert library.search("hunger")[0].report_id == result.report_id
    assert library.report_ids(ReportFilter(countries=["Chad"])) == [result.report_id]
    assert library.report_ids(ReportFilter(countries=["Sudan"])) == []
    assert library.report_ids(ReportFilter(tags=["priority"])) == [result.report_id]
    assert library.get_report(result.report_id).grade == "B2"
    assert library.search_index_in_sync()


@both_backends
def test_publisher_reliability_applies_to_its_reports(library):
    [a] = library.import_paths([TEXT_SAMPLES / "marketing_cta_tail.txt"])
    library.set_publisher_reliability("Harrowgate Risk", "b")
    assert library.get_report(a.report_id).grade == "B6"
    library.update_report(a.report_id, grade="A1")
    assert library.get_report(a.report_id).grade == "A1"
    with pytest.raises(BriefappError, match="not a source grade"):
        library.update_report(a.report_id, grade="G9")


@both_backends
def test_facet_counts_follow_the_filters(library):
    library.import_paths(TEXT_FILES)
    facets = library.facets()
    countries = dict(facets["country"])
    assert countries["Nigeria"] >= 2 and countries["Niger"] >= 1
    narrowed = library.facets(ReportFilter(countries=["Mali"]))
    assert dict(narrowed["topic"]).get("Security", 0) <= dict(facets["topic"])["Security"]
    # A facet ignores its own selection so alternatives stay visible.
    assert dict(narrowed["country"]) == countries


@both_backends
def test_list_filters_by_country_topic_and_date(library):
    library.import_paths(TEXT_FILES)
    nigeria = library.list_reports(ReportFilter(countries=["Nigeria"]))
    assert all("Nigeria" in r.countries for r in nigeria)
    recent = library.list_reports(ReportFilter(since=datetime(2026, 3, 1)))
    assert recent and all(r.published >= datetime(2026, 3, 1) for r in recent)
    dates = [r.published for r in recent]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize(
    "query",
    [
        "post-Wagner",
        '"unbalanced',
        "C++",
        "OR",
        "a OR",
        "AND",
        "NOT",
        "NEAR(",
        "*",
        "''",
        "(((",
        "-",
        "title:gold",
        '" OR "',
        "^start",
        "ségou",
        "😀",
        "",
    ],
)
@both_backends
def test_any_typed_text_is_a_valid_query(library, query):
    library.import_paths(TEXT_FILES)
    library.search(query)  # never raises
    library.report_ids(ReportFilter(text=query))


@both_backends
def test_search_ranks_hits_with_marked_snippets(library):
    library.import_paths(TEXT_FILES)
    hits = library.search("firewood")
    assert hits and "Refugee Arrivals" in hits[0].title
    assert "**firewood**" in hits[0].snippet_marked()
    assert "[firewood]" in hits[0].snippet_marked("[", "]")
    # A title match ranks above a match in the body alone.
    ranked = library.search("Kordofan")
    assert ranked[0].title.startswith("Famine Conditions Spread Across South Kordofan")


@both_backends
def test_search_supports_phrases_prefixes_and_or(library):
    library.import_paths(TEXT_FILES)
    assert library.search('"gold-mining camps"')
    assert library.search("minin*")
    assert not library.search("minin")
    both = {h.report_id for h in library.search("Bamenda OR Kordofan")}
    assert len(both) == 2


@both_backends
def test_search_ignores_diacritics(library):
    library.import_paths([TEXT_SAMPLES / "cp1252.txt"])
    assert library.search("Segou") and library.search("SÉGOU")


@both_backends
def test_briefings_are_saved_and_listed(library):
    from briefapp.briefing import item_from_section, own_text_item
    from briefapp.models import Briefing

    [r] = library.import_paths([TEXT_SAMPLES / "iso_date.txt"])
    report = library.get_report(r.report_id)
    b = Briefing(title="Weekly", subtitle="Week 47", classification="RESTRICTED")
    b.items = [
        item_from_section(report, report.sections[0], note="watch this"),
        own_text_item("## Analyst Comment\n\nOwn text."),
    ]
    library.save_briefing(b)
    b.items[0].edited_text = "Shortened."
    library.save_briefing(b)
    loaded = library.load_briefing(b.id)
    assert loaded.items[0].body == "Shortened." and loaded.items[0].text == report.sections[0].text
    assert loaded.items[0].source.title == report.title and loaded.items[0].note == "watch this"
    assert loaded.items[1].heading == "Analyst Comment" and loaded.items[1].source is None
    assert [i.title for i in library.list_briefings()] == ["Weekly"]
    # The library's original section is untouched by the edit.
    assert library.get_report(r.report_id).sections[0].text == report.sections[0].text


def test_opening_a_corrupt_database_is_a_clear_error(tmp_path):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "library.db").write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(BriefappError, match="not a usable library database"):
        Library(folder)


@pytest.mark.parametrize(
    "filters",
    [
        ReportFilter(text="convoys"),
        ReportFilter(text="security", countries=["Nigeria"]),
        ReportFilter(topics=["Security"], since=datetime(2026, 1, 1)),
        ReportFilter(countries=["Mali", "Chad"], text="fuel"),
    ],
)
@both_backends
def test_facet_counts_match_the_reports_they_describe(library, filters):
    from collections import Counter
    from dataclasses import replace

    library.import_paths(TEXT_FILES)
    facets = library.facets(filters)
    # Each facet counts the reports matching every filter except its own.
    by_country = Counter(
        c for r in library.list_reports(replace(filters, countries=[])) for c in r.countries
    )
    by_topic = Counter(
        t for r in library.list_reports(replace(filters, topics=[])) for t in r.topics
    )
    years = Counter(str(r.published.year) for r in library.list_reports(filters) if r.published)
    assert dict(facets["country"]) == dict(by_country)
    assert dict(facets["topic"]) == dict(by_topic)
    assert dict(facets["year"]) == dict(years)


def test_a_failed_commit_leaves_the_library_usable(library, monkeypatch):
    """A COMMIT refused by the disk rolls back; the next write works."""
    import sqlite3

    real = library.store.db.conn

    class FailingCommit:
        def __init__(self):
            self.fail = True

        def execute(self, sql, *args):
            if sql == "COMMIT" and self.fail:
                self.fail = False
                raise sqlite3.OperationalError("disk I/O error")
            return real.execute(sql, *args)

        def __getattr__(self, name):
            return getattr(real, name)

    monkeypatch.setattr(library.store.db, "conn", FailingCommit())
    [first] = library.import_paths([TEXT_SAMPLES / "iso_date.txt"])
    assert first.status == "error" and library.count_reports() == 0
    assert not real.in_transaction
    [again] = library.import_paths([TEXT_SAMPLES / "iso_date.txt"])
    assert again.status == "imported" and library.count_reports() == 1


def _many_reports(folder: Path, count: int) -> list[Path]:
    folder.mkdir()
    paths = []
    for n in range(count):
        path = folder / f"report-{n:04d}.txt"
        path.write_text(
            f"Patrol Note {n}\n\nExecutive Summary\nPatrol {n} crossed the Chad border at dawn.\n",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


def test_big_import_keeps_order_and_restores_checkpointing(library, tmp_path):
    """Enough files for the parallel path (parse workers, the writer parsing queued chunks
    itself, checkpoints in a thread): results in input order, the publisher applied to all,
    and the connection checkpointing by itself again afterwards."""
    from briefapp.library.parsing import PARALLEL_MIN_FILES
    from briefapp.library.storage import WAL_AUTOCHECKPOINT_PAGES

    paths = _many_reports(tmp_path / "many", PARALLEL_MIN_FILES + 100)
    results = library.import_paths([tmp_path / "many"], publisher="Border Desk", batch_size=50)
    assert [r.path for r in results] == [str(p) for p in paths]
    assert all(r.status == "imported" for r in results)
    assert [r.title for r in results[:2]] == ["Patrol Note 0", "Patrol Note 1"]
    assert {r.publisher for r in library.list_reports()} == {"Border Desk"}
    assert (
        library.store.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
        == WAL_AUTOCHECKPOINT_PAGES
    )
    assert not [t for t in threading.enumerate() if t.name == "briefapp-checkpoint"]
    assert library.search_index_in_sync()
    assert library.search("patrol 7")[0].title.startswith("Patrol Note")


def test_a_file_that_kills_every_parse_worker_is_an_error_and_the_rest_arrive(
    library, tmp_path, monkeypatch
):
    """A worker that dies on a file (out of memory, a parser crash): the file is read again
    alone in a fresh worker; when that worker dies too, the file is reported and every other
    file still arrives. The first chunk always goes to a worker."""
    from briefapp.library.parsing import KILL_WORKER_ON, PARALLEL_MIN_FILES
    from briefapp.library.workers import DIED_TWICE

    paths = _many_reports(tmp_path / "many", PARALLEL_MIN_FILES + 200)
    monkeypatch.setenv(KILL_WORKER_ON, paths[3].name)
    results = library.import_paths([tmp_path / "many"], batch_size=50)
    assert len(results) == PARALLEL_MIN_FILES + 200
    assert [(r.path, r.error) for r in results if r.status != "imported"] == [
        (str(paths[3]), DIED_TWICE)
    ]
    assert library.count_reports() == PARALLEL_MIN_FILES + 199


def test_garbage_collector_comes_back_when_listing_the_paths_fails(library):
    import gc

    with pytest.raises(OSError):
        library.import_paths(["x" * 5000])  # a name too long for the file system
    assert gc.isenabled()


def test_two_big_imports_on_one_library_at_once(library, tmp_path):
    """The library is shared by threads (the window's import and a drop, say): each import
    keeps its own checkpoint thread, and checkpointing comes back after the last one."""
    from briefapp.library.parsing import PARALLEL_MIN_FILES
    from briefapp.library.storage import WAL_AUTOCHECKPOINT_PAGES

    (tmp_path / "b").mkdir()
    a = _many_reports(tmp_path / "a", PARALLEL_MIN_FILES * 4)
    b = []
    for n in range(PARALLEL_MIN_FILES + 50):
        path = tmp_path / "b" / f"other-{n:04d}.txt"
        path.write_text(
            f"Harbour Note {n}\n\nExecutive Summary\nHarbour {n} reopened after the storm.\n"
        )
        b.append(path)
    outcome, errors = {}, []

    def run(name, folder):
        try:
            outcome[name] = library.import_paths([folder], batch_size=50)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    first = threading.Thread(target=run, args=("a", tmp_path / "a"))
    first.start()
    time.sleep(0.2)
    run("b", tmp_path / "b")
    first.join()
    assert not errors
    assert len(outcome["a"]) == len(a) and len(outcome["b"]) == len(b)
    assert library.count_reports() == len(a) + len(b)
    assert (
        library.store.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
        == WAL_AUTOCHECKPOINT_PAGES
    )
    assert not [t for t in threading.enumerate() if t.name == "briefapp-checkpoint"]
    assert library.search_index_in_sync()


@both_backends
def test_a_cancelled_big_import_always_says_so(library, tmp_path):
    import itertools

    from briefapp.errors import Cancelled
    from briefapp.library.parsing import PARALLEL_MIN_FILES

    _many_reports(tmp_path / "many", PARALLEL_MIN_FILES * 3)
    calls = itertools.count(1)
    with pytest.raises(Cancelled):
        library.import_paths([tmp_path / "many"], cancel=lambda: next(calls) >= 65)
    stored = library.count_reports()
    assert 0 < stored < PARALLEL_MIN_FILES * 3
    assert library.search_index_in_sync()


def test_reparse_reads_sections_again_and_keeps_corrections(library):
    """Originals are kept so reports can be read again when the importer improves: sections
    come back from the original, the analyst's corrections stay, briefings keep their copies."""
    [result] = library.import_paths([TEXT_SAMPLES / "iso_date.txt"])
    report_id = result.report_id
    before = library.get_report(report_id)
    library.update_report(report_id, title="Corrected Title", countries=["Chad"])
    with library.write() as conn:  # what an older importer might have stored
        conn.execute(
            "UPDATE sections SET text = 'garbled capture' WHERE report_id = ?", [report_id]
        )
        conn.execute("DELETE FROM sections WHERE report_id = ? AND position > 0", [report_id])
    [outcome] = library.reparse([report_id])
    assert (outcome.status, outcome.title) == ("updated", "Corrected Title")
    after = library.get_report(report_id)
    assert [(s.heading, s.kind, s.text) for s in after.sections] == [
        (s.heading, s.kind, s.text) for s in before.sections
    ]
    assert after.title == "Corrected Title" and after.countries == ["Chad"]
    assert not library.search("garbled")
    assert library.search(before.sections[-1].text.split()[0])
    assert library.search_index_in_sync()
    assert [r.status for r in library.reparse([report_id])] == ["unchanged"]

    [outcome] = library.reparse([report_id], metadata=True)
    assert outcome.status == "updated" and library.get_report(report_id).title == before.title
    assert library.get_report(report_id).countries == before.countries
    assert library.report_ids(ReportFilter(countries=["Chad"])) == []
    assert library.search_index_in_sync()


def test_reparse_reports_what_it_cannot_read(library):
    [result] = library.import_paths([TEXT_SAMPLES / "iso_date.txt"])
    library.store.conn.execute("DELETE FROM originals")
    outcome = library.reparse([result.report_id, 404])
    assert [(r.report_id, r.status) for r in outcome] == [
        (result.report_id, "error"),
        (404, "error"),
    ]
    assert (
        "original file is missing" in outcome[0].error
        and "no report with id 404" in outcome[1].error
    )
    assert library.get_report(result.report_id).sections  # untouched


def test_reparse_of_a_report_deleted_meanwhile_is_an_error_not_a_crash(library, monkeypatch):
    import sqlite3

    import briefapp.ingest.pipeline as library_module

    [result] = library.import_paths([TEXT_SAMPLES / "iso_date.txt"])
    with library.write() as conn:
        conn.execute("UPDATE sections SET text = 'stale' WHERE report_id = ?", [result.report_id])
    real_parse = library_module.parse_report

    def parse_while_someone_deletes(data, name):
        other = sqlite3.connect(library.folder / "library.db", timeout=10)
        other.execute("PRAGMA foreign_keys = ON")
        other.execute("DELETE FROM reports WHERE id = ?", [result.report_id])
        other.commit()
        other.close()
        return real_parse(data, name)

    monkeypatch.setattr(library_module, "parse_report", parse_while_someone_deletes)
    [outcome] = library.reparse([result.report_id])
    assert (outcome.status, outcome.error) == ("error", "the report was deleted meanwhile")
    assert library.count_reports() == 0
    assert library.store.conn.execute("SELECT count(*) FROM sections").fetchone()[0] == 0
    assert library.search_index_in_sync()


@both_backends
def test_reparse_reads_the_report_by_its_own_file_name_and_keeps_the_publisher(library, tmp_path):
    """An original first imported under another name (then deleted) is read as this report's
    file; the publisher given at import survives --metadata."""
    text = "# Situation\n\nFirst paragraph of the note, long enough to be a section.\n"
    first = tmp_path / "first_name.md"
    first.write_text(text, encoding="utf-8")
    [one] = library.import_paths([first])
    library.delete_report(one.report_id)
    second = tmp_path / "field_note_gao.txt"
    second.write_text(text, encoding="utf-8")
    [two] = library.import_paths([second], publisher="Field Desk")
    before = library.get_report(two.report_id)
    assert [r.status for r in library.reparse([two.report_id], metadata=True)] == ["unchanged"]
    after = library.get_report(two.report_id)
    assert (after.title, after.format, after.publisher) == (
        before.title,
        before.format,
        "Field Desk",
    )
