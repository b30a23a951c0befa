"""CPU cost of parsing one text report, per stage, and a digest of every parse result.

Run:  .venv/bin/python benchmarks/bench_parse.py [--files N] [--digest PATH] [--html]

Parsing is the import's biggest cost (bench_import.py). This prints the CPU time
(time.process_time, which other work on the machine barely moves) of
``parsing.parse_file`` per generated report, the inclusive CPU time of its stages, and, beside
them, the raw baseline of reading and decoding the same files. Never fails on timing.

The digest is a SHA-256 over the stored row and problem of every file parsed: the 20,000
generated reports (bench_import.py makes them), every sample under tests/samples/ and
resources/samples/, variants of the text and Markdown samples (capitals, CRLF, indented,
non-ASCII look-alikes: the inputs where fast paths and regular expressions could part), and
with ``--html`` the pages of the extraction benchmark. A speed-up must leave it unchanged;
``--digest PATH`` writes one line per file, to tell which file changed.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from briefapp.ingest import boilerplate, header, pipeline, text  # noqa: E402
from briefapp.ingest.decode import decode_text  # noqa: E402
from briefapp.library import parsing  # noqa: E402

BENCH = Path(tempfile.gettempdir()) / "briefapp-bench" / "reports-20000"
PAGES = ROOT / "benchmarks" / "data" / "article-extraction-benchmark" / "pages.tar.xz"
SAMPLE_FOLDERS = (ROOT / "tests" / "samples", ROOT / "resources" / "samples")


def _variants(data: str) -> Iterator[tuple[str, str]]:
    """Texts that read like a sample but put case, spaces and non-ASCII letters in the way."""
    yield "upper", data.upper()
    yield "lower", data.lower()
    yield "swapcase", data.swapcase()
    yield "crlf", data.replace("\n", "\r\n")
    yield "indented", "\n".join("  " + line + " \t" for line in data.split("\n"))
    yield "nbsp", data.replace(" ", "\u00a0", 40)
    yield "no-blank-lines", "\n".join(line for line in data.split("\n") if line.strip())
    yield "double-blank-lines", data.replace("\n\n", "\n\n\n")
    # Letters re.I matches as ASCII ones (long s, Kelvin sign, dotted capital I).
    yield "lookalikes", data.replace("s", "ſ").replace("k", "\u212a").replace("I", "İ")
    yield "lookalikes-upper", data.upper().replace("S", "ſ").replace("K", "\u212a")
    yield "accents", data.replace("e", "é").replace("a", "à")
    yield (
        "bold-lines",
        "\n".join(f"**{line}**" if 0 < len(line) < 60 else line for line in data.split("\n")),
    )
    yield (
        "numbered",
        "\n".join(
            f"{n}. {line}" if 0 < len(line) < 60 else line
            for n, line in enumerate(data.split("\n"))
        ),
    )


def _sample_files(tmp: Path, html: bool) -> list[Path]:
    """List the samples, their variants (written under ``tmp``) and, with ``html``, the pages."""
    files = sorted(p for folder in SAMPLE_FOLDERS for p in folder.rglob("*") if p.is_file())
    variants = tmp / "variants"
    variants.mkdir()
    generated = sorted(BENCH.glob("*.txt"))[:200:10]
    for path in [*files, *generated]:
        if path.suffix not in (".txt", ".md") or path.name == "EXPECTED.md":
            continue
        source = decode_text(path.read_bytes())
        for kind, changed in _variants(source):
            folder = variants / kind / path.parent.name
            folder.mkdir(parents=True, exist_ok=True)
            (folder / path.name).write_bytes(changed.encode("utf-8"))
    files += sorted(p for p in variants.rglob("*") if p.is_file())
    if html:
        with tarfile.open(PAGES) as tar:
            tar.extractall(tmp / "pages", filter="data")
        files += sorted((tmp / "pages").rglob("*.html"))
    return files


def digest(files: list[Path], tmp: Path, out: Path | None) -> str:
    """SHA-256 over (file, stored row, problem) of every file, in order."""
    total = hashlib.sha256()
    lines = []
    for path in files:
        parsed = parsing.parse_file(path)
        name = str(path.relative_to(tmp) if path.is_relative_to(tmp) else path)
        name = name.removeprefix(str(ROOT) + "/")
        record = repr((parsed.row, parsed.problem)).encode("utf-8", "surrogatepass")
        one = hashlib.sha256(record).hexdigest()
        total.update(name.encode() + b"\0" + one.encode() + b"\n")
        lines.append(f"{one} {name}\n")
    if out:
        out.write_text("".join(lines), encoding="utf-8")
    return total.hexdigest()


def cpu_per_file(run: Callable[[], object], count: int, repeat: int) -> float:
    """Return the least CPU time of ``repeat`` runs, in microseconds per file."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return best / count * 1e6


