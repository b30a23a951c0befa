"""Imports written in batches: each batch's reports, sections, facets and index rows belong
together, and a big import leaves the search indexes as it found them (SQLite library)."""

from __future__ import annotations

from pathlib import Path

from briefapp.library import Library
from briefapp.library.importer import FTS_AUTOMERGE
from briefapp.library.migrations import SEARCH_TABLES
from briefapp.library.parsing import PARALLEL_MIN_FILES

PLACES = ["Mali", "Niger", "Chad", "Ghana"]


def _reports(folder: Path, count: int, start: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(start, start + count):
        path = folder / f"note-{n:04d}.txt"
        path.write_text(
            f"Location\n{PLACES[n % len(PLACES)]}\n\nRiver Note {n}\n\nKey Developments\n"
            f"Ferry crew{n} counted {n} barges at the landing before the market opened.\n\n"
            f"Outlook\nTraders expect the crossing fees to rise after the rains.\n",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


def test_a_batch_after_the_newest_report_was_removed_keeps_each_report_whole(tmp_path):
    """The batch's rows take the ids after the largest id left, and every report gets its own
    sections, facets and index rows."""
    files = _reports(tmp_path / "in", 5)
    with Library(tmp_path / "library") as lib:
        first = lib.import_paths(files[:3])
        lib.delete_report(first[-1].report_id)
        lib.empty_trash()
        second = lib.import_paths(files[3:])
        assert [r.status for r in second] == ["imported", "imported"]
        assert [r.report_id for r in second] == [3, 4]  # as SQLite numbers rows
        for result, n in zip(second, (3, 4), strict=True):
            assert result.report_id is not None
            report = lib.get_report(result.report_id)
            assert report.title == f"River Note {n}"
            assert report.countries == [PLACES[n % len(PLACES)]]
            assert f"Ferry crew{n} counted" in report.sections[0].text
            [hit] = lib.search(f"crew{n}")
            assert (hit.report_id, hit.title) == (result.report_id, f"River Note {n}")
        # Reports 0, 1, 3 and 4 are left, and their countries only.
        assert sorted(lib.facets()["country"]) == [("Ghana", 1), ("Mali", 2), ("Niger", 1)]
        assert lib.search_index_in_sync()


def test_a_big_import_leaves_the_search_indexes_merging_as_usual(tmp_path):
    """During a big import FTS5 merges index segments only when many pile up; afterwards
    each index merges as it grows again, and every report is searchable."""
    count = PARALLEL_MIN_FILES + 50
    _reports(tmp_path / "in", count)
    with Library(tmp_path / "library") as lib:
        results = lib.import_paths([tmp_path / "in"], batch_size=100)
        assert sum(r.status == "imported" for r in results) == count
        for index in SEARCH_TABLES:
            merging = lib.store.conn.execute(
                f"SELECT v FROM {index}_config WHERE k = 'automerge'"
            ).fetchone()
            assert merging == (FTS_AUTOMERGE,)
        assert lib.search_index_in_sync()
        assert [hit.title for hit in lib.search(f"crew{count - 1}")] == [f"River Note {count - 1}"]
        assert len(lib.search('"crossing fees"', limit=-1)) == count
