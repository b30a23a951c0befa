"""Saved web pages: the article and its metadata come out, page furniture does not."""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path

import pytest

from briefapp.errors import ImportFailed
from briefapp.ingest import html
from briefapp.ingest.blocks import CODE, HEADING, LIST, PARAGRAPH, QUOTE, TABLE
from briefapp.ingest.dates import parse_published

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "html"


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def all_text(extracted) -> str:
    return "\n".join(b.text for b in extracted.blocks)


def page(body: str, head: str = "") -> bytes:
    return f"<html><head>{head}</head><body>{body}</body></html>".encode()


@pytest.fixture(scope="module")
def mining():
    return html.extract(sample("wordpress_niger_mining.html"), "mining.html")


@pytest.fixture(scope="module")
def drought():
    # The sample declares windows-1252; store it that way so the charset path is exercised.
    data = sample("news_kano_drought.html").decode("utf-8").encode("cp1252")
    return html.extract(data, "drought.htm")


# --- keeping only the article


def test_share_buttons_and_comment_form_are_left_out(mining):
    text = all_text(mining)
    assert "Share this" not in text and "Facebook" not in text
    assert "Leave a Reply" not in text
    assert "Your email address will not be published" not in text
    assert "Great piece" not in text


def test_navigation_header_footer_and_cookie_banner_are_left_out(mining):
    text = all_text(mining)
    for furniture in ("Home", "About us", "cookies", "All rights reserved", "Sidebar headline"):
        assert furniture not in text


def test_related_posts_and_newsletter_call_to_action_are_left_out(mining, drought):
    text = all_text(mining) + all_text(drought)
    for furniture in (
        "Related",
        "Older post",
        "Subscribe",
        "weekly Sahel brief",
        "Read next",
        "Floods in the south",
        "Posts Grid",
        "Discover More",
        "Zaria",
        "Advertisement",
        "Most read",
        "Share on WhatsApp",
    ):
        assert furniture not in text


def test_scripts_styles_iframes_and_noscript_never_enter_the_output(mining, drought):
    text = all_text(mining) + all_text(drought)
    assert "TRACKING" not in text and "not a paragraph" not in text
    assert "color: red" not in text and "enable JavaScript" not in text


def test_extractor_marks_output_boilerplate_free(mining):
    assert mining.boilerplate_free is True
    assert mining.format == "html"


def test_article_text_is_kept_in_order(mining):
    kinds = [(b.kind, b.text.split("\n")[0][:20]) for b in mining.blocks]
    assert kinds[0] == (PARAGRAPH, "The dispute between ")
    assert mining.blocks[-1].text == "Further protests in Arlit cannot be ruled out."


def test_page_without_article_element_falls_back_to_densest_text(drought):
    text = all_text(drought)
    assert text.startswith("Farmers across the northern districts of Kano State")
    assert "Aid groups warn" in text


# --- metadata


def test_site_name_is_stripped_from_title(drought):
    assert drought.title == "Drought tightens its grip on Kano farms"


@pytest.mark.parametrize(
    ("page_title", "head"),
    [
        ("Farm prices climb | Savanna Daily", ""),
        ("Farm prices climb - Savanna Daily", ""),
        (
            "Farm prices climb — Savanna Daily",
            '<meta property="og:site_name" content="Savanna Daily">',
        ),
    ],
)
def test_site_name_is_stripped_from_page_title(page_title, head):
    body = (
        "<article><p>Millet and sorghum prices climbed again at the Dawanau market.</p></article>"
    )
    e = html.extract(page(body, f"<title>{page_title}</title>{head}"), "t.html")
    assert e.title == "Farm prices climb"


def test_og_title_is_preferred_and_article_h1_is_not_a_section(mining):
    assert mining.title == "Uranium, water and a broken promise in the Aïr"
    assert not any(b.text.startswith("Uranium, water") for b in mining.blocks)


def published(extracted) -> datetime | None:
    return parse_published(extracted.published)


def test_publication_date_and_time_from_article_meta(mining):
    assert published(mining) == datetime.fromisoformat("2026-11-14T08:30:00+01:00")


def test_publication_date_from_visible_date_line(drought):
    assert published(drought) == datetime(2026, 11, 14)


def test_dateline_is_not_article_text(mining, drought):
    assert "Published 14 November" not in all_text(mining) + all_text(drought)


