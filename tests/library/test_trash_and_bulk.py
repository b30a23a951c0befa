"""The trash, bulk edits, saved collections and near-duplicate groups in the library."""

from __future__ import annotations

import pytest

from briefapp.briefing.compose import item_from_section
from briefapp.errors import BriefappError, NotFound
from briefapp.library import BulkEdit, Library, ReportFilter
from briefapp.models import Briefing
from briefapp.render.text import citation_line
from tests.conftest import TEXT_FILES, TEXT_SAMPLES, both_backends
from tests.library.test_near_duplicates import BODY, article


@pytest.fixture
def filled(library: Library) -> dict[str, int]:
    results = library.import_paths(TEXT_FILES)
    return {r.path.rsplit("/", 1)[-1]: r.report_id for r in results if r.report_id}


@both_backends
def test_a_deleted_report_leaves_lists_counts_facets_and_search_at_once(library, filled):
    nigeria = filled["nigeria_only.txt"]
    before = library.count_reports()
    assert nigeria in {h.report_id for h in library.search("Nigeria", limit=100)}
    [result] = library.delete_reports([nigeria])
    assert (result.status, result.error) == ("deleted", None)
    assert library.count_reports() == before - 1
    assert nigeria not in library.report_ids()
    assert nigeria not in {h.report_id for h in library.search("Nigeria", limit=100)}
    only = ReportFilter(countries=["Nigeria"])
    assert nigeria not in library.report_ids(only)
    counts = dict(library.facets()["country"])
    assert counts.get("Nigeria", 0) == library.count_reports(only)
    publishers = {p[0]: p[2] for p in library.publishers()}
    assert sum(publishers.values()) <= library.count_reports()
    # Still readable: restoring, and briefings citing it, need it.
    assert library.get_report(nigeria).id == nigeria
    assert library.deleted_at(nigeria) is not None


@both_backends
def test_search_with_a_full_trash_still_returns_the_limit_of_live_hits(library, filled):
    hits = library.search("the", limit=3)
    assert len(hits) == 3
    library.delete_reports([h.report_id for h in hits])
    again = library.search("the", limit=3)
    assert len(again) == 3 and not {h.report_id for h in hits} & {h.report_id for h in again}


@both_backends
def test_restore_brings_a_report_back_and_unknown_ids_are_errors(library, filled):
    report_id = filled["iso_date.txt"]
    library.delete_reports([report_id])
    assert [t.report.id for t in library.trash()] == [report_id]
    results = library.restore_reports([report_id, 999_999])
    assert [(r.status, r.error) for r in results] == [
        ("restored", None),
        ("error", "no report with id 999999"),
    ]
    assert report_id in library.report_ids() and library.trash() == []
    [again] = library.restore_reports([report_id])
    assert again.status == "error" and "not in the trash" in (again.error or "")
    [missing] = library.delete_reports([123_456])
    assert missing.status == "error" and "123456" in (missing.error or "")


@both_backends
def test_emptying_the_trash_removes_reports_and_their_originals_for_good(library, filled):
    report_id = filled["iso_date.txt"]
    originals = library.check().originals
    library.delete_reports([report_id])
    assert library.empty_trash() == [report_id]
    with pytest.raises(NotFound):
        library.get_report(report_id)
    assert library.check().originals == originals - 1
    assert library.search_index_in_sync()
    assert library.check().ok
    # The bytes can come in again as a new report.
    [result] = library.import_paths([TEXT_SAMPLES / "iso_date.txt"])
    assert result.status == "imported"


@both_backends
def test_reimporting_the_bytes_of_a_trashed_report_restores_it(library, filled):
    report_id = filled["iso_date.txt"]
    library.delete_reports([report_id])
    [result] = library.import_paths([TEXT_SAMPLES / "iso_date.txt"])
    assert (result.status, result.report_id) == ("duplicate", report_id)
    assert report_id in library.report_ids() and library.deleted_at(report_id) is None


@both_backends
def test_a_briefing_keeps_its_text_and_says_source_deleted(library, filled):
    report = library.get_report(filled["bluf_prospects.txt"])
    item = item_from_section(report, report.sections[0])
    saved = library.save_briefing(Briefing(title="Weekly", items=[item]))
    library.delete_reports([report.id])
    loaded = library.load_briefing(saved.id)
    assert loaded.items[0].text == report.sections[0].text
    assert loaded.items[0].source is not None and loaded.items[0].source.source_deleted
    assert citation_line(loaded.items[0].source).endswith("source deleted")
    library.restore_reports([report.id])
    assert not library.load_briefing(saved.id).items[0].source.source_deleted


