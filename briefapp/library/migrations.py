"""Versioned schema: each migration runs in one transaction together with its record.

After migrating, :func:`ensure_triggers` (re)creates every trigger. sqlite-utils'
``table.transform()`` rebuilds a table and silently drops its triggers; re-creating them after
each migration keeps the search index and facet tables in step with the data.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from datetime import datetime, timezone
from typing import Callable

import sqlite_utils

from briefapp.models import ReportId


def _v1_reports(db: sqlite_utils.Database) -> None:
    db.table("reports").create(
        {
            "id": int,
            "title": str,
            "publisher": str,
            "published": str,
            "countries": str,
            "topics": str,
            "tags": str,
            "reliability": str,
            "credibility": str,
            "source_file": str,
            "format": str,
            "content_hash": str,
            "imported_at": str,
        },
        pk="id",
        not_null={"title", "content_hash", "imported_at", "countries", "topics", "tags"},
        defaults={"countries": "[]", "topics": "[]", "tags": "[]"},
    )
    db.table("reports").create_index(["content_hash"], unique=True)
    db.table("reports").create_index(["published"])
    db.table("reports").create_index(["publisher"])
    db.table("sections").create(
        {"id": int, "report_id": int, "position": int, "heading": str, "kind": str, "text": str},
        pk="id",
        not_null={"report_id", "position", "heading", "kind", "text"},
        foreign_keys=[("report_id", "reports", "id")],
    )
    db.table("sections").create_index(["report_id", "position"])
    # Originals are kept in the database, keyed by their SHA-256: a report and its original
    # arrive in the same transaction, so neither can exist without the other.
    db.table("originals").create(
        {"hash": str, "name": str, "size": int, "data": bytes}, pk="hash", not_null={"data"}
    )
    db.execute(
        "CREATE TABLE report_countries (country TEXT NOT NULL, report_id INTEGER NOT NULL, "
        "PRIMARY KEY (country, report_id)) WITHOUT ROWID"
    )
    db.execute(
        "CREATE TABLE report_topics (topic TEXT NOT NULL, report_id INTEGER NOT NULL, "
        "PRIMARY KEY (topic, report_id)) WITHOUT ROWID"
    )
    db.table("publishers").create({"name": str, "reliability": str}, pk="name")
    db.execute(
        "CREATE VIRTUAL TABLE search USING fts5(title, heading, text, "
        "tokenize = 'unicode61 remove_diacritics 2')"
    )


def _v2_briefings(db: sqlite_utils.Database) -> None:
    db.table("briefings").create(
        {
            "id": int,
            "title": str,
            "subtitle": str,
            "author": str,
            "date": str,
            "classification": str,
            "brand": str,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        not_null={"title"},
    )
    db.table("briefing_items").create(
        {
            "id": int,
            "briefing_id": int,
            "position": int,
            "heading": str,
            "text": str,
            "edited_text": str,
            "note": str,
            "section_kind": str,
            "source": str,
        },
        pk="id",
        not_null={"briefing_id", "position", "text"},
        foreign_keys=[("briefing_id", "briefings", "id")],
    )
    db.table("briefing_items").create_index(["briefing_id", "position"])


def _v3_facet_indexes(db: sqlite_utils.Database) -> None:
    # Facet counts join the facet tables on report ids: index them that way round too.
    db.execute(
        "CREATE INDEX IF NOT EXISTS report_countries_by_report"
        " ON report_countries (report_id, country)"
    )
    db.execute(
        "CREATE INDEX IF NOT EXISTS report_topics_by_report ON report_topics (report_id, topic)"
    )


def _v4_facets_written_by_importer(db: sqlite_utils.Database) -> None:
    # The importer writes a new report's facet rows itself (a json_each trigger per inserted
    # report cost an eighth of an import); edits still go through reports_facets_au.
    db.execute("DROP TRIGGER IF EXISTS reports_facets_ai")


def _v5_search_reads_sections(db: sqlite_utils.Database) -> None:
    # The search index keeps no copy of the section text: FTS5 reads titles, headings and
    # text for snippets from the sections through a view (an "external content" table). A
    # third of the database and of an import's writes go with the copy.
    for name in ("sections_ad", "sections_au", "reports_title_au", "reports_ad"):
        db.execute(f"DROP TRIGGER IF EXISTS {name}")
    db.execute("DROP TABLE IF EXISTS search")
    # (Migrations keep the definitions of their time; SEARCH_SOURCE is today's.)
    db.execute(
        "CREATE VIEW IF NOT EXISTS search_source AS SELECT s.id AS id, r.title AS title,"
        " s.heading AS heading, s.text AS text FROM sections s JOIN reports r"
        " ON r.id = s.report_id"
    )
    db.execute(
        "CREATE VIRTUAL TABLE search USING fts5(title, heading, text, content = 'search_source',"
        " content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2')"
    )
    db.execute("INSERT INTO search (search) VALUES ('rebuild')")


def _v6_metadata_search(db: sqlite_utils.Database) -> None:
    # Reports gain their web address, the text that makes their metadata searchable
    # (countries with their aliases, topics, publisher, tags: see metadata.search_meta) and
    # the report they repeat. The search index adds that text as a column and stems English
    # word forms (porter): "consolidating" finds "consolidation".
    from briefapp.library.metadata import search_meta

    for name in ("sections_ad", "sections_au", "reports_title_au", "reports_indexed_au"):
        db.execute(f"DROP TRIGGER IF EXISTS {name}")
    db.execute("DROP TABLE IF EXISTS search")
    db.execute("DROP VIEW IF EXISTS search_source")
    db.execute("ALTER TABLE reports ADD COLUMN url TEXT")
    db.execute("ALTER TABLE reports ADD COLUMN search_meta TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE reports ADD COLUMN near_duplicate_of INTEGER REFERENCES reports(id)")
    db.execute("CREATE INDEX reports_near_duplicate_of ON reports (near_duplicate_of)")
    db.execute("ALTER TABLE reports ADD COLUMN sketch TEXT")
    db.execute(
        "CREATE TABLE report_sketch (hash INTEGER NOT NULL, report_id INTEGER NOT NULL,"
        " PRIMARY KEY (hash, report_id)) WITHOUT ROWID"
    )
    from briefapp.library.near_duplicates import link, sketch

    texts: dict[ReportId, list[str]] = {}
    for report_id, text in db.execute("SELECT report_id, text FROM sections ORDER BY id"):
        texts.setdefault(report_id, []).append(text)
    for report_id in sorted(texts):  # in import order: the first capture stays the original
        link(db.conn, report_id, sketch(texts[report_id]))
    rows = db.execute("SELECT id, countries, topics, publisher, tags FROM reports").fetchall()
    db.conn.executemany(
        "UPDATE reports SET search_meta = ? WHERE id = ?",
        [
            (search_meta(json.loads(c), json.loads(t), p, json.loads(g)), i)
            for i, c, t, p, g in rows
        ],
    )
    db.execute(f"CREATE VIEW search_source AS {SEARCH_SOURCE}")
    for name in SEARCH_TABLES:
        db.execute(_search_table(name))
        # 16 MB of pending terms per index before FTS5 writes a segment (1 MB by default):
        # fewer, larger segments and less merging during big imports (about 10% of an import).
        db.execute(f"INSERT INTO {name} ({name}, rank) VALUES ('hashsize', {16 * 1024 * 1024})")
        db.execute(f"INSERT INTO {name} ({name}) VALUES ('rebuild')")


def _v7_briefing_tradecraft(db: sqlite_utils.Database) -> None:
    # Briefings gain a marking scheme, front matter and key judgements; items a portion
    # marking. Old rows keep working: empty values mean "as before".
    for column in ("scheme", "reference", "cutoff"):
        db.execute(f"ALTER TABLE briefings ADD COLUMN {column} TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE briefings ADD COLUMN distribution TEXT NOT NULL DEFAULT '[]'")
    db.execute("ALTER TABLE briefings ADD COLUMN judgements TEXT NOT NULL DEFAULT '[]'")
    db.execute("ALTER TABLE briefing_items ADD COLUMN marking TEXT NOT NULL DEFAULT ''")


def _v8_trash_and_collections(db: sqlite_utils.Database) -> None:
    # A deleted report goes to the trash first (deleted_at set) and leaves every list, count
    # and search at once; only emptying the trash removes it. The partial index keeps "is
    # the trash empty?" and the trash list instant whatever the library's size.
    db.execute("ALTER TABLE reports ADD COLUMN deleted_at TEXT")
    db.execute("CREATE INDEX reports_deleted ON reports (deleted_at) WHERE deleted_at IS NOT NULL")
    # Saved searches with their facet filters, shown by name in the window's left pane.
    db.execute(
        "CREATE TABLE collections (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
        " filters TEXT NOT NULL, position INTEGER NOT NULL DEFAULT 0, created_at TEXT)"
    )


def _v9_one_search_index(db: sqlite_utils.Database) -> None:
    # Word forms come from the index's vocabulary (word_forms.py): the stemmed index goes,
    # with the triggers that kept it (ensure_triggers makes them again for one index).
    for name in ("sections_ad", "sections_au", "reports_indexed_au"):
        db.execute(f"DROP TRIGGER IF EXISTS {name}")
    db.execute("DROP TABLE IF EXISTS search_stem")
    db.execute("CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search, 'row')")


MIGRATIONS: list[tuple[str, Callable[[sqlite_utils.Database], None]]] = [
    ("0001_reports_sections_search", _v1_reports),
    ("0002_briefings", _v2_briefings),
    ("0003_facet_indexes", _v3_facet_indexes),
    ("0004_facets_written_by_importer", _v4_facets_written_by_importer),
    ("0005_search_reads_sections", _v5_search_reads_sections),
    ("0006_metadata_search_urls_near_duplicates", _v6_metadata_search),
    ("0007_briefing_markings_judgements", _v7_briefing_tradecraft),
    ("0008_trash_and_collections", _v8_trash_and_collections),
    ("0009_one_search_index_word_forms_from_its_vocabulary", _v9_one_search_index),
]

# The rows the search index covers: one per section, with its report's title and metadata.
SEARCH_SOURCE = (
    "SELECT s.id AS id, r.title AS title, r.search_meta AS meta, s.heading AS heading,"
    " s.text AS text FROM sections s JOIN reports r ON r.id = s.report_id"
)
# The index over those rows holds words as written (quoted phrases, prefixes); English word
# forms ("robberies" finds "robbery") come from its vocabulary (word_forms.py). Until 0009 a
# second, stemmed index (search_stem) held them, at a third of every import's time.
SEARCH_TABLES = {"search": "unicode61 remove_diacritics 2"}
SEARCH_COLUMNS = "title, meta, heading, text"


def _search_table(name: str) -> str:
    return (
        f"CREATE VIRTUAL TABLE {name} USING fts5({SEARCH_COLUMNS}, content = 'search_source',"
        f" content_rowid = 'id', tokenize = '{SEARCH_TABLES[name]}')"
    )


def _trigger(event: str, statements: str) -> str:
    """A trigger body running ``statements`` (written for the table ``{index}``) once per
    search index."""
    body = "\n        ".join(statements.format(index=name) for name in SEARCH_TABLES)
    return f"{event} BEGIN\n        {body}\n    END"


TRIGGERS = {
    # The search indexes over sections (see _v5_search_reads_sections). New sections are
    # indexed by the importer in one statement per batch (a trigger per row makes FTS5 flush
    # its pending terms at every statement and is five times slower); changes go through
    # these. FTS5 forgets a row only when told exactly what it indexed: the 'delete' command
    # gets the old values, and a report's sections go before the report itself.
    "sections_ad": _trigger(
        "AFTER DELETE ON sections",
        """INSERT INTO {index} ({index}, rowid, title, meta, heading, text)
            SELECT 'delete', old.id, title, search_meta, old.heading, old.text
            FROM reports WHERE id = old.report_id;""",
    ),
    "sections_au": _trigger(
        "AFTER UPDATE ON sections",
        """INSERT INTO {index} ({index}, rowid, title, meta, heading, text)
            SELECT 'delete', old.id, title, search_meta, old.heading, old.text
            FROM reports WHERE id = old.report_id;
        INSERT INTO {index} (rowid, title, meta, heading, text)
            SELECT new.id, title, search_meta, new.heading, new.text
            FROM reports WHERE id = new.report_id;""",
    ),
    "reports_indexed_au": _trigger(
        "AFTER UPDATE OF title, search_meta ON reports",
        """INSERT INTO {index} ({index}, rowid, title, meta, heading, text)
            SELECT 'delete', id, old.title, old.search_meta, heading, text
            FROM sections WHERE report_id = new.id;
        INSERT INTO {index} (rowid, title, meta, heading, text)
            SELECT id, new.title, new.search_meta, heading, text
            FROM sections WHERE report_id = new.id;""",
    ),
    "reports_facets_au": """AFTER UPDATE OF countries, topics ON reports BEGIN
        DELETE FROM report_countries WHERE report_id = old.id;
        DELETE FROM report_topics WHERE report_id = old.id;
        INSERT OR IGNORE INTO report_countries (country, report_id)
            SELECT value, new.id FROM json_each(new.countries);
        INSERT OR IGNORE INTO report_topics (topic, report_id)
            SELECT value, new.id FROM json_each(new.topics);
    END""",
    "reports_bd": """BEFORE DELETE ON reports BEGIN
        DELETE FROM report_countries WHERE report_id = old.id;
        DELETE FROM report_topics WHERE report_id = old.id;
        DELETE FROM sections WHERE report_id = old.id;
        DELETE FROM report_sketch WHERE report_id = old.id
            AND hash IN (SELECT value FROM json_each(coalesce(old.sketch, '[]')));
    END""",
    # A deleted report's near-duplicates now repeat the oldest of them, which repeats none.
    "reports_near_duplicates_ad": """AFTER DELETE ON reports BEGIN
        UPDATE reports SET near_duplicate_of = nullif(
            (SELECT min(id) FROM reports WHERE near_duplicate_of = old.id), id)
            WHERE near_duplicate_of = old.id;
    END""",
    "briefings_ad": """AFTER DELETE ON briefings BEGIN
        DELETE FROM briefing_items WHERE briefing_id = old.id;
    END""",
}


def ensure_triggers(db: sqlite_utils.Database) -> None:
    """Create every trigger whose table exists (a later migration may create the table)."""
    tables = set(db.table_names())
    for name, body in TRIGGERS.items():
        found = re.search(r"\bON (\w+)", body)
        assert found is not None, name
        table = found.group(1)
        if table in tables:
            db.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")


def applied(db: sqlite_utils.Database) -> set[str]:
    if "_migrations" not in db.table_names():
        return set()
    return {row[0] for row in db.execute("SELECT name FROM _migrations").fetchall()}


def migrate(db: sqlite_utils.Database) -> list[str]:
    """Apply pending migrations, each in its own transaction; returns the names applied."""
    conn: sqlite3.Connection = db.conn
    done: list[str] = []
    for name, step in MIGRATIONS:
        conn.execute("BEGIN IMMEDIATE")
        try:
            db.execute(
                "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT)"
            )
            if name not in applied(db):
                step(db)
                db.execute(
                    "INSERT INTO _migrations (name, applied_at) VALUES (?, ?)",
                    [name, datetime.now(timezone.utc).isoformat(timespec="seconds")],
                )
                done.append(name)
            ensure_triggers(db)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return done


def pending(db_path: str | os.PathLike[str]) -> list[str]:
    """Migrations an existing library still needs (read-only; [] for a new or unreadable file),
    so the window can say it is upgrading before a long rebuild starts."""
    from pathlib import Path

    path = Path(db_path)
    try:
        if not path.is_file():
            return []
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
        try:
            done = {row[0] for row in conn.execute("SELECT name FROM _migrations")}
        finally:
            conn.close()
    except (sqlite3.Error, OSError):
        return []
    return [name for name, _ in MIGRATIONS if name not in done]


def schema_version(db: sqlite_utils.Database) -> int:
    return len(applied(db))
