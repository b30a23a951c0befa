"""The briefing as an intelligence product: marking schemes, banners, portion marks,
releasable versions, key judgements with the estimative annex, front matter and sources."""

from __future__ import annotations

import re

import pytest
from assessment_samples import SECRET_JUDGEMENT, SECRET_WORD, marked_briefing
from pypdf import PdfReader
from render_samples import all_text, flat, sample_briefing

from briefapp.briefing.markings import SCHEMES, releasable, resolve
from briefapp.errors import BriefappError
from briefapp.models import Brand
from briefapp.render import render_briefing

HIGHEST = {"uk": "SECRET", "us": "SECRET", "nato": "NATO SECRET", "tlp": "TLP:RED"}


def render(briefing, brand: Brand, tmp_path, name: str = "out.pdf") -> PdfReader:
    out = tmp_path / name
    render_briefing(briefing, brand, out)
    return PdfReader(out)


def outline_titles(reader: PdfReader) -> list[str]:
    return [entry.title for entry in reader.outline]


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_banner_is_the_highest_marking_on_every_page_and_the_cover(scheme, default_brand, tmp_path):
    reader = render(marked_briefing(scheme), default_brand, tmp_path)
    banner = HIGHEST[scheme]
    for page in reader.pages:
        lines = [line.strip() for line in page.extract_text().splitlines()]
        assert lines.count(banner) >= 2, (scheme, lines[:3])  # top and bottom bands
    cover = flat(reader.pages[0].extract_text())
    assert f"CLASSIFICATION {banner}" in cover


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_paragraphs_carry_their_items_portion_marks(scheme, default_brand, tmp_path):
    reader = render(marked_briefing(scheme), default_brand, tmp_path)
    text = flat(all_text(reader))
    portions = {s: [lv.portion for lv in SCHEMES[s].levels] for s in SCHEMES}[scheme]
    low, high = portions[0], portions[-2] if scheme != "tlp" else "TLP:RED"
    assert f"({low}) Grain convoys on the Kessara road" in text
    assert f"({low}) Market prices in Orvale" in text  # list items are marked too
    assert f"({high}) Covert reporting indicates" in text or f"({portions[-2]}) Covert" in text


def test_uk_portion_marks_use_the_abbreviations(default_brand, tmp_path):
    text = flat(all_text(render(marked_briefing("uk"), default_brand, tmp_path)))
    assert "(O) Grain convoys" in text
    assert "(S) Covert reporting" in text
    assert "(OS) The provincial governor" in text
    assert "(S) The Brannoc militia will attempt" in text  # key judgement


def test_classification_below_an_item_marking_is_an_error_naming_the_item(default_brand):
    briefing = marked_briefing("uk", classification="OFFICIAL-SENSITIVE")
    with pytest.raises(BriefappError) as caught:
        resolve(briefing, default_brand)
    message = str(caught.value)
    assert "item 2 (Militia preparations)" in message and "SECRET" in message
    assert "judgement 2" in message


def test_classification_at_or_above_the_highest_marking_sets_the_banner(default_brand):
    briefing = marked_briefing("uk", classification="TOP SECRET")
    assert resolve(briefing, default_brand).banner.banner == "TOP SECRET"


def test_unknown_level_or_scheme_is_reported(default_brand):
    briefing = marked_briefing("uk")
    briefing.items[0].marking = "RESTRICTED"
    with pytest.raises(BriefappError, match=r"item 1 .*'RESTRICTED' is not a level of the uk"):
        resolve(briefing, default_brand)
    briefing = marked_briefing("uk")
    briefing.scheme = "gcs"
    with pytest.raises(BriefappError, match="unknown marking scheme 'gcs'"):
        resolve(briefing, default_brand)


def test_releasable_version_leaves_nothing_above_the_level_anywhere(default_brand, tmp_path):
    full = marked_briefing("uk")
    released, withheld = releasable(full, default_brand, "OFFICIAL-SENSITIVE")
    assert withheld == [
        {"item": 2, "heading": "Militia preparations", "marking": "SECRET"},
        {"judgement": 2, "marking": "SECRET"},
    ]
    reader = render(released, default_brand, tmp_path)
    text = all_text(reader)
    assert SECRET_WORD not in text and "Militia preparations" not in text
    assert SECRET_JUDGEMENT not in flat(text)
    assert "Orvale Hill Country Notes" not in text  # its source left the Sources annex too
    assert not re.search(r"\bSECRET\b", text.replace("OFFICIAL-SENSITIVE", ""))
    titles = " ".join(outline_titles(reader))
    assert "Orvale" not in titles and "Militia" not in titles
    contents = flat(reader.pages[2].extract_text())
    assert contents.startswith("OFFICIAL-SENSITIVE") and "Council vote" in contents
    assert "Orvale" not in contents
    meta = " ".join(str(v) for v in reader.metadata.values())
    assert "OFFICIAL-SENSITIVE" in meta and not re.search(r"(?<!-)SECRET", meta)
    raw = (tmp_path / "out.pdf").read_bytes()
    assert SECRET_WORD.encode() not in raw
    for page in reader.pages:
        assert page.extract_text().splitlines()[0].strip() == "OFFICIAL-SENSITIVE"


