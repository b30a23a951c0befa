"""Markdown to flowables: handlers per element, hostile text kept literal, text helpers."""

from __future__ import annotations

from datetime import date, datetime

from reportlab.platypus import ListFlowable, Paragraph, Table

from briefapp.links import safe_href
from briefapp.models import BriefingItem, Citation
from briefapp.render.inline import esc
from briefapp.render.markdown_flow import FlowContext, markdown_flowables, markdown_to_tree
from briefapp.render.styles import build_theme
from briefapp.render.text import citation_line, item_heading_and_body, long_date


def _flows(text, brand):
    return markdown_flowables(text, FlowContext(build_theme(brand)))


def _markup(flows):
    return "\n".join(f.text for f in flows if isinstance(f, Paragraph))


def test_raw_html_is_text_not_markup():
    tree = markdown_to_tree("<script>alert(1)</script>\n\n<div>x</div> <b>bold</b>")
    assert tree.find(".//script") is None and tree.find(".//div") is None
    assert tree.find(".//b") is None
    assert "<script>alert(1)</script>" in "".join(tree.itertext())


def test_hostile_markup_is_escaped_for_paragraphs(default_brand):
    markup = _markup(
        _flows('<font size=300>x</font> a<b AT&T <img src="/etc/passwd">', default_brand)
    )
    assert "&lt;font size=300&gt;" in markup
    assert "a&lt;b" in markup and "AT&amp;T" in markup
    assert "&lt;img src=" in markup and "<img" not in markup


def test_only_web_and_mail_links_become_links():
    assert safe_href("https://example.org/a?b=1&c=2") == "https://example.org/a?b=1&c=2"
    assert safe_href("mailto:desk@example.org")
    for bad in (
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "file:///etc/passwd",
        "data:text/html,x",
        "/etc/passwd",
        "java\nscript:alert(1)",
        None,
    ):
        assert safe_href(bad) is None


def test_javascript_link_renders_as_plain_text(default_brand):
    markup = _markup(
        _flows("[click](javascript:alert(1)) [ok](https://example.org)", default_brand)
    )
    assert "javascript" not in markup
    assert markup.count("<a ") == 1 and 'href="https://example.org"' in markup


def test_markdown_image_shows_its_description_only(default_brand):
    markup = _markup(_flows("![secret map](/etc/passwd)", default_brand))
    assert "secret map" in markup and "passwd" not in markup


def test_block_elements_map_to_flowables(default_brand):
    flows = _flows(
        "# Title\n\ntext\n\n- a\n    - nested\n\n| h |\n|---|\n| v |\n\n> quote\n\n"
        "```\ncode\n```\n\n---\n",
        default_brand,
    )
    kinds = [type(f).__name__ for f in flows]
    assert kinds[0] == "Paragraph" and flows[0].style.name == "h1"
    assert isinstance(flows[2], ListFlowable)
    assert sum(isinstance(f, Table) for f in flows) == 3  # table, quote and code boxes
    assert kinds[-1] == "HRFlowable"


def test_text_is_nfc_normalised():
    assert esc("e\u0301") == "é"


def test_long_date_is_english_whatever_the_locale():
    assert long_date(date(2026, 11, 25)) == "25 November 2026"
    assert long_date(datetime(2025, 8, 19, 14, 30)) == "19 August 2025"


def test_citation_line_has_title_publisher_date_and_grade():
    source = Citation(
        report_id=1,
        title="Monitor",
        publisher="Harmattan",
        published=datetime(2025, 8, 19),
        grade="B2",
    )
    assert citation_line(source) == "Source: Monitor — Harmattan, 19 August 2025 · Grade B2"
    bare = Citation(report_id=None, title="Notes", grade="F6")
    assert citation_line(bare) == "Source: Notes · Grade F6"


def test_own_text_without_heading_takes_its_first_markdown_heading():
    item = BriefingItem(heading="", text="Intro line\n\n## Our view\n\nBody text.")
    heading, body = item_heading_and_body(item)
    assert heading == "Our view"
    assert "Our view" not in body and "Body text." in body and "Intro line" in body


def test_own_text_without_any_heading_is_an_analyst_comment():
    item = BriefingItem(heading="", text="```\n# not a heading\n```\nplain")
    assert item_heading_and_body(item)[0] == "Analyst comment"


def test_edited_text_is_what_gets_published():
    item = BriefingItem(
        heading="H", text="original", edited_text="edited", source=Citation(report_id=1, title="T")
    )
    assert item_heading_and_body(item) == ("H", "edited")


def test_lists_nested_with_two_spaces_stay_nested():
    tree = markdown_to_tree("- market\n  - cattle\n    - goats\n- road\n\n1. one\n   - sub\n")
    top = tree.find("ul")
    assert [li.text.strip() for li in top.findall("li")] == ["market", "road"]
    assert top.find("li/ul/li/ul/li").text.strip() == "goats"
    assert tree.find("ol/li/ul/li").text.strip() == "sub"


def test_four_space_lists_and_code_fences_are_left_alone():
    from briefapp.render.markdown_flow import normalise_list_indents

    text = "- a\n    - b\n\n```\n  - not a list\n```\n\n    indented code\n"
    assert normalise_list_indents(text) == text


def test_one_link_rule_serves_importer_reader_and_exports():
    from briefapp.links import markdown_link_target

    assert markdown_link_target("https://example.org/a?b=1") == "https://example.org/a?b=1"
    for unsafe in ("javascript:alert(1)", "file:///etc/passwd", "briefapp:open", "data:x"):
        assert markdown_link_target(unsafe) is None
    # Safe, but it would break Markdown's [text](target): kept as plain text by the importer.
    assert markdown_link_target("https://example.org/a (b)") is None
