"""Where a server library's import time goes: the search vectors of each text configuration
and the GIN index, on generated reports (a probe for the next step of issue 14).

Run:  .venv/bin/python benchmarks/bench_pg_vectors.py [--reports 4000]

Imports the reports into a throwaway PostgreSQL server (tests/pg_server.py), then times, over
all sections: to_tsvector with each of the library's configurations and with the plain ones,
unaccent over the whole text, and a bulk GIN build of the vector column. Since schema
migration 0005 sections carry one vector; English stemming is timed for comparison. Never
fails on timing.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_import import generate  # noqa: E402
from briefapp.library import Library  # noqa: E402
from tests.pg_server import LocalServer, install_server  # noqa: E402

PROBES = [
    ("exact vectors (simple + unaccent)", "to_tsvector('briefapp_exact', text)"),
    ("simple, no unaccent", "to_tsvector('simple', text)"),
    ("english, no unaccent", "to_tsvector('english', text)"),
    ("unaccent over the whole text", "unaccent(text)"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=4000)
    args = parser.parse_args()
    bindir = install_server()
    if bindir is None:
        print("PostgreSQL's server binaries are absent: apt-get install postgresql")
        return
    import psycopg

    files = generate(Path("/tmp/briefapp-bench") / "reports-20000", 20000)[: args.reports]
    server = LocalServer(bindir).start()
    try:
        url = server.create_database("probe")
        start = time.perf_counter()
        with Library(url) as library:
            library.import_paths(files)
        print(f"import of {len(files):,} reports: {time.perf_counter() - start:.1f} s")
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("SET jit = off")
            sections = conn.execute("SELECT count(*) FROM sections").fetchone()[0]
            print(f"over {sections:,} sections:")
            for label, expression in PROBES:
                start = time.perf_counter()
                conn.execute(f"SELECT sum(length({expression})) FROM sections").fetchone()
                print(f"  {label:<40} {time.perf_counter() - start:6.2f} s")
            conn.execute("CREATE TEMP TABLE v AS SELECT tsv_exact FROM sections")
            for column in ("tsv_exact",):
                start = time.perf_counter()
                conn.execute(f"CREATE INDEX ON v USING gin ({column})")
                print(f"  {'bulk GIN build of ' + column:<40} {time.perf_counter() - start:6.2f} s")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
