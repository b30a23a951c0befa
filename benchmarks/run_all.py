"""Run every benchmark in turn and print their figures (`./dev bench`). Never fails on timing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCHMARKS = [
    "bench_import.py",
    "bench_formats.py",
    "bench_extraction.py",
    "bench_near_duplicates.py",
    "bench_places.py",
    "bench_export.py",
    "bench_postgres.py",  # 20,000 reports; README: --reports 100000 for issue 14's figures
    "bench_gui.py",
]


def main() -> int:
    here = Path(__file__).parent
    failed = []
    for name in BENCHMARKS:
        print(f"\n=== {name} " + "=" * (60 - len(name)), flush=True)
        if subprocess.run([sys.executable, str(here / name)]).returncode != 0:
            failed.append(name)
    if failed:
        print(f"\nbenchmarks that did not run to the end: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
