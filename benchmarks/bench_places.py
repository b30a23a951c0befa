"""Cost per report of the metadata the importer derives from text: places, topics, header.

Run:  .venv/bin/python benchmarks/bench_places.py [--rounds N]

Prints, for the plain-text reports of the sample library cut to 4 KB, the time per report of
find_countries (names, demonyms, towns), guess_topics and the whole parse_report, beside a raw
baseline measured in the same run: one regex pass that only splits the same text into words.
Also the one-off cost of loading the gazetteer (resources/places.tsv) in a process.
Never fails on timing.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def per_call_us(fn: Callable[[Any], object], texts: list[Any], rounds: int) -> float:
    """Median over rounds of the mean time per text, in microseconds."""
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        for text in texts:
            fn(text)
        samples.append((time.perf_counter() - start) / len(texts) * 1e6)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()

    start = time.perf_counter()
    from briefapp.ingest import countries

    countries.find_countries("Diffa")  # loads the tables and the gazetteer
    load_ms = (time.perf_counter() - start) * 1000
    from briefapp.ingest.pipeline import parse_report
    from briefapp.ingest.topics import guess_topics

    files = sorted((ROOT / "resources" / "samples").glob("*.txt"))
    texts = [f.read_text(encoding="utf-8")[:4096] for f in files]
    words = re.compile(r"\w+")
    guess_topics("warm", "up")

    raw = per_call_us(words.findall, texts, args.rounds)
    places = per_call_us(countries.find_countries, texts, args.rounds)
    topics = per_call_us(lambda t: guess_topics(t[:120], t[:1500]), texts, args.rounds)
    data = [t.encode() for t in texts]
    parse = per_call_us(lambda d: parse_report(d, "bench.txt"), data, args.rounds)
    print(f"Derived metadata, {len(texts)} sample reports cut to 4 KB, median of {args.rounds}")
    print(f"  raw baseline (one regex pass splitting the text into words): {raw:7.1f} us")
    print(
        f"  find_countries (names, demonyms, towns):                     {places:7.1f} us"
        f"  ({places / raw:.1f}x the baseline)"
    )
    print(f"  guess_topics (title and 1,500-character summary):            {topics:7.1f} us")
    print(f"  whole parse_report (header, sections, metadata):             {parse:7.1f} us")
    print(f"  gazetteer tables built once per process:                     {load_ms:7.1f} ms")


if __name__ == "__main__":
    main()
