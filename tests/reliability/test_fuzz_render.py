"""Property-based tests of the Markdown-to-PDF renderer: any section text gives a PDF that
pypdf opens, quickly, and every word the reader should see is in it."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from briefapp.brands import load_brand
from briefapp.models import Briefing, BriefingItem, Citation
from briefapp.render import render_preview_bytes
from tests.reliability.limits import FUZZ, squeezed, time_limit, words

RENDER_SECONDS = 20


def _drawable() -> frozenset[int]:
    """Code points every font of the default brand has a glyph for."""
    from reportlab.pdfbase.ttfonts import TTFont

    fonts = load_brand("default").fonts.values()
    return frozenset.intersection(
        *(frozenset(TTFont("probe", str(f)).face.charToGlyph) for f in fonts)
    )


DRAWABLE = _drawable()
# Latin, accented, Greek, Cyrillic letters and digits the brand's fonts can draw (a character
# without a glyph is drawn as a box: a font limitation, not a lost word).
LETTERS = st.characters(codec="utf-8", categories=["Lu", "Ll", "Nd"], max_codepoint=0x4FF).filter(
    lambda ch: ord(ch) in DRAWABLE
)
WORD = st.text(LETTERS, min_size=1, max_size=12)
LITERAL = st.sampled_from(
    [
        "<",
        ">",
        "&",
        "<b>",
        "</b>",
        "<font size=300>",
        "</font>",
        "<script>",
        "<para>",
        "<br/>",
        "<img src=/etc/passwd>",
        "a<b",
        "AT&T",
        "<!--",
        "%",
        '"',
        "'",
        "(",
        ")",
        "…",
        "—",
        "€",
        "«",
        "»",
        "’",
    ]
)


def inline(word: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    wrapped = st.sampled_from(
        [
            "**{}**",
            "*{}*",
            "`{}`",
            "[{}](https://example.org/a?b=1&c=2)",
            "[{}](javascript:alert(1))",
            "{}",
            "{}",
            "{}",
        ]
    )
    return st.builds(str.format, wrapped, word)


PHRASE = st.lists(inline(WORD) | LITERAL, min_size=1, max_size=10).map(" ".join)


def block(phrase: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    shapes = st.sampled_from(
        [
            "{}",
            "## {}",
            "### {}",
            "- {}",
            "1. {}",
            "> {}",
            "```\n{}\n```",
            "| {} | x |\n|---|---|\n| y | z |",
            "  - {}",
            "    - {}",
        ]
    )
    return st.builds(str.format, shapes, phrase)


SECTION = st.lists(block(PHRASE), min_size=1, max_size=8).map("\n\n".join)
SOURCE = Citation(report_id=1, title="Source Report", publisher="Publisher")


@pytest.fixture(scope="module")
def brand():
    return load_brand("default")


def render(brand, text: str, heading: str = "Section") -> PdfReader:
    briefing = Briefing(
        title="Fuzz Briefing",
        items=[BriefingItem(heading=heading, text=text, source=SOURCE, note=None)],
    )
    with time_limit(RENDER_SECONDS):
        pdf = render_preview_bytes(briefing, brand)
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    reader = PdfReader(io.BytesIO(pdf), strict=False)
    assert len(reader.pages) >= 2
    return reader


def extracted(reader: PdfReader) -> str:
    return squeezed("".join(page.extract_text() for page in reader.pages))


def visible_words(markdown: str) -> list[str]:
    """The words a reader sees: link targets are not shown, Markdown syntax is not a word."""
    import re

    shown = re.sub(r"\]\([^)]*\)\)?", "]", markdown)
    return words(shown)


def assert_words_shown(reader: PdfReader, text: str) -> None:
    body = extracted(reader)
    missing = [w for w in visible_words(text) if w not in body]
    assert not missing, f"words lost in the PDF: {missing[:10]}"


@FUZZ
@given(text=st.text(max_size=1500))
def test_any_text_renders_to_a_pdf(brand, text):
    render(brand, text)


@FUZZ
@given(text=st.text(LETTERS | st.sampled_from(" \n\n.,;:!?-'\"()"), max_size=1500))
def test_plain_text_words_all_reach_the_pdf(brand, text):
    assert_words_shown(render(brand, text), text)


@FUZZ
@given(text=SECTION)
def test_markdown_and_markup_words_all_reach_the_pdf(brand, text):
    assert_words_shown(render(brand, text), text)


@FUZZ
@given(heading=st.text(max_size=200), text=st.text(max_size=300))
def test_any_heading_renders(brand, heading, text):
    render(brand, text or "x", heading=heading)


MARKDOWN_CHARS = st.sampled_from(
    list("#*_`[]()!<>&|-+.>\\~=:\n \t") + ["\n\n", "1. ", "```", "<b>"]
)


@FUZZ
@given(
    text=st.recursive(
        st.lists(MARKDOWN_CHARS | LETTERS, max_size=30).map("".join),
        lambda inner: (
            st.lists(inner, max_size=5).map("".join)
            | st.builds(
                lambda a, b: f"{a}{b}{a[::-1]}",
                st.sampled_from(["**", "*", "`", "> ", "- ", "[", "<", "|", "```\n", "    "]),
                inner,
            )
        ),
        max_leaves=50,
    )
)
def test_deeply_nested_markdown_renders(brand, text):
    render(brand, text)


HOSTILE_SHAPES = {
    "deep quotes": "> " * 400 + "deep",  # took minutes (one nested Table per level)
    "deep list on one line": "- " * 300 + "deep",  # RecursionError
    "deep indented list": "".join(" " * (2 * i) + "- level\n" for i in range(200))
    + "\ndeep",  # LayoutError
    "too deep for Markdown": "".join(" " * (2 * i) + "- level\n" for i in range(450)) + "\ndeep",
    "nested brackets": "[" * 3000 + "deep" + "]" * 3000,  # quadratic link search
    "unclosed links": "[x](" * 3000 + "deep",
    "unclosed images": "![" * 3000 + "deep",
    "backticks": "`" * 5000 + " deep",
    "pipes": "|" * 5000 + "\n|---|\ndeep",
    "angle brackets": "<" * 5000 + " deep",
    "entities": "&" * 5000 + "amp; deep",
    "hashes": "# " * 500 + "deep",
    "emphasis": "**" * 2000 + "deep",
}


@pytest.mark.parametrize("shape", HOSTILE_SHAPES)
def test_hostile_nesting_renders_quickly_and_keeps_its_words(brand, shape):
    with time_limit(8):
        reader = render(brand, HOSTILE_SHAPES[shape])
    assert "deep" in extracted(reader)


def test_many_real_links_still_render_as_links(brand):
    text = " ".join(f"[site{i}](https://example.org/{i})" for i in range(400)) + " [unclosed"
    reader = render(brand, text)
    body = extracted(reader)
    assert "site0" in body and "site399" in body and "https://example.org" not in body
    uris = [
        a.get_object()["/A"].get("/URI")
        for page in reader.pages
        for a in page.get("/Annots", [])
        if a.get_object().get("/A")
    ]
    assert "https://example.org/399" in uris
