"""Search vectors of an import computed on a second connection, beside the writer's.

The writer of an import (importer.py) stores a batch in one transaction; computing the
sections' vectors (PostgreSQL's text parser) was a third of its time, merging them into the
search index another. Both are done here, on a connection of their own, while the writer
stores the batch before: on a machine where client and server share two cores, 20,000
reports took 13.6 s instead of 17.4 s (benchmarks/bench_postgres.py).

Vectors are a pure function of the text: whichever connection computes them, they are the
same, and a batch whose vectors could not be had here (a refusal, a lost connection) gets
them from the writer's own statement. They travel in PostgreSQL's binary form both ways.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from briefapp.errors import BriefappError
from briefapp.library.parsing import STORED_COLUMNS
from briefapp.library.pg.store import PgStore
from briefapp.library.query import _WORD
from briefapp.library.word_forms import fold

if TYPE_CHECKING:
    from briefapp.library.pg.importer import _Pending

# The same vectors computed apart, on a second connection, for a batch's sections in order:
# parameters are each report's title and metadata, then each section's report (its place
# among those, from 1), heading and text, and last the words of those texts new to this
# import, which join the vocabulary at once (a word without sections only widens a query
# with a form that matches nothing).
_VECTORS = (
    "WITH h AS MATERIALIZED (SELECT ord, briefapp_head_tsv('briefapp_exact', t, m) AS v"
    " FROM unnest(%b::text[], %b::text[]) WITH ORDINALITY AS r(t, m, ord)),"
    " s AS MATERIALIZED (SELECT u.ord, h.v || briefapp_body_tsv('briefapp_exact', u.heading,"
    " u.text) AS v FROM unnest(%b::bigint[], %b::text[], %b::text[]) WITH ORDINALITY"
    " AS u(report, heading, text, ord) JOIN h ON h.ord = u.report),"
    " w AS (INSERT INTO words SELECT x FROM unnest(%b::text[]) x ORDER BY 1"
    " ON CONFLICT DO NOTHING)"
    " SELECT v FROM s ORDER BY ord"
)
# Files parsed are sent to the helper in chunks of this many, so that the vectors of a batch
# are mostly computed by the time the writer has stored the batch before.
VECTOR_CHUNK = 200
# Tokens and words already sent are remembered up to this many (then sent again, once).
_MOST_REMEMBERED = 1_000_000
# Sections with the vectors computed here, in order.
_INSERT_SECTIONS_WITH_VECTORS = (
    "INSERT INTO sections (report_id, position, heading, kind, text, tsv_exact)"
    " SELECT report_id, position, heading, kind, text, v FROM unnest(%b::bigint[], %b::int[],"
    " %b::text[], %b::text[], %b::text[], %b::tsvector[]) WITH ORDINALITY"
    " AS u(report_id, position, heading, kind, text, v, ord) ORDER BY ord"
)
_META = STORED_COLUMNS.index("search_meta")

Vectors = dict[str, list["Tsvector"]]


class Tsvector(bytes):
    """A search vector in PostgreSQL's binary form, sent back as it came (no text round trip)."""


@lru_cache(maxsize=1)
def _tsvector_dumper() -> type:
    import psycopg
    from psycopg.adapt import Dumper

    class TsvectorDumper(Dumper):
        format = psycopg.pq.Format.BINARY
        oid = psycopg.postgres.types["tsvector"].oid

        def dump(self, obj: Any) -> bytes:
            return bytes(obj)

    return TsvectorDumper


