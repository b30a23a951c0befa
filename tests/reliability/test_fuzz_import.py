"""Property-based tests of the importer: whatever the bytes, parse_report returns a report or
raises ImportFailed, quickly; importing the same bytes twice never adds a second report."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefapp.errors import ImportFailed
from briefapp.ingest.pipeline import parse_report
from briefapp.library import Library
from tests.reliability.limits import FUZZ, time_limit

NAMES = [
    "report.txt",
    "report.md",
    "page.html",
    "report.pdf",
    "report.docx",
    "noext",
    "page.htm",
    "report.xyz",
    "report.doc",
]
PARSE_SECONDS = 10

# Pieces of Markdown, HTML and ReportLab markup, nested at random below.
TOKENS = [
    "#",
    "## ",
    "\n",
    "\n\n",
    "*",
    "**",
    "_",
    "__",
    "`",
    "```",
    "~~~",
    "> ",
    "- ",
    "1. ",
    "|",
    "---",
    "[",
    "](",
    ")",
    "![",
    "<",
    ">",
    "&",
    "&amp;",
    "&#0;",
    "&#x110000;",
    "<!--",
    "-->",
    "<b>",
    "</b>",
    "<div>",
    "</div>",
    "<p>",
    "<table><tr><td>",
    "<script>",
    "</script>",
    "<font size=300>",
    "<para>",
    "<img src=x>",
    "<br/>",
    "\\",
    "\x00",
    "\r",
    "\t",
    "\u200b",
    "\ufeff",
    "Executive Summary",
    "Outlook",
    "2026-01-05",
    "Niger",
    "word",
    "Ünïcödé",
    "\U0001f600",
]


def nested(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    pairs = [
        ("**", "**"),
        ("*", "*"),
        ("_", "_"),
        ("`", "`"),
        ("[", "](http://example.org)"),
        ("<b>", "</b>"),
        ("<div>", "</div>"),
        ("<ul><li>", "</li></ul>"),
        ("> ", "\n"),
        ("- ", "\n"),
        ("## ", "\n"),
        ("<blockquote>", "</blockquote>"),
        ("<!--", "-->"),
    ]
    return st.builds(
        lambda pair, body: pair[0] + body + pair[1], st.sampled_from(pairs), inner
    ) | st.lists(inner, max_size=4).map("".join)


MARKUP = st.recursive(
    st.lists(st.sampled_from(TOKENS) | st.text(max_size=8), max_size=12).map("".join),
    nested,
    max_leaves=40,
)


def parse_or_fail(data: bytes, name: str) -> None:
    with time_limit(PARSE_SECONDS):
        try:
            report = parse_report(data, name)
        except ImportFailed as exc:
            assert exc.problem and "Traceback" not in exc.problem
            return
    assert report.title.strip()
    assert report.sections and all(s.text.strip() for s in report.sections)
    assert report.content_hash


@FUZZ
@given(
    text=st.text(max_size=2000),
    name=st.sampled_from(NAMES),
    encoding=st.sampled_from(["utf-8", "utf-16", "cp1252", "latin-1", "utf-8-sig"]),
)
def test_any_text_imports_or_fails_cleanly(text, name, encoding):
    parse_or_fail(text.encode(encoding, errors="replace"), name)


@FUZZ
@given(data=st.binary(max_size=4000), name=st.sampled_from(NAMES))
def test_any_bytes_import_or_fail_cleanly(data, name):
    parse_or_fail(data, name)


@FUZZ
@given(
    prefix=st.sampled_from(
        [
            b"",
            b"%PDF-1.4\n",
            b"PK\x03\x04",
            b"<!doctype html>",
            b"\xef\xbb\xbf",
            b"---\ntitle: x\n---\n",
        ]
    ),
    data=st.binary(max_size=3000),
    name=st.sampled_from(NAMES),
)
def test_bytes_that_look_like_a_format_import_or_fail_cleanly(prefix, data, name):
    parse_or_fail(prefix + data, name)


@FUZZ
@given(text=MARKUP, name=st.sampled_from(["report.md", "report.txt", "page.html"]))
def test_nested_markdown_and_markup_import_or_fail_cleanly(text, name):
    parse_or_fail(text.encode("utf-8", errors="surrogatepass"), name)


@pytest.fixture(scope="module")
def shared_library(tmp_path_factory):
    lib = Library(tmp_path_factory.mktemp("fuzz") / "library")
    yield lib
    lib.close()


@FUZZ
@given(
    text=MARKUP | st.text(max_size=500),
    name=st.sampled_from(["report.md", "report.txt", "page.html"]),
)
def test_importing_twice_gives_a_duplicate_and_the_same_count(shared_library, text, name):
    data = text.encode("utf-8", errors="replace")
    with time_limit(PARSE_SECONDS):
        first = shared_library.import_bytes(data, name)
        count = shared_library.count_reports()
        second = shared_library.import_bytes(data, name)
    if first.status == "error":
        assert second.status == "error" and second.error == first.error
    else:
        assert first.status in ("imported", "duplicate")
        assert (second.status, second.report_id) == ("duplicate", first.report_id)
    assert shared_library.count_reports() == count
    assert shared_library.search_index_in_sync()