def test_publication_date_and_author_from_json_ld():
    e = html.extract(sample("jsonld_brief.html"), "note.html")
    assert published(e) == datetime.fromisoformat("2026-10-02T09:00:00+00:00")
    assert e.author == "Musa Ƙaura"
    assert e.publisher == "Lake Chad Observer"
    assert e.title == "Field note: checkpoints on the Zinder road"
    assert {"Niger", "Nigeria"} <= set(e.countries)


def test_publication_date_from_time_element():
    body = (
        '<article><h1>Grain convoy delayed</h1><time datetime="2026-09-03">3 Sept</time>'
        "<p>A convoy of grain lorries waited four days at the border post near Maradi.</p>"
        "</article>"
    )
    assert published(html.extract(page(body), "t.html")) == datetime(2026, 9, 3)


def test_publisher_and_author_from_meta(mining, drought):
    assert mining.publisher == "Sahel Policy Forum"
    assert mining.author == "Hadiza Ɗanjuma"
    assert drought.publisher == "Savanna Daily Media Group"


def test_tags_go_to_topics_and_countries(mining, drought):
    # (The page's article:tag metadata; "Water", only a rel=tag link in its footer, is not read:
    # trafilatura reads tag links only when the metadata names none.)
    assert {"Niger", "Mining"} <= set(mining.countries)
    assert {"Niger", "Mining"} <= set(mining.topics)
    assert "Analysis" not in mining.topics  # the page's section: a kind of page, not a topic
    assert "Mali" not in mining.countries  # a sidebar tag cloud is not the article's
    assert {"Nigeria", "Kano", "drought"} <= set(drought.topics)


# --- structure and inline Markdown


def test_h2_and_h3_become_section_headings(mining):
    headings = [(b.text, b.level) for b in mining.blocks if b.kind == HEADING]
    assert headings == [
        ("Background", 2),
        ("Who is involved", 3),
        ("Key figures", 2),
        ("Outlook", 2),
    ]


def test_nested_lists_are_indented(mining):
    lists = [b.text for b in mining.blocks if b.kind == LIST]
    assert lists[0] == (
        "- The company and its local subcontractors\n  - Two security firms\n"
        "  - A trucking cooperative\n- Herders from three Tuareg and Fulani lineages\n"
        "- The regional governor’s office"
    )
    assert lists[1].startswith("1. Mediation") and "\n2. Escalation" in lists[1]


def test_tables_become_pipe_tables_with_escaped_pipes(mining):
    table = next(b.text for b in mining.blocks if b.kind == TABLE)
    assert table.split("\n")[:2] == ["| Indicator | 2025 | 2026 |", "|---|---|---|"]
    assert "| Ore trucks/day \\| peak | 40 | 65 |" in table


def test_blockquote_and_pre_become_markdown_blocks(mining):
    quote = next(b for b in mining.blocks if b.kind == QUOTE)
    assert quote.text.startswith("> “We were told")
    e = html.extract(sample("jsonld_brief.html"), "note.html")
    code = next(b for b in e.blocks if b.kind == CODE)
    assert code.text.startswith("```\ncheckpoint") and "Takieta      2000" in code.text


def test_inline_bold_em_and_safe_links_become_markdown(mining):
    text = all_text(mining)
    assert "the **Tazerzait Mining Company** and" in text
    assert "its *third* month" in text
    assert "[survey summary](https://example.org/survey-summary)" in text
    assert "javascript:" not in text and "the interactive map." in text


def test_entities_and_typographic_characters_survive(mining):
    text = all_text(mining)
    assert "two wells & cut" in text
    assert "company’s new pit" in text and "“respect customary land use”" in text
    assert "— they point" in text
    assert "*ƙasa*" in text and "ɓaleeri" in text and "Ɗan Kano" in text


def test_whitespace_is_normalised():
    body = "<article><p>  Herders\n\n   moved\t south&nbsp;early   this  year. </p></article>"
    assert (
        html.extract(page(body), "w.html").blocks[0].text == "Herders moved south early this year."
    )


def test_line_breaks_and_inline_elements_keep_words_apart():
    body = (
        "<article><p>Line one<br>line <b>two </b>ends, <a href='http://x.example/a'>"
        " here </a>.</p></article>"
    )
    text = html.extract(page(body), "b.html").blocks[0].text
    assert text == "Line one\nline **two** ends, [here](http://x.example/a)."


