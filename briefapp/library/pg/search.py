"""Full-text search in a server library: ranked section hits with marked snippets.

Ranking is ``ts_rank_cd`` over the weighted vectors (title A, metadata B, heading C, text D,
weighted as the folder library's bm25 columns), negated so that, as with bm25, a lower rank is
a better hit. Snippets come from ``ts_headline`` with the same HIT_START/HIT_END marks, for the
top hits only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from briefapp.library.filters import ReportFilter
from briefapp.library.pg.filters import LIVE, TRASHED_IDS, where_clause
from briefapp.library.pg.query import EXACT_CONFIG, VECTOR, match_sql, plan_with_forms
from briefapp.library.pg.store import PgStore
from briefapp.library.search import (
    HIT_END,
    HIT_START,
    SNIPPET_MAX_CHARS,
    SearchHit,
    _long_text_snippet,
    hit_from_row,
)

# ts_rank_cd weights in the order D, C, B, A: text 1, heading 4, metadata 6, title 8 (bm25's).
RANK_WEIGHTS = "{0.125, 0.5, 0.75, 1.0}"
# The best hits are ranked among at most this many matches, the newest sections: ranking reads
# every candidate's vector (out of line, ~5 us each), and finding the candidates visits their
# rows (see _newest_first). With one vector per section (schema migration 0005) many rows stay
# whole in the table: 2,500 candidates made a search for a word in 5% of the sections take
# 64 ms at 100,000 reports, 1,500 take 36 ms (EXPLAIN ANALYZE, BUFFERS;
# benchmarks/bench_postgres.py). Below this many matches the ranking is over all of them.
RANK_CANDIDATES = 1500
# Words in at least this share of the sections are found walking the newest sections (see
# _candidates_by_index): their candidates are all within the newest 2.5 x RANK_CANDIDATES.
COMMON_SHARE = 0.4
# A search looks among this many times the newest sections expected to hold RANK_CANDIDATES
# matches first (see _newest_first).
WINDOW_MARGIN = 1.5
HEADLINE_OPTIONS = (
    f"StartSel={HIT_START}, StopSel={HIT_END}, MaxWords=24, MinWords=12, ShortWord=2,"
    ' MaxFragments=1, FragmentDelimiter=" … "'
)

# ts_headline marks each word of a phrase on its own; FTS5 marks the phrase as one span.
_ADJACENT_MARKS = re.compile(f"{HIT_END}([\\s\\-‐–'’/]{{1,3}}){HIT_START}")


def search(
    store: PgStore, text: str, *, limit: int = 20, filters: ReportFilter | None = None
) -> list[SearchHit]:
    with store.read() as conn:
        plan = plan_with_forms(conn, text)
        if plan is None:
            return []
        match, match_params = match_sql(plan)
        where, params = where_clause(conn, filters)
        query = f"to_tsquery('{EXACT_CONFIG}', %s)"
        unfiltered = where == LIVE
        if unfiltered:  # leave the trash out without reading every report
            source, where = "sections s", f"s.report_id NOT IN {TRASHED_IDS}"
        else:
            source = "sections s JOIN reports r ON r.id = s.report_id"
        # The newest RANK_CANDIDATES matches above an id (see _newest_first), ranked, with
        # their number. Never prepared: a generic plan, blind to how common the words are,
        # chose scans ten times slower than the plan made for the query at hand.
        sql = (
            f"WITH c AS MATERIALIZED (SELECT s.id, s.{VECTOR} AS v FROM {source}"
            f" WHERE {match} AND {where} AND s.id > %s ORDER BY s.id DESC"
            f" LIMIT {RANK_CANDIDATES}) SELECT c.id, -ts_rank_cd('{RANK_WEIGHTS}', c.v,"
            f" {query}) AS rank, (SELECT count(*) FROM c) FROM c ORDER BY rank, c.id LIMIT %s"
        )
        condition = [*match_params, *params]
        if unfiltered:
            with _candidates_by_index(conn, f"{match} AND {where}", match_params) as newest:
                top = _newest_first(conn, sql, condition, plan.tsquery, limit, *newest)
        else:  # (ids are all above 0: no window)
            top = _newest_first(conn, sql, condition, plan.tsquery, limit, 0, 1.0)
        if not top:
            return []
        ids = [row[0] for row in top]
        rows = {
            r[0]: r[1:]
            for r in conn.execute(
                "SELECT s.id, s.report_id, r.title, s.heading, s.kind, r.published, r.publisher,"
                f" r.near_duplicate_of, CASE WHEN length(s.text) <= {SNIPPET_MAX_CHARS} THEN"
                f" ts_headline('{EXACT_CONFIG}', s.text, {query}, %s) END, length(s.text)"
                " FROM sections s JOIN reports r ON r.id = s.report_id WHERE s.id = ANY(%s)",
                [plan.tsquery, HEADLINE_OPTIONS, ids],
            )
        }
        hits = []
        for section_id, rank in top:
            r = rows[section_id]
            snippet = r[7]
            if snippet is not None:
                snippet = _ADJACENT_MARKS.sub(r"\1", snippet)
            else:
                long_text = conn.execute(
                    "SELECT text FROM sections WHERE id = %s", [section_id]
                ).fetchone()
                snippet = _long_text_snippet(long_text[0] if long_text else "", text)
            hits.append(hit_from_row(r, snippet, float(rank)))
    return hits


def _newest_first(
    conn: Any,
    sql: str,
    condition: list[Any],
    tsquery: str,
    limit: int,
    top_id: int,
    share: float,
) -> list[tuple[int, float]]:
    """The best hits among the newest RANK_CANDIDATES matches, looked for among the newest
    sections first: a window of ids likely to hold that many matches (from the share of
    sections the planner expects to match), widened fourfold until it does or spans all.

    A search then visits the rows of the matches in the window only. Rows shorter than 2 KB
    stay whole in the table (PostgreSQL moves values out of line only from that size), so a
    word in a fifth of 300,000 sections had its bitmap visit 20,000 pages: 138 ms, where the
    window of the newest 15,000 sections takes 30 ms, ranking included."""
    span = int(RANK_CANDIDATES / max(share, 1e-9) * WINDOW_MARGIN)
    while True:
        lower = max(top_id - span, 0)
        rows = conn.execute(sql, [*condition, lower, tsquery, limit], prepare=False).fetchall()
        if lower == 0 or (rows and rows[0][2] >= RANK_CANDIDATES):
            return [(row[0], row[1]) for row in rows]
        span *= 4


@contextmanager
def _candidates_by_index(
    conn: Any, condition: str, params: list[str]
) -> Iterator[tuple[int, float]]:
    """Within the block, the newest matching sections are found from the GIN index's bitmap
    unless the words are in most sections, by this process alone. Gives the newest section's
    id and the share of sections the planner expects to match (for _newest_first).

    The vectors live out of line (schema migration 0004), so finding the newest matches from
    the bitmap reads none, only the narrow rows of the matches. The planner, which does not
    count reading a vector, preferred walking the primary key backwards and testing each
    row's vector: 220 ms for words in 4% of 300,000 sections, where the bitmap takes 10 ms.
    That walk wins only when most rows match (a word in every section: only the candidates read).
    Parallel workers cost more to start than they saved: a word in 20% of 300,000 sections
    took 45 ms with two, 33 ms without.
    """
    # (Never prepared: a generic plan's estimate ignores the words.)
    estimate = conn.execute(
        f"EXPLAIN (FORMAT JSON) SELECT 1 FROM sections s WHERE {condition}", params, prepare=False
    ).fetchone()[0][0]["Plan"]["Plan Rows"]
    # (max(id) before index scans are turned off: it reads the primary key's last entry.)
    sections, top_id = conn.execute(
        "SELECT reltuples, (SELECT max(id) FROM sections) FROM pg_class"
        " WHERE oid = 'sections'::regclass"
    ).fetchone()
    scan = "on" if estimate >= COMMON_SHARE * sections else "off"
    names = ["max_parallel_workers_per_gather", "enable_indexscan", "enable_seqscan"]
    saved = conn.execute(
        "SELECT current_setting(%s), current_setting(%s), current_setting(%s),"
        " set_config(%s, '0', true), set_config(%s, %s, true), set_config(%s, %s, true)",
        [*names, names[0], names[1], scan, names[2], scan],
    ).fetchone()
    try:
        yield top_id or 0, estimate / max(sections, 1)
    finally:
        conn.execute(
            "SELECT set_config(%s, %s, true), set_config(%s, %s, true), set_config(%s, %s, true)",
            [value for pair in zip(names, saved[:3], strict=True) for value in pair],
        )
