"""Font fallback: Chinese, Japanese and Korean (and symbols the brand fonts lack) print."""

from __future__ import annotations

import ast
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from render_samples import all_text, flat
from reportlab.pdfbase.pdfmetrics import stringWidth

from briefapp.models import Briefing, BriefingItem, Citation
from briefapp.render import render_briefing
from briefapp.render.fallback import (
    CodeBlock,
    Paragraph,
    cjk_font,
    coverage,
    runs,
    string_width,
)
from briefapp.render.markdown_flow import FlowContext, markdown_flowables
from briefapp.render.styles import build_theme

CJK_TITLE = "東アジア港湾ブリーフィング：北京・東京・서울"
CJK_TEXT = """\
Port congestion at **天津港** (Tianjin) and 釜山항 (Busan) eased; the *東京湾* terminals report
normal dwell times. 北京的官员表示，港口吞吐量在二月份同比增长百分之十二，主要得益于新的自动化码头投入使用以及海关流程的简化。
서울의 해운 당국은 부산항의 컨테이너 처리량이 안정세를 보이고 있다고 밝혔다。

- 上海洋山港：自动化码头 — throughput +12 %
- 부산신항: 환적 물량 증가

| Port 港口 | TEU (万) | Change |
|---|--:|--:|
| 東京 Tokyo | 38 | −1 % |

> 「港は国の玄関口である」 — a port official in 横浜 told [our researcher](https://example.org/港).

```
route = "北京 → 東京 → 서울"  # 航线 / 항로 / 航路
```
"""


def cjk_briefing() -> Briefing:
    source = Citation(
        report_id=7,
        title="太平洋港湾レビュー 第3号",
        publisher="Pacific Monitor 太平洋观察",
        published=datetime(2026, 3, 2),
        grade="B2",
    )
    return Briefing(
        title=CJK_TITLE,
        subtitle="月報 2026年3月 · 월간 보고서",
        author="分析官 김민준",
        date=date(2026, 3, 2),
        items=[
            BriefingItem(
                heading="港湾の状況",
                text=CJK_TEXT,
                source=source,
                note="北京 should be watched closely.",
            ),
            BriefingItem(heading="Outlook for 서울", text="東京 and 北京 may sign a memorandum."),
        ],
    )


def _fonts(reader: PdfReader) -> dict[str, dict]:
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[str(font["/BaseFont"])] = font
    return fonts


@pytest.fixture(scope="module")
def cjk_pdf(tmp_path_factory, default_brand) -> Path:
    out = tmp_path_factory.mktemp("cjk") / "cjk.pdf"
    render_briefing(cjk_briefing(), default_brand, out)
    return out


def test_cjk_title_and_text_are_in_the_pdf(cjk_pdf):
    reader = PdfReader(cjk_pdf)
    cover = flat(reader.pages[0].extract_text())
    for words in (
        "東アジア港湾ブリーフィング",
        "北京・東京・서울",
        "月報 2026年3月",
        "分析官 김민준",
    ):
        assert words in cover, words
    text = re.sub(r"\s", "", all_text(reader))  # line breaks fall anywhere in CJK text
    for words in (
        "北京的官员表示",
        "서울의해운당국은",
        "港湾の状況",
        "上海洋山港：自动化码头",
        "부산신항",
        "東京Tokyo",
        "−1%",
        "「港は国の玄関口である」",
        "Outlookfor서울",
        "太平洋港湾レビュー第3号",
        "PacificMonitor太平洋观察",
        "航线/항로/航路",
    ):
        assert words in text, words
    # the running header on the pages after the cover carries the CJK title too
    assert CJK_TITLE in flat(reader.pages[1].extract_text())


def test_fallback_font_is_embedded_as_a_truetype_subset(cjk_pdf):
    fonts = _fonts(PdfReader(cjk_pdf))
    fallback = [name for name in fonts if name.endswith("+DroidSansFallback")]
    assert fallback, sorted(fonts)
    for name in fallback:
        assert re.match(r"/[A-Z]{6}\+", name)
        assert fonts[name]["/Subtype"] == "/TrueType"
        assert "/FontFile2" in fonts[name]["/FontDescriptor"].get_object()
        assert "/ToUnicode" in fonts[name]


def test_latin_briefing_never_loads_the_fallback_font(sample_reader):
    assert not any("DroidSansFallback" in name for name in _fonts(sample_reader))


def test_outline_keeps_cjk_titles(cjk_pdf):
    titles = [entry.title for entry in PdfReader(cjk_pdf).outline if not isinstance(entry, list)]
    assert any("港湾の状況" in title for title in titles), titles
    assert "Outlook for 서울" in titles


def test_symbols_the_brand_fonts_lack_are_printed(tmp_path, default_brand):
    out = tmp_path / "symbols.pdf"
    render_briefing(
        Briefing(
            title="Prices −3 % → ≥ 5 %",
            items=[
                BriefingItem(heading="Trend", text="Fuel fell −3 % (≤ 5 % → ≈ 4 %, target ≠ 0) ✓")
            ],
        ),
        default_brand,
        out,
    )
    reader = PdfReader(out)
    assert "Fuel fell −3 % (≤ 5 % → ≈ 4 %, target ≠ 0) ✓" in all_text(reader)
    assert "Prices −3 % → ≥ 5 %" in flat(reader.pages[0].extract_text())
    assert not any("DroidSansFallback" in name for name in _fonts(reader))


