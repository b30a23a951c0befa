"""Saved briefings keep their scheme, front matter, judgements, portion marks and source URLs;
briefings saved before them load unchanged."""

from __future__ import annotations

from datetime import date

from briefapp.briefing import briefing_to_toml
from briefapp.models import Briefing, BriefingItem, Citation, Judgement
from tests.conftest import both_backends


@both_backends
def test_saved_briefing_keeps_markings_judgements_and_front_matter(library):
    briefing = Briefing(
        title="Kessara Valley Assessment",
        scheme="nato",
        reference="NAG/KES/2026/044",
        cutoff=date(2026, 10, 30),
        distribution=["Head of Analysis", "Logistics Cell"],
        judgements=[Judgement("The ferry will reopen.", "likely", "moderate", "NR")],
        items=[
            BriefingItem(
                "Roads",
                "The road is open.",
                source=Citation(7, "River Watch", url="https://example.org/rw/9"),
                marking="NC",
            ),
            BriefingItem("Own view", "Our view.", marking=""),
        ],
    )
    saved = library.save_briefing(briefing)
    loaded = library.load_briefing(saved.id)
    assert loaded.scheme == "nato" and loaded.reference == "NAG/KES/2026/044"
    assert loaded.cutoff == date(2026, 10, 30)
    assert loaded.distribution == ["Head of Analysis", "Logistics Cell"]
    assert loaded.judgements == briefing.judgements
    assert [i.marking for i in loaded.items] == ["NC", ""]
    assert loaded.items[0].source.url == "https://example.org/rw/9"


@both_backends
def test_briefing_without_the_new_fields_loads_with_empty_values(library):
    saved = library.save_briefing(Briefing(title="Plain", items=[BriefingItem("A", "text")]))
    loaded = library.load_briefing(saved.id)
    assert (loaded.scheme, loaded.reference, loaded.cutoff) == ("", "", None)
    assert loaded.distribution == [] and loaded.judgements == []
    assert loaded.items[0].marking == ""


def test_spec_written_from_a_briefing_keeps_the_new_fields():
    briefing = Briefing(
        title="T",
        scheme="uk",
        reference="R-1",
        cutoff=date(2026, 10, 30),
        distribution=["Desk"],
        judgements=[Judgement("X.", "likely", "high", "OS")],
        items=[BriefingItem("Own", "text", marking="S")],
    )
    spec = briefing_to_toml(briefing)
    for line in (
        'scheme = "uk"',
        'reference = "R-1"',
        'cutoff = "2026-10-30"',
        'distribution = ["Desk"]',
        "[[judgements]]",
        'likelihood = "likely"',
        'marking = "OS"',
        'marking = "S"',
    ):
        assert line in spec
