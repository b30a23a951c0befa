"""Storing imported files in a server library, and reading reports again from originals.

Files are parsed as for a folder library (``parsing.py``, worker processes for big imports) and
written in short transactions: each file is wholly in the library or not at all. Two programs
importing the same file at once (two analysts, two machines) get one report: the content hash
is unique and the second insert finds the first (``ON CONFLICT DO NOTHING``), the report is
a duplicate for the second. The sections' search vectors are computed on a second connection
meanwhile (``vectors.py``).
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from briefapp.errors import BriefappError, Cancelled, ImportFailed
from briefapp.ingest import pipeline
from briefapp.library.importer import CancelFn, ImportResult, ProgressFn
from briefapp.library.near_duplicates import INDEX_KEYS, same_article, sketch
from briefapp.library.parsing import STORED_COLUMNS, StoredRow, iter_files, parsed_files, stored_row
from briefapp.library.pg.reports import refresh_search_meta
from briefapp.library.pg.store import ConnectionLost, PgStore
from briefapp.library.pg.vectors import Helper, Vectors, gathered, insert_sections
from briefapp.library.reparse import REREAD_COLUMNS, ReparseResult
from briefapp.library.storage import now_iso
from briefapp.models import ReportId

_JSON_COLUMNS = {"countries", "topics", "tags", "sketch"}
# A batch of reports in one statement, in import order (ids follow it); returns
# (content_hash, id) for the reports inserted, none for contents already there.
_INSERT_REPORTS = (
    f"INSERT INTO reports ({', '.join(STORED_COLUMNS)}, imported_at)"
    f" SELECT {', '.join(f'{c}::jsonb' if c in _JSON_COLUMNS else c for c in STORED_COLUMNS)},"
    f" %s FROM unnest({', '.join(['%b::text[]'] * len(STORED_COLUMNS))}) WITH ORDINALITY"
    f" AS u({', '.join(STORED_COLUMNS)}, ord) ORDER BY ord"
    " ON CONFLICT (content_hash) DO NOTHING RETURNING content_hash, id"
)
# Sections with their search vectors in one statement: each report's head (title, metadata)
# is computed once (MATERIALIZED), not once per section as the per-row trigger does.
_INSERT_SECTIONS = (
    "WITH h AS MATERIALIZED (SELECT id, briefapp_head_tsv('briefapp_exact', title, search_meta)"
    " AS exact FROM reports WHERE id = ANY(%s)) INSERT INTO sections (report_id, position,"
    " heading, kind, text, tsv_exact) SELECT u.report_id, u.position, u.heading, u.kind, u.text,"
    " h.exact || briefapp_body_tsv('briefapp_exact', u.heading, u.text)"
    " FROM unnest(%b::bigint[], %b::int[], %b::text[], %b::text[], %b::text[]) WITH ORDINALITY"
    " AS u(report_id, position, heading, kind, text, ord) JOIN h ON h.id = u.report_id"
    " ORDER BY u.ord"
)


# After an import of this many reports the planner's statistics are refreshed at once rather
# than whenever autovacuum comes by: stale figures (a table believed a hundred times smaller,
# the trash column never seen) made it choose nested loops 15-30x slower for facet counts.
ANALYZE_AFTER = 1000
_ANALYZED = ("reports", "sections", "report_countries", "report_topics", "report_sketch")


# For the transaction writing a batch: new sections wait in the GIN index's pending list (GIN
# "fast update") until it passes gin_pending_list_limit, then are merged into the index in
# memory of work_mem. 16 MB lists merged in 64 MB (not 4 MB and 4 MB) took a third off writing
# sections. The helper (vectors.py) empties the list after each batch, the writer only when
# the helper falls behind, and refresh_statistics at the end of an import.
# synchronous_commit stays as the server has it: a batch of up to 1,000 files waits for one WAL
# flush, too little to measure, and a file said "imported" must still be there after a crash.
_BATCH_SETTINGS = (
    "SELECT set_config('work_mem', '64MB', true), set_config('gin_pending_list_limit', '16MB',"
    " true)"
)


def refresh_statistics(store: PgStore) -> None:
    """Refresh the planner's statistics of the tables an import fills, mark the reports' pages
    all-visible so facet counts read narrow indexes alone (index-only scans), and merge the
    sections waiting in the search indexes' pending lists, which every search would otherwise
    read through until autovacuum comes by."""
    import psycopg

    with store.lock, store._translated():
        conn = store.conn
        if conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
            conn.execute(f"ANALYZE {', '.join(_ANALYZED)}")  # (VACUUM needs no transaction)
            return
        # Tables of other owners are skipped with a warning: autovacuum does it soon after.
        conn.execute(f"VACUUM (ANALYZE) {', '.join(t for t in _ANALYZED if t != 'sections')}")
        conn.execute("ANALYZE sections")  # (its vacuum would read every vector again)
        try:
            with conn.transaction():
                conn.execute(_BATCH_SETTINGS)
                conn.execute("SELECT gin_clean_pending_list('sections_exact')")
        except psycopg.errors.InsufficientPrivilege:
            pass  # only the tables' owner may: autovacuum merges the lists soon after


@dataclass
class _Pending:
    index: int
    path: str
    data: bytes
    row: StoredRow


def import_paths(
    store: PgStore,
    paths: Iterable[str | os.PathLike[str]],
    *,
    publisher: str | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
    batch_size: int = 1000,
    batch_seconds: float = 1.5,
) -> list[ImportResult]:
    """Import files and folders: one result per file, in order; a bad file never stops it."""
    gc_was_enabled = gc.isenabled()
    gc.disable()  # (see importer.Importer.import_paths)
    # A batch is written by a thread while this one reads and parses the next, and a second
    # connection (vectors.Helper) computes search vectors of the files parsed meanwhile. One
    # batch at most is being written, so results and ids keep the order of the files.
    writer = ThreadPoolExecutor(1, thread_name_prefix="briefapp-pg-import")
    helper = Helper(store)
    writing: Future[None] | None = None

    def flush(pending: list[_Pending], results: list[ImportResult | None]) -> None:
        nonlocal writing
        vectors = helper.vectors_of(pending)
        if writing is not None:
            writing.result()
            writing = None
            helper.clean_soon()
        if pending:
            writing = writer.submit(store_batch, store, list(pending), results, vectors=vectors)
            pending.clear()

    try:
        files = list(iter_files(paths))
        results: list[ImportResult | None] = [None] * len(files)
        pending: list[_Pending] = []
        last_flush = time.monotonic()
        for index, parsed in enumerate(parsed_files(files, publisher)):
            if parsed.data is None or parsed.row is None:
                results[index] = ImportResult(parsed.path, "error", error=parsed.problem)
            else:
                pending.append(_Pending(index, parsed.path, parsed.data, parsed.row))
            helper.parsed(pending)
            if len(pending) >= batch_size or (
                pending and time.monotonic() - last_flush > batch_seconds
            ):
                flush(pending, results)
                last_flush = time.monotonic()
            if progress:
                progress(index + 1, len(files), parsed.path)
            if cancel and cancel():
                flush(pending, results)
                flush(pending, results)
                raise Cancelled(f"import cancelled after {index + 1} of {len(files)} files")
        flush(pending, results)
        flush(pending, results)  # (waits for the last batch)
        done = [r for r in results if r is not None]
        if sum(r.status == "imported" for r in done) >= ANALYZE_AFTER:
            refresh_statistics(store)
        return done
    finally:
        writer.shutdown(wait=True)
        helper.close()
        if gc_was_enabled:
            gc.enable()


def import_bytes(
    store: PgStore, data: bytes, name: str, *, publisher: str | None = None
) -> ImportResult:
    try:
        report = pipeline.parse_report(data, name)
    except ImportFailed as exc:
        return ImportResult(name, "error", error=exc.problem)
    results: list[ImportResult | None] = [None]
    store_batch(store, [_Pending(0, name, data, stored_row(report, publisher))], results)
    assert results[0] is not None
    return results[0]


def store_batch(
    store: PgStore,
    pending: list[_Pending],
    results: list[ImportResult | None],
    retry: int = 1,
    vectors: list[Future[Vectors | None]] | None = None,
) -> None:
    """Write parsed files in one transaction; should the server refuse one, the batch is
    rolled back and its files are stored one by one, so only that file fails. A lost
    connection fails the whole batch with the reason (nothing of it is kept)."""
    if not pending:
        return
    import psycopg

    given = gathered(vectors)
    try:
        with store.write() as conn:
            conn.execute(_BATCH_SETTINGS)
            outcome = _write_batch(conn, pending, given)
        for index, result in outcome.items():
            results[index] = result
    except (psycopg.DataError, psycopg.IntegrityError, psycopg.ProgrammingError) as exc:
        if len(pending) == 1:
            one = pending[0]
            problem = str(exc).strip().splitlines()[0]
            results[one.index] = ImportResult(
                one.path, "error", error=f"could not be stored in the library ({problem})"
            )
        else:
            for one in pending:
                store_batch(store, [one], results)
    except ConnectionLost as exc:
        # Nothing of the batch was kept: write it again once on a new connection.
        if retry:
            store_batch(store, pending, results, retry - 1)
            return
        for one in pending:
            results[one.index] = ImportResult(one.path, "error", error=str(exc))
    except BriefappError as exc:
        for one in pending:
            results[one.index] = ImportResult(one.path, "error", error=str(exc))
    pending.clear()


def _write_batch(
    conn: Any, pending: list[_Pending], vectors: Vectors | None = None
) -> dict[int, ImportResult]:
    """Store a batch in a few statements whatever its size (a round trip per statement, not
    per file): originals, reports, sections with their search vectors, sketches, marks."""
    with conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO originals (hash, name, size, data) VALUES (%s, %s, %s, %s)"
            " ON CONFLICT (hash) DO NOTHING",
            [
                (one.row.content_hash, os.path.basename(one.path), len(one.data), one.data)
                for one in pending
            ],
        )
    # One row per distinct content: a file twice in one batch is a duplicate of itself.
    firsts = list({one.row.content_hash: one for one in reversed(pending)}.values())[::-1]
    columns = [list(column) for column in zip(*(one.row.values for one in firsts), strict=True)]
    ids: dict[str, ReportId] = dict(conn.execute(_INSERT_REPORTS, [now_iso(), *columns]).fetchall())
    new = {h: ids[h] for h in ids}
    missing = [one.row.content_hash for one in pending if one.row.content_hash not in ids]
    if missing:  # already there (imported before, or just now by another program)
        ids.update(
            conn.execute(
                "SELECT content_hash, id FROM reports WHERE content_hash = ANY(%s)", [missing]
            ).fetchall()
        )
    stored = [one for one in firsts if one.row.content_hash in new]
    sections = [(new[one.row.content_hash], *s) for one in stored for s in one.row.sections]
    if vectors is not None and any(one.row.content_hash not in vectors for one in stored):
        vectors = None  # (the writer computes them all)
    if sections and vectors is not None:
        given = [v for one in stored for v in vectors[one.row.content_hash]]
        insert_sections(conn, sections, given)
    elif sections:
        _insert_sections(conn, [new[one.row.content_hash] for one in stored], sections)
    marks = _mark_near_duplicates(conn, [(new[o.row.content_hash], o.row.sketch) for o in stored])
    out: dict[int, ImportResult] = {}
    seen: set[str] = set()
    for one in pending:
        digest = one.row.content_hash
        report_id = ids[digest]
        if digest in new and digest not in seen:
            seen.add(digest)
            out[one.index] = ImportResult(
                one.path,
                "imported",
                report_id=report_id,
                title=one.row.title,
                near_duplicate_of=marks.get(report_id),
            )
        else:
            out[one.index] = ImportResult(
                one.path, "duplicate", report_id=report_id, title=one.row.title
            )
    return out


def _mark_near_duplicates(
    conn: Any, reports: list[tuple[ReportId, tuple[int, ...]]]
) -> dict[ReportId, ReportId]:
    """Index the sketches of new reports and mark those repeating an earlier report (see
    :func:`find_original`): candidates of the whole batch in one query, compared here in
    import order so a report repeating another of the same batch is marked too."""
    keyed = [(report_id, h) for report_id, sk in reports for h in sk[:INDEX_KEYS]]
    if not keyed:
        return {}
    report_ids, hashes = (list(column) for column in zip(*keyed, strict=True))
    conn.execute(
        # (New reports, and a sketch's hashes are distinct: no row can be there already.)
        "INSERT INTO report_sketch (hash, report_id) SELECT * FROM unnest(%b::bigint[],"
        " %b::bigint[])",
        [hashes, report_ids],
    )
    candidates: dict[ReportId, list[tuple[ReportId, Any, ReportId | None]]] = {}
    # (The keys come as parameters: report_sketch is indexed by hash, not by report.)
    for new_id, report_id, stored, original in conn.execute(
        "SELECT c.new_id, c.report_id, r.sketch, r.near_duplicate_of FROM (SELECT n.id AS"
        " new_id, k.report_id, row_number() OVER (PARTITION BY n.id ORDER BY count(*) DESC,"
        " k.report_id) AS place FROM unnest(%b::bigint[], %b::bigint[]) n(id, hash)"
        " JOIN report_sketch k ON k.hash = n.hash AND k.report_id < n.id"
        " GROUP BY n.id, k.report_id HAVING count(*) >= 2) c"
        " JOIN reports r ON r.id = c.report_id WHERE c.place <= 8 ORDER BY c.new_id, c.place",
        [report_ids, hashes],
    ):
        candidates.setdefault(new_id, []).append((report_id, stored, original))
    sketches = dict(reports)
    marks: dict[ReportId, ReportId] = {}
    for new_id in sorted(candidates):
        for report_id, stored, original in candidates[new_id]:
            if same_article(sketches[new_id], tuple(stored or ())):
                marks[new_id] = ReportId(marks.get(report_id) or original or report_id)
                break
    if marks:
        conn.execute(
            "UPDATE reports SET near_duplicate_of = u.original FROM unnest(%s::bigint[],"
            " %s::bigint[]) u(id, original) WHERE reports.id = u.id",
            [list(marks), list(marks.values())],
        )
    return marks


def _insert_sections(
    conn: Any, report_ids: list[ReportId], sections: list[tuple[Any, ...]]
) -> None:
    """Insert sections ``(report_id, position, heading, kind, text)`` of these reports."""
    if sections:
        conn.execute(
            _INSERT_SECTIONS, [report_ids, *(list(c) for c in zip(*sections, strict=True))]
        )


def find_original(conn: Any, report_sketch: tuple[int, ...], before: int) -> ReportId | None:
    """The report that report ``before`` repeats (see near_duplicates.find_original)."""
    if not report_sketch:
        return None
    keys = list(report_sketch[:INDEX_KEYS])
    candidates = conn.execute(
        "SELECT k.report_id, r.sketch, r.near_duplicate_of FROM report_sketch k"
        " JOIN reports r ON r.id = k.report_id WHERE k.hash = ANY(%s) AND k.report_id < %s"
        " GROUP BY k.report_id, r.sketch, r.near_duplicate_of HAVING count(*) >= %s"
        " ORDER BY count(*) DESC, k.report_id LIMIT 8",
        [keys, before, min(2, len(keys))],
    ).fetchall()
    for report_id, stored, original in candidates:
        if same_article(report_sketch, tuple(stored or ())):
            return ReportId(original or report_id)
    return None


def link(
    conn: Any, report_id: ReportId, report_sketch: tuple[int, ...], *, known_unmarked: bool = False
) -> ReportId | None:
    """Keep a report's sketch and record which earlier report it repeats (a report already
    marked keeps its mark). Returns the report it repeats."""
    import json

    # The rows of the old sketch are found by their keys (report_sketch is indexed by hash).
    old = conn.execute(
        "UPDATE reports n SET sketch = %s::jsonb FROM reports o WHERE n.id = %s AND o.id = n.id"
        " RETURNING o.sketch",
        [json.dumps(report_sketch) if report_sketch else None, report_id],
    ).fetchone()
    if not known_unmarked and old is not None and old[0]:
        conn.execute(
            "DELETE FROM report_sketch WHERE hash = ANY(%s) AND report_id = %s",
            [list(old[0][:INDEX_KEYS]), report_id],
        )
    if report_sketch:
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO report_sketch (hash, report_id) VALUES (%s, %s)"
                " ON CONFLICT DO NOTHING",
                [(h, report_id) for h in report_sketch[:INDEX_KEYS]],
            )
    if not known_unmarked:
        marked = conn.execute(
            "SELECT near_duplicate_of FROM reports WHERE id = %s", [report_id]
        ).fetchone()
        if marked is None or marked[0] is not None:
            return marked[0] if marked else None
    original = find_original(conn, report_sketch, before=report_id)
    if original is not None:
        conn.execute(
            "UPDATE reports SET near_duplicate_of = %s WHERE id = %s", [original, report_id]
        )
    return original


def reparse(
    store: PgStore,
    report_ids: Iterable[ReportId] | None = None,
    *,
    metadata: bool = False,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> list[ReparseResult]:
    """Read reports again from their originals (see ``reparse.py``), one at a time."""
    with store.read() as conn:
        known = {row[0] for row in conn.execute("SELECT id FROM reports")}
    wanted = sorted(known) if report_ids is None else list(dict.fromkeys(report_ids))
    results: list[ReparseResult] = []
    for done, report_id in enumerate(wanted, 1):
        if report_id not in known:
            results.append(
                ReparseResult(report_id, "error", error=f"no report with id {report_id}")
            )
        else:
            results.append(_reparse_one(store, report_id, metadata))
        if progress and (done % 50 == 0 or done == len(wanted)):
            progress(done, len(wanted), "")
        if cancel and done % 50 == 0 and cancel():
            raise Cancelled(f"cancelled after {done} of {len(wanted)} reports")
    return results


def _reparse_one(store: PgStore, report_id: ReportId, metadata: bool) -> ReparseResult:
    with store.read() as conn:
        found = conn.execute(
            f"SELECT coalesce(r.source_file, o.name), o.data,"
            f" {', '.join('r.' + c for c in REREAD_COLUMNS)} FROM reports r"
            " LEFT JOIN originals o ON o.hash = r.content_hash WHERE r.id = %s",
            [report_id],
        ).fetchone()
        old = [
            tuple(s)
            for s in conn.execute(
                "SELECT position, heading, kind, text FROM sections WHERE report_id = %s"
                " ORDER BY position",
                [report_id],
            )
        ]
    if found is None:
        return ReparseResult(report_id, "error", error="the report was deleted meanwhile")
    name, data, *current = found
    stored = dict(zip(REREAD_COLUMNS, current, strict=True))
    title = stored["title"]
    if data is None:
        return ReparseResult(report_id, "error", title, "its original file is missing")
    try:
        report = pipeline.parse_report(bytes(data), name)
    except ImportFailed as exc:
        return ReparseResult(report_id, "error", title, exc.problem)
    row = stored_row(report)
    import json

    parsed = dict(zip(STORED_COLUMNS, row.values, strict=True))
    for column in ("countries", "topics"):
        parsed[column] = json.loads(str(parsed[column]))
    fields = {c: parsed[c] for c in REREAD_COLUMNS if parsed[c] != stored[c]} if metadata else {}
    if [tuple(s) for s in row.sections] == old and not fields:
        return ReparseResult(report_id, "unchanged", title)
    with store.write() as conn:
        if not conn.execute("SELECT 1 FROM reports WHERE id = %s", [report_id]).fetchone():
            return ReparseResult(report_id, "error", title, "the report was deleted meanwhile")
        if fields:
            values = [json.dumps(v) if k in _JSON_COLUMNS else v for k, v in fields.items()]
            conn.execute(
                f"UPDATE reports SET {', '.join(f'{k} = %s' for k in fields)} WHERE id = %s",
                [*values, report_id],
            )
            refresh_search_meta(conn, report_id)
        conn.execute("DELETE FROM sections WHERE report_id = %s", [report_id])
        _insert_sections(conn, [report_id], [(report_id, *s) for s in row.sections])
        link(conn, report_id, sketch(s[3] for s in row.sections))
    return ReparseResult(report_id, "updated", str(fields.get("title") or title))