class Helper:
    """A second connection working beside an import's writer: it computes the search vectors
    of files as they are parsed, in chunks (:meth:`parsed`), and merges the sections the
    writer left in the search index's pending list once a batch is stored (:meth:`clean_soon`,
    see importer._BATCH_SETTINGS). Its work runs on a thread of its own, in order."""

    def __init__(self, store: PgStore) -> None:
        self.url = store.url
        self.store: PgStore | None = None
        self.cleans = True  # (until the server says only the tables' owner may)
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="briefapp-pg-vectors")
        self._chunks: list[Future[Vectors | None]] = []
        self._sent = 0  # files of the pending batch already sent
        self._tokens: set[str] = set()  # (tokens and words seen in this import)
        self._words: set[str] = set()

    def parsed(self, pending: list[_Pending]) -> None:
        """Files were added to the pending batch: send a chunk once there are enough."""
        if len(pending) - self._sent >= VECTOR_CHUNK:
            self._send(pending)

    def _send(self, pending: list[_Pending]) -> None:
        if len(pending) > self._sent:
            self._chunks.append(self._thread.submit(self.vectors, pending[self._sent :]))
            self._sent = len(pending)

    def vectors_of(self, pending: list[_Pending]) -> list[Future[Vectors | None]]:
        """The batch is complete: futures of its vectors, for the writer (see
        :func:`gathered`). The next files start a new batch."""
        self._send(pending)
        chunks, self._chunks, self._sent = self._chunks, [], 0
        return chunks

    def clean_soon(self) -> None:
        self._thread.submit(self.clean)

    def _conn(self) -> Any:
        if self.store is None:
            self.store = PgStore(self.url)
        return self.store.connect()

    def _lock(self) -> threading.RLock:
        self._conn()
        assert self.store is not None
        return self.store.lock

    def vectors(self, pending: list[_Pending]) -> Vectors | None:
        """Each report's section vectors by content hash; None if the server could not."""
        firsts = list({one.row.content_hash: one for one in pending}.values())
        titles = [one.row.title for one in firsts]
        metas = [one.row.values[_META] for one in firsts]
        places, headings, texts = [], [], []
        tokens: set[str] = set()
        for place, (one, meta) in enumerate(zip(firsts, metas, strict=True), 1):
            tokens.update(
                f"{one.row.title} {meta if isinstance(meta, str) else ''}".lower().split()
            )
            for section in one.row.sections:
                places.append(place)
                headings.append(section[1])
                texts.append(section[3])
                tokens.update(f"{section[1]} {section[3]}".lower().split())
        tokens -= self._tokens
        words = self._new_words(tokens)
        import psycopg

        try:
            with self._lock():
                cur = self._conn().cursor(binary=True)
                found = cur.execute(
                    _VECTORS, [titles, metas, places, headings, texts, words]
                ).fetchall()
        except (psycopg.Error, BriefappError):
            return None
        self._tokens |= tokens  # (remembered once in the vocabulary)
        self._words.update(words)
        out: Vectors = {}
        rows = iter(found)
        for one in firsts:
            out[one.row.content_hash] = [Tsvector(next(rows)[0]) for _ in one.row.sections]
        return out

    def _new_words(self, tokens: set[str]) -> list[str]:
        """The words of these whitespace-separated tokens not yet sent, as a query looks them
        up (lower case, without diacritics: word_forms.fold; then letters and digits). Taken
        here, from the text, rather than from the vectors by the server: a fifth of its work."""
        if len(self._tokens) > _MOST_REMEMBERED:
            self._tokens.clear()
            self._words.clear()
        found = {w for token in tokens for w in _WORD.findall(fold(token))}
        return sorted(found - self._words)

    def clean(self) -> None:
        """Merge the sections waiting in the search index's pending list into the index."""
        if not self.cleans:
            return
        import psycopg

        try:
            with self._lock():
                self._conn().execute("SELECT gin_clean_pending_list('sections_exact')")
        except psycopg.errors.InsufficientPrivilege:
            self.cleans = False
        except (psycopg.Error, BriefappError):
            pass  # (the writer merges the list when it grows long, and so does autovacuum)

    def close(self) -> None:
        """Stop (after the writer): work not started is dropped, say after a cancel."""
        self._thread.shutdown(wait=True, cancel_futures=True)
        if self.store is not None:
            self.store.close()


def gathered(chunks: list[Future[Vectors | None]] | None) -> Vectors | None:
    """The vectors of a batch by content hash, or None if any chunk could not be had."""
    if not chunks:
        return None
    out: Vectors = {}
    for chunk in chunks:
        found = chunk.result()
        if found is None:
            return None
        out.update(found)
    return out


def insert_sections(conn: Any, sections: list[tuple[Any, ...]], vectors: list[Tsvector]) -> None:
    """Insert sections ``(report_id, position, heading, kind, text)`` with their vectors; the
    helper has put their words in the vocabulary (schema migration 0005's trigger skips)."""
    conn.adapters.register_dumper(Tsvector, _tsvector_dumper())
    conn.execute("SELECT set_config('briefapp.words_known', 'on', true)")
    conn.execute(
        _INSERT_SECTIONS_WITH_VECTORS, [*(list(c) for c in zip(*sections, strict=True)), vectors]
    )
    conn.execute("SELECT set_config('briefapp.words_known', 'off', true)")
