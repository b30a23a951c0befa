"""The reader shows hostile section text quickly and literally."""

from __future__ import annotations

import pytest

from briefapp.gui.reader import markdown_html

pytestmark = pytest.mark.gui


def test_raw_html_in_a_section_is_shown_as_text():
    out = markdown_html("<script>alert(1)</script> and <font size=300>big</font>")
    assert "<script>" not in out and "&lt;script&gt;" in out and "<font" not in out


def test_thousands_of_brackets_are_defused_before_markdown_sees_them():
    # Markdown's link search is quadratic in the number of "[": unescaped, this took minutes.
    out = markdown_html("[" * 8000 + " text [a link](https://example.org)")
    assert out.count("[") == 8000 and 'href="https://example.org"' in out


def test_huge_text_is_shown_as_plain_paragraphs():
    out = markdown_html(("*word* " * 50_000) + "\n\nend")
    assert "<em>" not in out and out.endswith("<p>end</p>")
