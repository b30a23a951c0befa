"""Topics derived from the bundled vocabulary for reports that declare none."""

from __future__ import annotations

import tomllib

from briefapp.ingest.pipeline import parse_report
from briefapp.ingest.topics import guess_topics
from briefapp.resources import resource_path


def test_the_vocabulary_ships_in_resources_with_keywords_for_every_topic():
    with resource_path("topics.toml").open("rb") as fh:
        topics = tomllib.load(fh)["topics"]
    assert {"Elections", "Mining", "Maritime", "Food Security", "Cyber"} <= set(topics)
    assert all(entry["keywords"] for entry in topics.values())


def test_a_keyword_in_the_title_is_enough():
    assert guess_topics("Ballot Stuffing Claims Cloud the Count", "The count went on.") == [
        "Elections"
    ]


def test_two_keyword_hits_in_the_summary_give_a_topic():
    summary = "Pirates boarded a tanker at anchor. The vessel's crew were taken ashore."
    assert "Maritime" in guess_topics("Night Incident Off the Coast", summary)


def test_a_single_passing_keyword_gives_no_topic():
    assert guess_topics("Weekly Notes", "The minister mentioned fuel once.") == []


def test_word_forms_match():
    summary = "Kidnappers took two engineers; their kidnapping was followed by a ransom demand."
    assert guess_topics("Week in Review", summary) == ["Organised Crime"]


def test_at_most_three_topics_strongest_first():
    summary = (
        "Refugees and displaced families fled the fighting. Gunmen attacked the camp. "
        "The junta issued a decree. Cholera and measles spread. Protesters marched."
    )
    topics = guess_topics("Refugee Camp Crisis", summary)
    assert len(topics) == 3
    assert topics[0] == "Humanitarian"


def test_a_report_without_topics_gets_them_from_title_and_summary():
    text = (
        "Galamsey Crews Return to the River Banks\n\n"
        "Summary\n"
        "Artisanal miners have reopened pits along the river; gold buyers followed the miners.\n\n"
        "Background\n"
        "Farmers say the water is unusable. Election posters line the road.\n"
    )
    report = parse_report(text.encode(), "galamsey.txt")
    assert report.topics == ["Mining"]  # the election poster in the body is no topic


def test_declared_topics_are_kept():
    text = (
        "When\n3 March 2026\nTopic\nGovernance\n\n"
        "Galamsey Crews Return to the River Banks\n\n"
        "Summary\nArtisanal miners have reopened pits; gold buyers followed the miners.\n"
    )
    report = parse_report(text.encode(), "declared.txt")
    assert report.topics == ["Governance"]
