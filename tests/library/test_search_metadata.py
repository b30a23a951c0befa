"""Search finds reports by their metadata and by English word forms; quoted phrases stay
exact; the report's web address is kept."""

from __future__ import annotations

from briefapp.library import Library
from tests.conftest import both_backends

LAGOON_REPORT = """---
title: Lagoon Port Tender Reopens
publisher: Coastal Ledger Monitor
countries: [Côte d'Ivoire]
topics: [Maritime Security]
url: https://coastal-ledger.example/reports/lagoon-port-tender
---

# Executive Summary

The authorities are consolidating control of the lagoon terminals after two robberies of
container yards last month.

# Strategic Outlook

The consolidation of customs posts should continue into the dry season.
"""

PLAIN_REPORT = """Fishing Cooperative Elections Postponed

Executive Summary
The cooperative postponed its vote again after a robbery at the harbour office.
"""


def _ids(hits: list) -> set[int]:
    return {h.report_id for h in hits}


def _import(library: Library) -> tuple[int, int]:
    lagoon = library.import_bytes(LAGOON_REPORT.encode(), "lagoon.md")
    plain = library.import_bytes(PLAIN_REPORT.encode(), "plain.txt")
    assert lagoon.report_id and plain.report_id
    return lagoon.report_id, plain.report_id


@both_backends
def test_a_country_alias_finds_the_reports_tagged_with_that_country(library):
    lagoon, _ = _import(library)
    assert "Ivory Coast" not in library.get_report(lagoon).sections[0].text
    assert _ids(library.search("Ivory Coast")) == {lagoon}
    assert _ids(library.search("Cote d'Ivoire")) == {lagoon}


@both_backends
def test_topic_publisher_and_tag_find_their_reports(library):
    lagoon, plain = _import(library)
    assert lagoon in _ids(library.search("maritime security"))
    assert _ids(library.search("Coastal Ledger")) == {lagoon}
    library.update_report(plain, tags=["Watchlist Kilo"])
    assert _ids(library.search("kilo")) == {plain}
    library.update_report(plain, tags=[])
    assert library.search("kilo") == []
    assert library.search_index_in_sync()


@both_backends
def test_corrected_countries_are_searchable_at_once(library):
    _, plain = _import(library)
    assert library.search("Senegal") == []
    library.update_report(plain, countries=["Senegal"])
    assert _ids(library.search("Senegal")) == {plain}
    assert library.search_index_in_sync()


@both_backends
def test_english_word_forms_match(library):
    lagoon, plain = _import(library)
    assert lagoon in _ids(library.search("consolidation"))
    assert lagoon in _ids(library.search("consolidating"))
    assert _ids(library.search("robbery")) == {lagoon, plain}
    assert _ids(library.search("robberies")) == {lagoon, plain}


@both_backends
def test_a_quoted_phrase_stays_exact(library):
    lagoon, plain = _import(library)
    assert _ids(library.search('"two robberies"')) == {lagoon}
    assert library.search('"two robbery"') == []
    assert _ids(library.search('"robberies"')) == {lagoon}
    # A word and an exact phrase together: the word by its forms, the phrase as written.
    assert _ids(library.search('consolidate "container yards"')) == {lagoon}


@both_backends
def test_prefixes_search_words_as_written(library):
    lagoon, plain = _import(library)
    assert _ids(library.search("robber*")) == {lagoon, plain}
    assert _ids(library.search("consolidat*")) == {lagoon}


@both_backends
def test_text_filter_of_the_list_uses_the_same_rules(library):
    from briefapp.library import ReportFilter

    lagoon, plain = _import(library)
    assert set(library.report_ids(ReportFilter(text="robberies"))) == {lagoon, plain}
    assert set(library.report_ids(ReportFilter(text='"two robbery"'))) == set()
    assert set(library.report_ids(ReportFilter(text="Ivory Coast"))) == {lagoon}
    facets = library.facets(ReportFilter(text="Ivory Coast"))
    assert ("Côte d'Ivoire", 1) in facets["country"]


@both_backends
def test_the_web_address_is_kept(library):
    lagoon, plain = _import(library)
    assert library.get_report(lagoon).url == (
        "https://coastal-ledger.example/reports/lagoon-port-tender"
    )
    assert library.get_report(plain).url is None


def test_word_forms_come_from_the_librarys_own_words_and_only_share_a_stem(library):
    """Forms are the library's words with the same English stem: "robber" is another word."""
    lagoon, plain = _import(library)
    robber = library.import_bytes(
        b"Harbour Watch\n\nExecutive Summary\nA robber was seen near the dhow moorings.\n",
        "robber.txt",
    ).report_id
    assert _ids(library.search("robberies")) == {lagoon, plain}
    assert _ids(library.search("robber")) == {robber}
    assert _ids(library.search("robber*")) == {lagoon, plain, robber}
    # A word the library never saw matches nothing, and every typed text stays valid.
    assert library.search("zxqvw") == []
    assert library.search('( OR ") AND robberies*') is not None
    # A prefix and a bare word together: the bare word still by its forms.
    assert _ids(library.search("consolidating harb*")) == set()
    assert _ids(library.search("robberies harb*")) == {plain}


def test_an_accented_word_finds_its_forms_without_diacritics(library):
    report = library.import_bytes(
        "Café Owners\n\nExecutive Summary\nThe cafés of Abidjan reopened.\n".encode(),
        "cafes.txt",
    ).report_id
    assert _ids(library.search("café")) == {report}
    assert _ids(library.search("CAFE")) == {report}


def test_a_snippet_cut_from_a_table_reads_as_cells_without_stray_dots():
    from briefapp.library.search import plain_snippet

    snippet = "| Port | Delay |\n|---|---|\n| **Lomé** | | 4 days |"
    assert plain_snippet(snippet) == "Port · Delay · Lomé · 4 days"
    assert plain_snippet("…cargo | | 12 | tonnes…") == "…cargo · 12 · tonnes…"


@both_backends
def test_a_word_written_with_combining_accents_is_one_word(library):
    """Yoruba tone marks on dotted vowels have no precomposed letters: "Amọ̀tẹ́kùn" is written
    with combining accents, and a search pasted from the text must still find it."""
    word = "Amo\u0323\u0300te\u0323\u0301ku\u0300n"  # (o, dot below, grave; e, dot below, acute)
    text = f"Ondo Patrols\n\nSummary\nThe {word} corps patrolled the Ondo farm roads.\n"
    report = library.import_bytes(text.encode(), "ondo.txt").report_id
    assert _ids(library.search(word)) == {report}
    assert _ids(library.search("amotekun")) == {report}
    assert _ids(library.search(f'"{word} corps"')) == {report}
