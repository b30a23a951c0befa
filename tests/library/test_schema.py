"""Schema migrations keep the search index and facets in step with the data."""

from __future__ import annotations

import sqlite3

import sqlite_utils

from briefapp.library import Library, ReportFilter, migrations
from tests.conftest import TEXT_FILES, TEXT_SAMPLES
from tests.library.old_release import store_as_old_release


def test_every_migration_is_recorded(library):
    names = {r[0] for r in library.store.conn.execute("SELECT name FROM _migrations")}
    assert names == {name for name, _ in migrations.MIGRATIONS}


def test_index_stays_in_sync_after_upgrading_an_old_library(tmp_path, monkeypatch):
    folder = tmp_path / "old"
    # A library created by the first release (only the first migration).
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:1])
    with Library(folder) as lib:
        store_as_old_release(lib, TEXT_FILES)
    monkeypatch.undo()
    with Library(folder) as lib:
        assert migrations.schema_version(lib.store.db) == len(migrations.MIGRATIONS)
        assert lib.search_index_in_sync()
        report_id = lib.report_ids()[0]
        lib.update_report(report_id, title="Renamed After Upgrade")
        assert lib.search("renamed")[0].report_id == report_id
        assert lib.search_index_in_sync()


def test_triggers_dropped_by_transform_are_restored_on_open(tmp_path):
    folder = tmp_path / "lib"
    with Library(folder) as lib:
        lib.import_paths([TEXT_SAMPLES / "iso_date.txt"])
    # sqlite-utils' transform() rebuilds the table and silently drops its triggers.
    db = sqlite_utils.Database(sqlite3.connect(folder / "library.db"))
    db["reports"].transform(types={"format": str})
    db["sections"].transform(types={"kind": str})
    assert not [t for t in db.triggers if t.table in ("reports", "sections")]
    db.close()
    with Library(folder) as lib:
        report_id = lib.report_ids()[0]
        lib.update_report(report_id, title="Transformed Yet Indexed", countries=["Chad"])
        assert lib.search("transformed")
        assert lib.report_ids(ReportFilter(countries=["Chad"])) == [report_id]
        assert lib.search_index_in_sync()


def test_library_uses_write_ahead_logging(library):
    assert library.store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_rebuilding_the_index_repairs_it(library):
    library.import_paths(TEXT_FILES)
    library.store.conn.execute(
        "DELETE FROM search WHERE rowid IN (SELECT rowid FROM search LIMIT 3)"
    )
    assert not library.search_index_in_sync()
    library.rebuild_search_index()
    assert library.search_index_in_sync()


def test_upgrade_hands_new_facet_rows_to_the_importer(tmp_path, monkeypatch):
    """Libraries before migration 4 filled the facet tables with an insert trigger; the
    importer writes them now, and the upgrade drops the trigger (no double work)."""
    folder = tmp_path / "old"
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:3])
    with Library(folder) as lib:
        lib.store.conn.execute("""CREATE TRIGGER reports_facets_ai AFTER INSERT ON reports BEGIN
            INSERT OR IGNORE INTO report_countries (country, report_id)
                SELECT value, new.id FROM json_each(new.countries);
            INSERT OR IGNORE INTO report_topics (topic, report_id)
                SELECT value, new.id FROM json_each(new.topics);
        END""")
        store_as_old_release(lib, TEXT_FILES[:2])
    monkeypatch.undo()
    with Library(folder) as lib:
        triggers = {
            r[0]
            for r in lib.store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        }
        assert "reports_facets_ai" not in triggers
        lib.import_paths(TEXT_FILES[2:])
        assert lib.check().ok
        for report in lib.list_reports():
            for country in report.countries:
                assert report.id in lib.report_ids(ReportFilter(countries=[country]))


def test_search_index_follows_every_change_to_sections_and_titles(library):
    """The index keeps no copy of the text (it reads the sections), so each change must tell it
    exactly what it had indexed: FTS5's own check against the sections proves it did."""
    library.import_paths(TEXT_FILES[:3])
    first, second, third = sorted(library.report_ids())
    library.update_report(first, title="Zanzibar Ferry Tender")
    assert {h.report_id for h in library.search("zanzibar")} == {first}
    assert library.search_index_in_sync()
    with library.write() as conn:
        conn.execute(
            "UPDATE sections SET text = 'Quokka sightings rose sharply.' WHERE id ="
            " (SELECT min(id) FROM sections WHERE report_id = ?)",
            [second],
        )
    assert {h.report_id for h in library.search("quokka")} == {second}
    assert library.search_index_in_sync()
    library.delete_report(third)
    assert all(h.report_id != third for h in library.search("the", limit=100))
    assert library.search_index_in_sync()
    assert (
        library.store.conn.execute("SELECT count(*) FROM search_docsize").fetchone()[0]
        == library.store.conn.execute("SELECT count(*) FROM sections").fetchone()[0]
    )


def test_an_index_out_of_date_is_found(library):
    library.import_paths(TEXT_FILES[:2])
    library.store.conn.execute(
        "UPDATE search SET text = 'stale words' WHERE rowid = (SELECT max(id) FROM sections)"
    )
    assert library.search_index_drift() == (0, 1, 0)
    library.rebuild_search_index()
    assert library.search_index_in_sync()


def test_pending_migrations_are_known_before_opening(tmp_path, monkeypatch):
    """The window tells the user about a one-time upgrade before it starts: it asks, read-only,
    which migrations an existing library still needs."""
    folder = tmp_path / "old"
    assert migrations.pending(folder / "library.db") == []  # no library yet: nothing to upgrade
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:3])
    with Library(folder) as lib:
        store_as_old_release(lib, TEXT_FILES[:1])
    monkeypatch.undo()
    before = (folder / "library.db").read_bytes()
    assert migrations.pending(folder / "library.db") == [
        name for name, _ in migrations.MIGRATIONS[3:]
    ]
    assert (folder / "library.db").read_bytes() == before
    with Library(folder):
        pass
    assert migrations.pending(folder / "library.db") == []
