"""Export time of a ~100-page briefing beside a plain ReportLab baseline of the same text.

Run: ``python benchmarks/bench_export.py`` — prints figures, never fails on timing.
Target: under 2x the baseline, and under 3 s in a fresh process (start-up included).
Then export time of one ever longer paragraph, which must grow linearly (issue 17, item 6),
and the Word (DOCX) export of the same briefing beside python-docx writing the same text as
plain paragraphs (issue 13).
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from briefapp.models import Briefing, BriefingItem, Citation  # noqa: E402

WORDS = (
    "the convoy market border harvest patrol governor trader river province security "
    "militia ransom grain price fuel season displacement road village council "
    "assessment evidence report source analyst outlook pressure dialogue ceasefire "
    "Ɗanɓaki Ƙaura Ɓauchi échanges côte élection Ọ̀yọ́ Ìbàdàn"
).split()


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(9, 22))]
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(3, 6)))


def make_briefing(items: int = 42, seed: int = 7) -> Briefing:
    """A deterministic fictional briefing of about 100 pages (A4, default brand)."""
    rng = random.Random(seed)
    result = []
    for n in range(items):
        parts = [_paragraph(rng) for _ in range(4)]
        parts.append("\n".join(f"- {_sentence(rng)}" for _ in range(4)))
        parts.append(
            "## Figures\n\n| Area | Incidents | Change |\n|---|--:|--:|\n"
            + "\n".join(
                f"| {rng.choice(WORDS).title()} | {rng.randint(1, 90)} | {rng.randint(-40, 40)} % |"
                for _ in range(6)
            )
        )
        parts.extend(_paragraph(rng) for _ in range(7))
        parts.append("> " + _sentence(rng))
        source = (
            None
            if n % 5 == 4
            else Citation(
                report_id=n % 9,
                title=f"Regional monitor {n % 9}",
                publisher="Harmattan Research",
                published=datetime(2025, 1 + n % 12, 1 + n % 27),
                grade="B2",
            )
        )
        result.append(
            BriefingItem(
                heading=f"Item {n + 1}: {_sentence(rng)[:60]}",
                text="\n\n".join(parts),
                source=source,
                note=_sentence(rng) if n % 3 == 0 else None,
            )
        )
    return Briefing(
        title="Benchmark briefing",
        subtitle="About one hundred pages",
        author="Bench",
        date=date(2026, 11, 25),
        items=result,
    )


def baseline(briefing: Briefing, out: Path) -> int:
    """Plain ReportLab: the same text as Paragraphs in a SimpleDocTemplate, base-14 fonts."""
    from xml.sax.saxutils import escape

    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()
    story = []
    for item in briefing.items:
        story.append(Paragraph(escape(item.heading), styles["Heading1"]))
        if item.note:
            story.append(Paragraph(escape(item.note), styles["Italic"]))
        for block in item.body.split("\n\n"):
            story.append(Paragraph(escape(block), styles["BodyText"]))
    doc = SimpleDocTemplate(str(out))
    doc.build(story)
    return doc.page


def _best_of(runs: int, func) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    return best, result


FRESH = """
import sys, time
start = time.perf_counter()
sys.path.insert(0, {root!r}); sys.path.insert(0, {bench!r})
from bench_export import make_briefing
from briefapp.brands import load_brand
from briefapp.render import render_briefing
pages = render_briefing(make_briefing(), load_brand("default"), {out!r})
print(pages, time.perf_counter() - start)
"""


def long_paragraph(size: int, seed: int = 5) -> str:
    """One paragraph of ``size`` characters, no blank line in it, some of it bold."""
    rng = random.Random(seed)
    parts: list[str] = []
    length = 0
    while length < size:
        sentence = _sentence(rng)
        if rng.random() < 0.2:
            sentence = f"**{sentence}**"
        parts.append(sentence)
        length += len(sentence) + 1
    return " ".join(parts)[:size]


def bench_long_paragraphs() -> None:
    """Export time per size of a single paragraph, beside ReportLab breaking the same text
    into lines once (a lower bound: one pass, no layout)."""
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph

    from briefapp.brands import load_brand
    from briefapp.render import render_preview_bytes

    brand = load_brand("default")
    style = getSampleStyleSheet()["BodyText"]
    print("one long paragraph:        size    export   s/MB   | one breakLines pass")
    for size in (100_000, 200_000, 400_000, 1_000_000):
        text = long_paragraph(size)
        item = BriefingItem(heading="Long paragraph", text=text)
        briefing = Briefing(title="Long paragraph", date=date(2026, 11, 25), items=[item])
        start = time.perf_counter()
        render_preview_bytes(briefing, brand)
        t_app = time.perf_counter() - start
        start = time.perf_counter()
        Paragraph(text.replace("**", ""), style).wrap(450, 700)
        t_base = time.perf_counter() - start
        print(
            f"{'':23}{size / 1000:5.0f} KB  {t_app:6.2f} s  {t_app / size * 1e6:5.2f}"
            f"   | {t_base:6.2f} s"
        )


def docx_baseline(briefing: Briefing, out: Path) -> None:
    """Plain python-docx: the same text as headings and Normal paragraphs, no Markdown."""
    import docx

    document = docx.Document()
    for item in briefing.items:
        document.add_heading(item.heading, level=1)
        if item.note:
            document.add_paragraph(item.note, style="Quote")
        for block in item.body.split("\n\n"):
            document.add_paragraph(block)
    document.save(str(out))


def bench_docx(briefing: Briefing, tmp: Path, t_pdf: float) -> None:
    """DOCX export of the benchmark briefing beside the PDF export and plain python-docx."""
    from briefapp.brands import load_brand
    from briefapp.render.docx_export import export_docx

    brand = load_brand("default")
    export_docx(briefing, brand, tmp / "warm.docx")
    t_docx, _ = _best_of(3, lambda: export_docx(briefing, brand, tmp / "app.docx"))
    t_base, _ = _best_of(3, lambda: docx_baseline(briefing, tmp / "base.docx"))
    size = (tmp / "app.docx").stat().st_size
    print(f"briefapp DOCX export (warm, best of 3): {t_docx:6.2f} s  ({size / 1e6:.2f} MB)")
    print(f"plain python-docx baseline:             {t_base:6.2f} s")
    print(f"ratio DOCX / python-docx baseline:      {t_docx / t_base:6.2f}")
    print(f"ratio DOCX / PDF export:                {t_docx / t_pdf:6.2f}")


def main() -> None:
    from briefapp.brands import load_brand
    from briefapp.render import render_briefing

    briefing = make_briefing()
    brand = load_brand("default")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        render_briefing(briefing, brand, tmp / "warm.pdf")  # fonts registered, caches warm
        t_app, pages = _best_of(3, lambda: render_briefing(briefing, brand, tmp / "app.pdf"))
        t_base, base_pages = _best_of(3, lambda: baseline(briefing, tmp / "base.pdf"))
        script = FRESH.format(
            root=str(ROOT), bench=str(Path(__file__).parent), out=str(tmp / "fresh.pdf")
        )
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=True
        )
        t_fresh = time.perf_counter() - start
        size = (tmp / "app.pdf").stat().st_size
        bench_docx(briefing, tmp, t_app)
    inner = float(done.stdout.split()[1])
    print(f"briefing: {len(briefing.items)} items, {pages} pages ({size / 1e6:.2f} MB)")
    print(f"briefapp export (warm, best of 3):      {t_app:6.2f} s")
    print(f"plain ReportLab baseline ({base_pages} pages):   {t_base:6.2f} s")
    print(f"ratio briefapp / baseline:              {t_app / t_base:6.2f}  (target < 2)")
    print(
        f"fresh process, start-up included:       {t_fresh:6.2f} s  (target < 3; "
        f"{inner:.2f} s inside the script)"
    )
    bench_long_paragraphs()


if __name__ == "__main__":
    main()
