"""The reader shows hostile section text quickly and literally."""

from __future__ import annotations

import re

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


def test_pictures_in_report_text_become_their_alt_text():
    out = markdown_html(
        "![map](/srv/share/map.png) ![secret](file:///etc/passwd) ![ref][p]\n\n[p]: ../x.png"
    )
    assert "<img" not in out and "src=" not in out
    assert "map" in out and "secret" in out and "ref" in out


def test_report_text_links_keep_only_web_and_mail_targets():
    out = markdown_html(
        "[a](briefapp:open) [b](file:///etc/passwd) [c](javascript:alert(1)) [d](/etc/hosts)"
        " [e](https://example.org/x) [f](mailto:desk@example.org) [g][r]\n\n[r]: briefapp:edit"
    )
    assert re.findall(r'href="([^"]*)"', out) == [
        "https://example.org/x",
        "mailto:desk@example.org",
    ]
