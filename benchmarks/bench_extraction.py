"""Article-extraction quality of the HTML importer on a public labelled set of real pages.

Run:  .venv/bin/python benchmarks/bench_extraction.py [--limit N]

The pages and their labelled article bodies are the Zyte/Scrapinghub article extraction
benchmark (181 news and blog pages, MIT licence), vendored in
benchmarks/data/article-extraction-benchmark/. Each page goes through the whole import
(``parse_report``: what an analyst sees), and, in the same run, through trafilatura's own default
``extract()`` as the baseline. The score is the benchmark's own metric, as its ``evaluate.py``
computes it: precision and recall over word 4-gram shingles, normalised per page and averaged
over pages, F1 from the means. Never fails on timing or score.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tarfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from briefapp.errors import ImportFailed  # noqa: E402
from briefapp.ingest.pipeline import INTRO_HEADING, WHOLE_REPORT_HEADING, parse_report  # noqa: E402

DATA = Path(__file__).parent / "data" / "article-extraction-benchmark" / "pages.tar.xz"

# --- the benchmark's metric (evaluate.py: string_shingle_matching, metrics_from_tp_fp_fns)

_TOKEN = re.compile(r"\w+", re.UNICODE | re.MULTILINE | re.IGNORECASE | re.DOTALL)
Counts = tuple[float, float, float]


def shingle_counts(true: str, pred: str, n: int = 4) -> Counts:
    """True positives, false positives and false negatives over word n-grams, normalised."""

    def shingles(text: str) -> Counter[tuple[str, ...]]:
        tokens = _TOKEN.findall(text or "")
        grams = (tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)))
        return Counter(g for g in grams if g)

    t, p = shingles(true), shingles(pred)
    tp = fp = fn = 0.0
    for key in t.keys() | p.keys():
        tp += min(t[key], p[key])
        fp += max(0, p[key] - t[key])
        fn += max(0, t[key] - p[key])
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def scores(counts: list[Counts]) -> tuple[float, float, float]:
    """(F1, precision, recall) as the benchmark computes them."""
    precision = statistics.mean(_precision(*c) for c in counts if c[0] + c[1] > 0)
    recall = statistics.mean(_recall(*c) for c in counts if c[0] + c[2] > 0)
    return 2 * precision * recall / (precision + recall), precision, recall


# --- the two extractors


_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def ours(data: bytes, name: str) -> str:
    """The article text an analyst reads after import: section headings and text, with link
    targets left out (the reader shows the link text only)."""
    report = parse_report(data, name)
    parts = []
    for section in report.sections:
        if section.heading not in (INTRO_HEADING, WHOLE_REPORT_HEADING):
            parts.append(section.heading)
        parts.append(section.text)
    return _LINK.sub(r"\1", "\n".join(parts))


def trafilatura_default(data: bytes, name: str) -> str:
    import trafilatura

    return trafilatura.extract(data) or ""


def load_pages(limit: int | None) -> tuple[dict[str, bytes], dict[str, str]]:
    pages: dict[str, bytes] = {}
    truth: dict[str, str] = {}
    with tarfile.open(DATA) as archive:
        for member in archive:
            handle = archive.extractfile(member) if member.isfile() else None
            if handle is None:
                continue
            if member.name == "gt.json":
                truth = {k: v["articleBody"] for k, v in json.load(handle).items()}
            elif member.name.endswith(".html"):
                pages[Path(member.name).stem] = handle.read()
    keys = sorted(truth)[:limit]
    return {k: pages[k] for k in keys}, {k: truth[k] for k in keys}


def run(
    label: str,
    extractor: Callable[[bytes, str], str],
    pages: dict[str, bytes],
    truth: dict[str, str],
) -> dict[str, str]:
    predictions: dict[str, str] = {}
    refused: list[str] = []
    start = time.perf_counter()
    for key, data in pages.items():
        try:
            predictions[key] = extractor(data, f"{key}.html")
        except ImportFailed as exc:
            refused.append(f"{key[:12]}: {exc.problem}")
            predictions[key] = ""
    elapsed = time.perf_counter() - start
    counts = [shingle_counts(truth[k], predictions[k]) for k in pages]
    f1, precision, recall = scores(counts)
    print(
        f"{label:<26} F1 {f1:.3f}  precision {precision:.3f}  recall {recall:.3f}  "
        f"refused {len(refused):>3}  {len(pages) / elapsed:6.1f} pages/s"
    )
    for line in refused:
        print(f"    refused {line}")
    return predictions


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="score only the first N pages")
    args = parser.parse_args()
    import trafilatura

    pages, truth = load_pages(args.limit)
    print(f"{len(pages)} labelled pages (Zyte article extraction benchmark), F1 over 4-grams")
    run("briefapp import", ours, pages, truth)
    run(f"trafilatura {trafilatura.__version__} extract()", trafilatura_default, pages, truth)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