def test_same_cjk_briefing_gives_byte_identical_pdf(tmp_path, default_brand, cjk_pdf):
    again = tmp_path / "again.pdf"
    render_briefing(cjk_briefing(), default_brand, again)
    assert again.read_bytes() == cjk_pdf.read_bytes()


def test_hostile_markup_with_cjk_stays_literal(tmp_path, default_brand):
    out = tmp_path / "hostile.pdf"
    render_briefing(
        Briefing(
            title="北京 <b>東京</b> & 서울",
            items=[
                BriefingItem(
                    heading="見出し <i>x", text="北京 <font size=300>東京</font> a<b AT&T 서울 <b>x"
                )
            ],
        ),
        default_brand,
        out,
    )
    text = all_text(PdfReader(out))
    for literal in (
        "北京 <b>東京</b> & 서울",
        "見出し <i>x",
        "北京 <font size=300>東京</font> a<b AT&T 서울 <b>x",
    ):
        assert literal in text, literal


def test_meridian_brand_falls_back_too(tmp_path, meridian_brand):
    out = tmp_path / "meridian.pdf"
    render_briefing(cjk_briefing(), meridian_brand, out)
    reader = PdfReader(out)
    assert "北京・東京・서울" in flat(reader.pages[0].extract_text())
    assert any(name.endswith("+DroidSansFallback") for name in _fonts(reader))


def test_runs_cut_text_where_the_brand_font_lacks_characters(default_brand):
    body = build_theme(default_brand).fonts.body
    cjk = cjk_font()
    assert runs("Plain Latin, Ɗanɓaki ẹ̀fọ́", body) == [(body, "Plain Latin, Ɗanɓaki ẹ̀fọ́")]
    assert runs("Talks in 北京 and 서울.", body) == [
        (body, "Talks in "),
        (cjk, "北京"),
        (body, " and "),
        (cjk, "서울"),
        (body, "."),
    ]
    # a character no font has stays with its neighbour instead of making a run of its own
    assert runs("北京\u1200 x", body) == [(cjk, "北京\u1200"), (body, " x")]  # Ethiopic
    assert runs("Cairo القاهرة", body) == [(body, "Cairo "), ("briefapp.arabic", "القاهرة")]
    # symbols come from the symbols font, never letters of other scripts (it has Arabic)
    pieces = runs("a − b", body)
    assert [p for _, p in pieces] == ["a ", "−", " b"] and pieces[1][0] not in (body, cjk)
    assert "\u0627" in coverage(pieces[1][0])


def test_cjk_paragraph_breaks_between_characters_within_its_width(default_brand):
    theme = build_theme(default_brand)
    para = Paragraph(
        "A long line: " + "北京的官员表示港口吞吐量同比增长" * 12, theme.styles["body"]
    )
    width = 300
    para.wrap(width, 1000)
    lines = para.blPara.lines
    assert len(lines) > 3
    for line in lines:
        used = sum(stringWidth(w.text, w.fontName, w.fontSize) for w in line.words)
        assert used <= width + 0.01


def test_latin_paragraph_keeps_reportlab_line_breaking(default_brand):
    theme = build_theme(default_brand)
    para = Paragraph("Plain words only " * 30, theme.styles["body"])
    assert not para.cjk


def test_cjk_code_block_is_cut_to_the_box_width(default_brand):
    ctx = FlowContext(build_theme(default_brand))
    flows = markdown_flowables("```\n" + "注释" * 60 + " x = 1\n```", ctx)
    code = flows[0]._cellvalues[0][0]
    assert isinstance(code, CodeBlock) and len(code.lines) > 1
    style = code.style
    for line in code.lines:
        assert string_width(line, style.fontName, style.fontSize) <= ctx.width - 16 + 0.01


def test_render_makes_paragraphs_and_code_only_through_the_fallback_classes():
    folder = Path(__file__).parents[2] / "briefapp" / "render"
    for module in folder.glob("*.py"):
        if module.name == "fallback.py":
            continue
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("reportlab"):
                names = {alias.name for alias in node.names}
                assert not names & {"Paragraph", "Preformatted", "XPreformatted"}, module.name


def test_cjk_paragraph_longer_than_a_page_splits_without_losing_text(tmp_path, default_brand):
    sentence = "北京的官员表示，港口吞吐量在二月份同比增长 12 %, said the harbour master 서울. "
    out = tmp_path / "long.pdf"
    pages = render_briefing(
        Briefing(
            title="Long",
            items=[BriefingItem(heading="長い段落", text=sentence * 150, note=sentence * 3)],
        ),
        default_brand,
        out,
    )
    assert pages >= 5
    reader = PdfReader(out)
    text = all_text(reader)  # running headers come between the pages' parts
    lines = [line for page in reader.pages for line in page.extract_text().splitlines()]
    assert not [line for line in lines if line.startswith("，")]  # a comma hangs instead
    for ch in set(sentence) - set(" ,.%12"):
        assert text.count(ch) >= 153 * sentence.count(ch), ch
    assert text.count("서울") == 153 and text.count("said the harbour master") == 153
