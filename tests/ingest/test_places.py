"""Countries from demonyms, towns and name variants, and the traps of look-alike names."""

from __future__ import annotations

import pytest

from briefapp.ingest.countries import find_countries, normalise_country
from briefapp.ingest.pipeline import parse_report


def test_lake_chad_smuggling_page_names_its_four_countries():
    text = (
        "Fuel from Nigerian depots and Cameroonian supply keeps the lake's boat traffic going. "
        "Canoes load jerrycans at Diffa, cross to Bol and sell on towards N'Djamena."
    )
    assert sorted(find_countries(text)) == ["Cameroon", "Chad", "Niger", "Nigeria"]


@pytest.mark.parametrize(
    "text, country",
    [
        ("Malian troops withdrew from the post.", "Mali"),
        ("Nigerien officials closed the crossing.", "Niger"),
        ("Burkinabè volunteers manned the checkpoint.", "Burkina Faso"),
        ("Burkinabe volunteers manned the checkpoint.", "Burkina Faso"),
        ("Nigerian goods fill the market.", "Nigeria"),
        ("Two Chadians and a Cameroonian were held.", "Chad"),
        ("The Ivorian navy patrolled.", "Côte d'Ivoire"),
    ],
)
def test_demonyms_name_their_country(text, country):
    assert find_countries(text)[0] == country


def test_niger_and_nigeria_never_stand_for_each_other():
    assert find_countries("Nigerian traders crossed at dawn.") == ["Nigeria"]
    assert find_countries("Nigerien traders crossed at dawn.") == ["Niger"]
    assert find_countries("Niger's junta and Nigeria's army met.") == ["Niger", "Nigeria"]
    assert find_countries("Floods along the Niger River and in the Niger Delta.") == ["Nigeria"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Guinea-Bissau held a vote.", ["Guinea-Bissau"]),
        ("Guinea Bissau held a vote.", ["Guinea-Bissau"]),
        ("Bissau-Guinean fishermen protested.", ["Guinea-Bissau"]),
        (
            "Equatorial Guinea and Papua New Guinea signed.",
            ["Equatorial Guinea", "Papua New Guinea"],
        ),
        ("Guinean soldiers and Guinea's junta.", ["Guinea"]),
        ("South Sudan and South Sudanese refugees.", ["South Sudan"]),
        ("Sudanese army units in Sudan.", ["Sudan"]),
        ("The Dominican Republic, not Dominica.", ["Dominican Republic", "Dominica"]),
        (
            "DR Congo and the Congo-Brazzaville border.",
            ["Democratic Republic of the Congo", "Congo"],
        ),
    ],
)
def test_longest_name_wins_over_the_shorter_country_inside_it(text, expected):
    assert find_countries(text) == expected


def test_towns_name_their_country():
    assert find_countries("Protesters gathered in Niamey and Agadez.") == ["Niger"]
    assert find_countries("Shelling hit Kousséri overnight.") == ["Cameroon"]
    assert find_countries("Shelling hit Kousseri overnight.") == ["Cameroon"]
    assert find_countries("Trucks left Ndjamena at dawn.") == ["Chad"]


def test_a_town_shared_by_two_countries_goes_to_the_one_the_report_names():
    # Gao is a large town in Mali and a small one in Burkina Faso.
    assert find_countries("Burkina Faso said convoys near Gao were attacked.") == ["Burkina Faso"]
    assert find_countries("Mali said convoys near Gao were attacked.") == ["Mali"]


def test_a_shared_town_name_goes_to_the_much_larger_town_or_to_none():
    # Lagos, Nigeria, is hundreds of times larger than Lagos, Portugal.
    assert find_countries("Port congestion in Lagos worsened.") == ["Nigeria"]
    # Gao, Mali (133,000 people), is five times Gao, Burkina Faso (26,000): just enough
    assert find_countries("Fighting near Gao resumed.") == ["Mali"]
    # Congolese alone says Congo or DR Congo: no country unless one is named
    assert find_countries("Congolese soldiers crossed.") == []
    assert find_countries("Congolese soldiers crossed into the DRC.") == [
        "Democratic Republic of the Congo"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Most analysts expect the talks to fail.",
        "Of the three options, none is good.",
        "The African Union met at the Bar association.",
        "Union leaders called a strike.",
        "MOST LIKELY SCENARIO",
        "Gold prices rose. Security forces patrolled. Phoenix rose.",
        "Yahaya met Governor Kano officials.",
    ],
)
def test_common_words_that_are_also_town_names_name_no_country(text):
    assert find_countries(text) == []


def test_town_names_in_lower_case_or_beside_another_name_are_not_towns():
    assert find_countries("the diffa of it") == []
    assert find_countries("Kano Pillars won the match.") == []
    assert find_countries("Kano State closed its schools.") == ["Nigeria"]


def test_name_variants_of_countries_are_recognised():
    assert normalise_country("Burma") == "Myanmar"
    assert normalise_country("Republic of Niger") == "Niger"
    assert normalise_country("Nigerien") is None  # a demonym is no declared country
    assert find_countries("Ivory Coast and Côte d’Ivoire") == ["Côte d'Ivoire"]


def test_declared_countries_stand_over_text_derived_ones():
    text = (
        "Location\nChad\n\nBorder Closure Hits Traders\n\n"
        "Nigerian and Cameroonian traders in Diffa lost their stock.\n"
    )
    report = parse_report(text.encode(), "declared.txt")
    assert report.countries == ["Chad"]


def test_reports_without_declared_countries_get_those_their_text_names():
    text = (
        "Border Closure Hits Traders\n\n"
        "Nigerian and Cameroonian traders in Diffa lost their stock near Bol.\n"
    )
    report = parse_report(text.encode(), "derived.txt")
    assert sorted(report.countries) == ["Cameroon", "Chad", "Niger", "Nigeria"]
