"""Web pages built to cost work: thousands of nested lists, megabytes of tiny elements.

Each one gives a clear per-file error (or a clean import) in bounded work, and the good page
imported beside it is stored all the same (issue 17, item 5).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefapp.errors import ImportFailed
from briefapp.ingest import html
from briefapp.ingest.html_blocks import MAX_NESTING
from briefapp.library import Library
from tests.reliability.limits import time_limit

GOOD_PAGE = (
    "<html><head><title>Convoy attacks rise near Agadez</title></head><body><article>"
    "<p>Gunmen stopped a fuel convoy near Agadez and seized its cargo on Tuesday.</p>"
    "</article></body></html>"
)


def nested_lists(depth: int) -> str:
    """A ~32 KB page of ``depth`` nested <ul><li> (the adversarial review's 4,000)."""
    return (
        "<html><body><article><p>Convoy routes near Agadez, item by item.</p>"
        + "<ul><li>route" * depth
        + "</li></ul>" * depth
        + "</article></body></html>"
    )


def bold_flood(megabytes: int) -> str:
    """``megabytes`` MB of ``<b>a</b>`` in one paragraph (the review's 10 MB took 40 s, 1.6 GB)."""
    return "<html><body><p>" + "<b>a</b>" * (megabytes * 2**20 // 8) + "</p></body></html>"


def test_four_thousand_nested_lists_are_a_clear_error():
    with time_limit(30), pytest.raises(ImportFailed, match="nests its markup too deeply"):
        html.extract(nested_lists(4000).encode(), "lists.html")


def test_nested_lists_within_the_limit_are_read_with_bounded_indentation():
    e = html.extract(nested_lists(60).encode(), "lists.html")
    listing = next(b.text for b in e.blocks if b.kind == "list")
    deepest = max(len(line) - len(line.lstrip(" ")) for line in listing.splitlines())
    # Nesting past MAX_NESTING levels is flattened into one item, not indented further.
    assert deepest <= 2 * MAX_NESTING + 2
    assert listing.count("route") == 60


def test_ten_megabytes_of_bold_elements_are_refused_before_parsing():
    data = bold_flood(10).encode()
    assert len(data) > 10_000_000
    with (
        time_limit(30),
        pytest.raises(ImportFailed, match=r"too much markup.*the limit is 250,000"),
    ):
        html.extract(data, "bold.html")


def test_a_page_past_the_byte_limit_is_refused_before_parsing():
    data = ("<html><body><p>" + "convoy " * 3_000_000 + "</p></body></html>").encode()
    with time_limit(30), pytest.raises(ImportFailed, match="too large to read.*limit is 20 MB"):
        html.extract(data, "big.html")


def test_bombs_fail_alone_and_the_good_page_beside_them_is_stored(tmp_path: Path):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "good.html").write_text(GOOD_PAGE, encoding="utf-8")
    (folder / "lists.html").write_text(nested_lists(4000), encoding="utf-8")
    (folder / "bold.html").write_text(bold_flood(10), encoding="utf-8")
    with time_limit(60), Library(tmp_path / "library") as lib:
        results = {Path(r.path).name: r for r in lib.import_paths([folder])}
    assert results["good.html"].status == "imported"
    for name in ("lists.html", "bold.html"):
        assert results[name].status == "error"
        assert "Traceback" not in (results[name].error or "")