@both_backends
def test_bulk_edit_adds_to_or_replaces_lists_in_one_transaction(library, filled):
    ids = [filled["iso_date.txt"], filled["nigeria_only.txt"]]
    before = {i: library.get_report(i) for i in ids}
    saved = library.snapshot_reports(ids)
    library.update_reports(ids, topics=["Fuel smuggling"], tags=["watch"], grade="B2")
    for i in ids:
        report = library.get_report(i)
        assert report.topics == [*before[i].topics, "Fuel smuggling"]
        assert report.tags == ["watch"] and report.grade == "B2"
    assert set(ids) <= {h.report_id for h in library.search("smuggling", limit=50)}
    library.update_reports(ids, BulkEdit(countries=["Chad"], publisher="Lake Desk", mode="replace"))
    assert {tuple(library.get_report(i).countries) for i in ids} == {("Chad",)}
    assert library.count_reports(ReportFilter(publishers=["Lake Desk"])) == 2
    library.restore_snapshot(saved)
    for i in ids:
        report = library.get_report(i)
        assert (report.countries, report.topics, report.tags, report.publisher) == (
            before[i].countries,
            before[i].topics,
            before[i].tags,
            before[i].publisher,
        )


@both_backends
def test_a_bad_bulk_edit_changes_nothing(library, filled):
    ids = [filled["iso_date.txt"], 999_999]
    with pytest.raises(NotFound):
        library.update_reports(ids, tags=["never"])
    assert library.get_report(filled["iso_date.txt"]).tags == []
    with pytest.raises(BriefappError):
        library.update_reports(ids[:1], grade="Z9")


@both_backends
def test_collections_are_saved_renamed_and_deleted(library):
    filters = ReportFilter(text="fuel", countries=["Chad"], topics=["Energy"])
    saved = library.save_collection("  Lake   Chad fuel ", filters)
    assert saved.name == "Lake Chad fuel"
    [found] = library.collections()
    assert found.filters == filters
    library.save_collection("Other", ReportFilter(publishers=["Lake Desk"]))
    with pytest.raises(BriefappError):
        library.rename_collection(found.id, "Other")
    library.rename_collection(found.id, "Fuel")
    assert [c.name for c in library.collections()] == ["Fuel", "Other"]
    library.delete_collection(found.id)
    assert [c.name for c in library.collections()] == ["Other"]
    with pytest.raises(BriefappError):
        library.save_collection("   ", filters)


@both_backends
def test_near_duplicate_groups_list_the_first_capture_with_a_count(library):
    first = library.import_bytes(article("Fuel seizures near Bol", BODY), "a.txt").report_id
    copy = library.import_bytes(
        article("Fuel seizures near Bol", BODY, "\n\nShared from the field desk."), "b.txt"
    ).report_id
    other = library.import_bytes(b"Another report\n\n" + b"Plain text here. " * 30, "c.txt")
    assert library.get_report(copy).near_duplicate_of == first
    grouped = library.report_ids(group_copies=True)
    assert first in grouped and copy not in grouped and other.report_id in grouped
    assert library.copy_counts() == {first: 1}
    assert library.copies_of(first) == [copy]
    # With the first capture in the trash, the copy stands for its group.
    library.delete_reports([first])
    assert copy in library.report_ids(group_copies=True) and library.copy_counts() == {}


@both_backends
def test_the_pdf_of_a_briefing_says_source_deleted_in_the_item_and_the_annex(
    library, filled, tmp_path
):
    from pypdf import PdfReader

    from briefapp.brands import load_brand
    from briefapp.render import render_briefing

    report = library.get_report(filled["bluf_prospects.txt"])
    saved = library.save_briefing(
        Briefing(title="Weekly", items=[item_from_section(report, report.sections[0])])
    )
    library.delete_reports([report.id])
    out = tmp_path / "weekly.pdf"
    render_briefing(library.load_briefing(saved.id), load_brand("default"), out)
    text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    assert " ".join(text.split()).count("source deleted") == 2


def test_a_collection_is_offered_a_name_made_of_its_search_and_filters():
    from datetime import datetime

    from briefapp.library.collections import suggested_name

    assert suggested_name(ReportFilter()) == "All reports"
    chosen = ReportFilter(text="gold", countries=["Mali"], topics=["Mining"], tags=["watch"])
    chosen.since = datetime(2026, 3, 4)
    assert suggested_name(chosen) == "“gold” · Mali · Mining · #watch · since 4 Mar 2026"
    many = suggested_name(ReportFilter(countries=["Burkina Faso", "Niger", "Mali"] * 5))
    assert len(many) <= 60 and many.endswith("…")