def test_releasable_banner_is_the_highest_marking_left(default_brand):
    released, withheld = releasable(marked_briefing("uk"), default_brand, "O")
    assert [w.get("item", w.get("judgement")) for w in withheld] == [2, 3, 2]
    assert resolve(released, default_brand).banner.banner == "OFFICIAL"


def test_releasable_drops_a_higher_explicit_classification(default_brand):
    briefing = marked_briefing("uk", classification="SECRET")
    released, _ = releasable(briefing, default_brand, "OFFICIAL-SENSITIVE")
    assert resolve(released, default_brand).banner.banner == "OFFICIAL-SENSITIVE"


def test_releasable_needs_a_scheme_and_a_known_level(default_brand):
    with pytest.raises(BriefappError, match="needs a marking scheme"):
        releasable(sample_briefing(), default_brand, "SECRET")
    with pytest.raises(BriefappError, match="'PUBLIC' is not a level of the uk"):
        releasable(marked_briefing("uk"), default_brand, "PUBLIC")


def test_key_judgements_follow_the_cover_with_terms_and_the_uk_yardstick_annex(
    default_brand, tmp_path
):
    reader = render(marked_briefing("uk"), default_brand, tmp_path)
    page2 = flat(reader.pages[1].extract_text())
    assert "Key Judgements" in page2
    assert "LIKELY (≈55–75 %) · MODERATE CONFIDENCE" in page2
    assert "REALISTIC POSSIBILITY (≈40–50 %) · LOW CONFIDENCE" in page2
    assert outline_titles(reader)[:3] == ["Cover", "Key Judgements", "Contents"]
    text = flat(all_text(reader))
    assert "UK Professional Head of Intelligence Assessment (PHIA), Probability Yardstick" in text
    for term, share in (
        ("Remote chance", "≈0–5 %"),
        ("Highly unlikely", "≈10–20 %"),
        ("Realistic possibility", "≈40–50 %"),
        ("Almost certain (almost certainly)", "≈95–100 %"),
    ):
        assert f"{term} {share}" in text


def test_us_briefing_explains_the_icd_203_scale(default_brand, tmp_path):
    text = flat(all_text(render(marked_briefing("us"), default_brand, tmp_path)))
    assert "Intelligence Community Directive 203" in text
    assert "Roughly even chance (roughly even odds) 45–55 %" in text
    assert "Very likely (highly probable) 80–95 %" in text


def test_cover_shows_date_reference_cutoff_and_distribution_is_printed(default_brand, tmp_path):
    reader = render(marked_briefing("uk"), default_brand, tmp_path)
    cover = flat(reader.pages[0].extract_text())
    assert "DATE 2 November 2026" in cover
    assert "REFERENCE NAG/KES/2026/044" in cover
    assert "INFORMATION CUT-OFF 30 October 2026" in cover
    last = flat(reader.pages[-1].extract_text())
    assert "Distribution Head of Analysis Regional Security Manager Logistics Cell" in last


def test_sources_annex_gives_url_publisher_date_grade_items_and_grades_line(
    default_brand, tmp_path
):
    reader = render(marked_briefing("uk"), default_brand, tmp_path)
    text = flat(all_text(reader))
    assert (
        "Lower Kessara River Watch, bulletin 9 — Tallow Bay Monitoring, 2 October 2026 · "
        "Grade B2 https://example.org/river-watch/9 Used in item 01"
    ) in text
    assert "B2 — usually reliable source, probably true" in text
    assert "C3 — fairly reliable source, possibly true" in text
    links = [
        a.get_object()["/A"].get("/URI")
        for page in reader.pages
        for a in page.get("/Annots", [])
        if "/A" in a.get_object()
    ]
    assert "https://example.org/river-watch/9" in links


def test_brand_defined_scheme_marks_the_banner(default_brand, tmp_path):
    from dataclasses import replace

    brand = replace(
        default_brand,
        marking_scheme="acme",
        markings=(("PUBLIC", "P"), ("INTERNAL", "I"), ("CLOSE HOLD", "CH")),
        estimative="uk",
    )
    briefing = marked_briefing("uk", judgements=[])
    briefing.scheme = "acme"
    for item, level in zip(briefing.items, ("P", "CH", "I"), strict=True):
        item.marking = level
    reader = render(briefing, brand, tmp_path)
    assert reader.pages[3].extract_text().splitlines()[0].strip() == "CLOSE HOLD"
    assert "(CH) Covert reporting" in flat(all_text(reader))


def test_briefing_without_scheme_renders_as_before(default_brand, sample_reader):
    # The old sample: free-text classification, no key judgements, no portion marks.
    assert outline_titles(sample_reader)[:2] == ["Cover", "Contents"]
    text = all_text(sample_reader)
    assert "Key Judgements" not in text and "Estimative language" not in text
    assert "(O) " not in text and "(U) " not in text
    assert sample_reader.pages[1].extract_text().splitlines()[0].strip() == "OFFICIAL"


def test_marked_export_is_byte_reproducible(default_brand, tmp_path):
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    render_briefing(marked_briefing("nato"), default_brand, a)
    render_briefing(marked_briefing("nato"), default_brand, b)
    assert a.read_bytes() == b.read_bytes()