# Stages timed inclusively: (label, module, attribute the caller looks up).
STAGES: list[tuple[str, Any, str]] = [
    ("read_file", parsing, "read_file"),
    ("parse_report", parsing, "parse_report"),
    ("  detect_format", pipeline, "detect_format"),
    ("  text.extract", pipeline.text, "extract"),
    ("    _mail_envelope", text, "_mail_envelope"),
    ("    read_header", text, "read_header"),
    ("    split_off_boilerplate", boilerplate, "split_off_boilerplate"),
    ("    _paragraphs", text, "_paragraphs"),
    ("  build_report", pipeline, "build_report"),
    ("    _lift_header_block", pipeline, "_lift_header_block"),
    ("    _lift_label_lines", pipeline, "_lift_label_lines"),
    ("    _lift_date_line", pipeline, "_lift_date_line"),
    ("    _promote_bold_headings", pipeline, "_promote_bold_headings"),
    ("    split_sections", pipeline, "split_sections"),
    ("    find_countries", pipeline, "find_countries"),
    ("    guess_topics", pipeline, "guess_topics"),
    ("    parse_published", pipeline, "parse_published"),
    ("  content_hash", pipeline, "content_hash"),
    ("stored_row", parsing, "stored_row"),
    ("  sketch", parsing, "sketch"),
    ("  search_meta", parsing, "search_meta"),
    ("  _to_json", parsing, "_to_json"),
]


def stage_table(files: list[Path]) -> list[tuple[str, float]]:
    """Time each stage inclusively, in microseconds of CPU per file.

    Each stage is wrapped in turn: the wrapper's own cost, about a microsecond a call, is in
    its figure.
    """
    rows = []
    for label, module, attribute in STAGES:
        original = getattr(module, attribute)
        spent = [0.0]

        def timed(*args: Any, _f: Any = original, _s: list[float] = spent, **kw: Any) -> Any:
            start = time.process_time()
            try:
                return _f(*args, **kw)
            finally:
                _s[0] += time.process_time() - start

        setattr(module, attribute, timed)
        try:
            for path in files:
                parsing.parse_file(path)
        finally:
            setattr(module, attribute, original)
        rows.append((label, spent[0] / len(files) * 1e6))
    return rows


def main() -> None:
    """Print the figures and the digest."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000, help="generated reports timed")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--digest", type=Path, help="write one digest line per file here")
    parser.add_argument("--html", action="store_true", help="digest the benchmark's pages too")
    parser.add_argument("--no-digest", action="store_true")
    parser.add_argument("--stages", action="store_true", help="print the per-stage table")
    args = parser.parse_args()

    if not (BENCH / ".complete-v2-20000").exists():
        sys.exit(f"no generated reports in {BENCH}: run benchmarks/bench_import.py first")
    bench = sorted(BENCH.glob("*.txt"))
    timed = bench[: args.files]

    def raw() -> None:
        for path in timed:
            decode_text(parsing.read_file(path))

    def parse() -> None:
        for path in timed:
            parsing.parse_file(path)

    parse()  # warm caches (lru_caches, vocabulary, gazetteer)
    raw_us = cpu_per_file(raw, len(timed), args.repeat)
    parse_us = cpu_per_file(parse, len(timed), args.repeat)
    print(f"raw baseline (read + decode):  {raw_us:7.1f} us CPU per report")
    print(f"parsing.parse_file:            {parse_us:7.1f} us CPU per report ({len(timed)} files)")

    if args.stages:
        print("\nstage (inclusive)                 us CPU per report")
        for label, us in stage_table(timed):
            print(f"{label:32s} {us:8.1f}")
        # Referenced so that a renamed stage fails here rather than printing zeros.
        assert header.read_header is text.read_header

    if not args.no_digest:
        tmp = Path(tempfile.mkdtemp(prefix="bench-parse-"))
        try:
            files = bench + _sample_files(tmp, args.html)
            start = time.process_time()
            value = digest(files, tmp, args.digest)
            spent = time.process_time() - start
            print(f"\ndigest of {len(files)} files: {value} ({spent:.1f} s CPU)")
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