# --- decoding


def test_declared_windows_1252_is_honoured():
    body = "<article><p>Prices rose 12 % – says the “ministry”, café owners agree.</p></article>"
    data = page(body, '<meta charset="windows-1252">').decode().encode("cp1252")
    assert "– says the “ministry”, café" in html.extract(data, "c.html").blocks[0].text


def test_missing_charset_falls_back_to_cp1252_when_not_utf8():
    data = page("<article><p>The café at Agadez “reopened” on Monday.</p></article>")
    data = data.decode().encode("cp1252")
    assert html.extract(data, "c.html").blocks[0].text == "The café at Agadez “reopened” on Monday."


def test_wrong_declared_charset_does_not_garble_utf8():
    data = page("<article><p>Ɗan Kano – ƙasa</p></article>", '<meta charset="iso-8859-1">')
    assert html.extract(data, "c.html").blocks[0].text == "Ɗan Kano – ƙasa"


def test_byte_order_mark_is_honoured():
    data = page("<article><p>Ɗan Kano – ƙasa</p></article>").decode()
    assert (
        html.extract(b"\xef\xbb\xbf" + data.encode(), "c.html").blocks[0].text == "Ɗan Kano – ƙasa"
    )
    utf16 = "\ufeff".encode("utf-16-le") + data.encode("utf-16-le")
    assert html.extract(utf16, "c.html").blocks[0].text == "Ɗan Kano – ƙasa"


# --- bad and hostile input


def test_nesting_within_the_parser_limit_is_read():
    body = (
        "<article>"
        + "<div>" * 200
        + "<p>Deep "
        + "<span>" * 40
        + "text"
        + "</span>" * 40
        + " here.</p>"
        + "</div>" * 200
        + "<p>A second paragraph after the nesting.</p>"
        + "</article>"
    )
    text = all_text(html.extract(page(body), "deep.html"))
    assert "Deep text here." in text and "A second paragraph" in text


@pytest.mark.parametrize(
    "body",
    [
        "<article>" + "<div>" * 20_000 + "<p>Deep text here.</p>" + "</div>" * 20_000,
        "<article><p>" + "<b><i><span>" * 5000 + "word" + "</span></i></b>" * 5000,
    ],
)
def test_nesting_past_the_parser_limit_is_a_clear_error(body):
    # libxml2 stops at 256 levels and drops the page's text: never a silent partial import.
    with pytest.raises(ImportFailed, match="nests its markup too deeply"):
        html.extract(page(body), "deep.html")


def test_huge_page_is_handled_in_reasonable_time():
    para = "<p>Herders and farmers met at the Maradi market to discuss grazing routes again.</p>"
    body = (
        "<article>" + "".join(f"<h2>Part {i}</h2>" + para * 20 for i in range(500)) + "</article>"
    )
    start = time.perf_counter()
    e = html.extract(page(body), "huge.html")
    assert time.perf_counter() - start < 30
    assert sum(b.kind == HEADING for b in e.blocks) == 500


def test_broken_markup_still_yields_text():
    data = (
        b"<html><body><article><p>Unclosed paragraph <b>bold <i>both</p><p>Next one<div>div"
        b"</article>"
    )
    text = all_text(html.extract(data, "broken.html"))
    assert "Unclosed paragraph" in text and "Next one" in text


def test_script_tags_are_never_text():
    body = "<article><p>Real text about Diffa.</p><script>alert('x')</script><p>More.</p></article>"
    text = all_text(html.extract(page(body), "s.html"))
    assert "alert" not in text and "Real text about Diffa." in text


def test_empty_page_gets_clear_error():
    with pytest.raises(ImportFailed, match="empty file"):
        html.extract(b"", "empty.html")
    with pytest.raises(ImportFailed, match="no article text"):
        html.extract(b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "nav.html")


