"""Libraries as older releases left them: the schema of their time and rows stored the way
their importer stored them (today's importer writes columns an old schema lacks)."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

from briefapp.ingest.pipeline import parse_report
from briefapp.library import Library


def store_as_old_release(lib: Library, files: list[Path]) -> None:
    """Store files with the first release's columns, facet rows and search rows."""
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    with lib.write() as conn:
        for path in files:
            data = path.read_bytes()
            report = parse_report(data, str(path))
            conn.execute(
                "INSERT OR IGNORE INTO originals (hash, name, size, data) VALUES (?, ?, ?, ?)",
                [report.content_hash, path.name, len(data), data],
            )
            report_id = conn.execute(
                "INSERT INTO reports (title, publisher, published, countries, topics, tags,"
                " source_file, format, content_hash, imported_at)"
                " VALUES (?, ?, ?, ?, ?, '[]', ?, ?, ?, ?)",
                [
                    report.title,
                    report.publisher,
                    report.published.isoformat() if report.published else None,
                    json.dumps(report.countries),
                    json.dumps(report.topics),
                    report.source_file,
                    report.format,
                    report.content_hash,
                    now,
                ],
            ).lastrowid
            for country in report.countries:
                conn.execute(
                    "INSERT OR IGNORE INTO report_countries (country, report_id) VALUES (?, ?)",
                    [country, report_id],
                )
            for topic in report.topics:
                conn.execute(
                    "INSERT OR IGNORE INTO report_topics (topic, report_id) VALUES (?, ?)",
                    [topic, report_id],
                )
            for position, section in enumerate(report.sections):
                section_id = conn.execute(
                    "INSERT INTO sections (report_id, position, heading, kind, text)"
                    " VALUES (?, ?, ?, ?, ?)",
                    [report_id, position, section.heading, section.kind, section.text],
                ).lastrowid
                conn.execute(
                    "INSERT INTO search (rowid, title, heading, text) VALUES (?, ?, ?, ?)",
                    [section_id, report.title, section.heading, section.text],
                )