def test_binary_data_is_not_a_web_page():
    with pytest.raises(ImportFailed, match="not a web page"):
        html.extract(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image.html")


def test_layout_tables_are_read_as_text_not_as_pipe_tables():
    body = (
        "<table><tr><td><a href='/'>Home</a></td><td><h1>Cattle prices at Maigatari</h1>"
        "<p>Cattle traders at Maigatari said prices fell after the border closed again.</p>"
        "<h2>Traders</h2><p>Most traders expect the closure to last until March.</p>"
        "</td></tr></table>"
    )
    e = html.extract(page(body, "<title>Cattle prices at Maigatari</title>"), "old.html")
    assert [b.kind for b in e.blocks] == [PARAGRAPH, HEADING, PARAGRAPH]
    assert e.blocks[0].text.startswith("Cattle traders at Maigatari")


def test_comment_section_inside_the_article_is_left_out():
    body = (
        "<article><h1>Diffa market reopens</h1><p>The cattle market in Diffa reopened on Monday "
        "after a two-month closure.</p><h2>2 thoughts on “Diffa market reopens”</h2>"
        "<p>Good news for the traders.</p><h3>Leave a Reply</h3><p>Name</p></article>"
    )
    text = all_text(html.extract(page(body), "c.html"))
    assert text == "The cattle market in Diffa reopened on Monday after a two-month closure."


def test_cite_as_and_download_lines_are_left_out():
    from briefapp.ingest.html import extract

    page = (
        "<html><head><title>Brief | Institute</title></head><body><article><h1>Brief</h1>"
        "<h2>Summary</h2><p>The analysis itself, in a full sentence.</p>"
        "<p>Download PDF (1.2 MB)</p>"
        "<p>Cite as: Writer, A. (2026). <em>Brief</em>. Institute.</p></article></body></html>"
    )
    text = "\n".join(b.text for b in extract(page.encode(), "brief.html").blocks)
    assert "The analysis itself" in text and "Cite as" not in text and "Download PDF" not in text


def test_a_link_alone_is_not_an_article():
    with pytest.raises(ImportFailed, match="no article text"):
        html.extract(page("<div><a href='/'>Home page</a></div>"), "nav.html")


# --- web metadata: canonical address, publisher


ARTICLE = (
    "<article><p>Fuel smugglers moved their depots closer to the Komadugu river.</p></article>"
)


@pytest.mark.parametrize(
    "head",
    [
        '<link rel="canonical" href="https://lake.example/2026/fuel-depots">',
        '<meta property="og:url" content="https://lake.example/2026/fuel-depots">',
    ],
)
def test_canonical_address_becomes_the_url(head):
    assert (
        html.extract(page(ARTICLE, head), "u.html").url == "https://lake.example/2026/fuel-depots"
    )


def test_base_address_alone_is_not_the_article_url():
    head = '<base href="https://lake.example/">'
    assert html.extract(page(ARTICLE, head), "u.html").url is None


def test_page_without_an_address_has_no_url(mining):
    assert mining.url is None


def test_publisher_from_og_site_name_and_json_ld():
    og = '<meta property="og:site_name" content="Komadugu Monitor">'
    assert html.extract(page(ARTICLE, og), "p.html").publisher == "Komadugu Monitor"
    ld = (
        '<script type="application/ld+json">{"@context": "https://schema.org",'
        ' "@type": "NewsArticle", "headline": "Depots", "publisher": {"@type": "Organization", "name": "Komadugu Monitor"}}'
        "</script>"
    )
    assert html.extract(page(ARTICLE, ld), "p.html").publisher == "Komadugu Monitor"


def test_a_pages_desk_and_kind_of_page_are_not_topics():
    from briefapp.ingest.pipeline import parse_report

    body = " ".join(
        f"Grain traders in Maradi reported sharper price swings in week {n}, and transporters"
        " blamed the longer detours around the closed border crossing."
        for n in range(1, 9)
    )
    page = f"""<!doctype html><html><head><title>Grain Prices Swing in Maradi</title>
<meta property="article:section" content="West Africa">
<meta property="og:site_name" content="Savanna Wire">
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "Grain Prices
Swing in Maradi", "articleSection": ["Analysis", "Food Security"],
"keywords": "Niger, Trade"}}</script></head>
<body><article><h1>Grain Prices Swing in Maradi</h1><p>{body}</p></article></body></html>"""
    report = parse_report(page.encode(), "maradi.html")
    assert "Food Security" in report.topics  # (the keyword "Trade" files under Economy)
    assert not {"Analysis", "West Africa"} & set(report.topics)
