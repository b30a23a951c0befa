"""`briefapp export --max-marking` (releasable versions) and `briefapp lint` (estimative
language) through the command line, with specs using the tradecraft fields."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from tests.conftest import TEXT_FILES


@pytest.fixture
def report_id(cli):
    rows = cli("import", "--json", *TEXT_FILES).json
    return next(r["report_id"] for r in rows if r["path"].endswith("header_labels_full.txt"))


def marked_spec(tmp_path, report_id: int, extra: str = "") -> str:
    spec = tmp_path / "assessment.toml"
    spec.write_text(
        f"""
title = "Kessara Valley Assessment"
scheme = "us"
date = 2026-11-02
reference = "NAG/KES/2026/044"
cutoff = "2026-10-30"
distribution = ["Head of Analysis", "Logistics Cell"]
{extra}
[[judgements]]
text = "Grain deliveries will continue at current levels."
likelihood = "likely"
confidence = "moderate"
marking = "U"

[[judgements]]
text = "The Brannoc militia will seize the Duvel ferry."
likelihood = "roughly even chance"
confidence = "low"
marking = "TOP SECRET"

[[items]]
report = {report_id}
section = "Executive Summary"
marking = "C"

[[items]]
markdown = "## Quarry stockpile\\n\\nFuel is stockpiled at the quarry near Sallow Fen."
marking = "TS"

[[items]]
markdown = "## Roads\\n\\nThe Kessara road is open to convoys."
marking = "UNCLASSIFIED"
""",
        encoding="utf-8",
    )
    return str(spec)


def pdf_text(path) -> str:
    reader = PdfReader(path)
    return "\n".join(page.extract_text() for page in reader.pages)


def test_export_reports_the_banner_marking_in_json(cli, report_id, tmp_path):
    out = tmp_path / "full.pdf"
    result = cli("export", marked_spec(tmp_path, report_id), "-o", out, "--json")
    assert result.code == 0, result.err
    assert result.json["marking"] == "TOP SECRET" and result.json["withheld"] == []
    assert "Sallow Fen" in pdf_text(out)


def test_max_marking_writes_a_releasable_version_and_lists_what_was_withheld(
    cli, report_id, tmp_path
):
    out = tmp_path / "release.pdf"
    spec = marked_spec(tmp_path, report_id)
    result = cli("export", spec, "-o", out, "--max-marking", "CONFIDENTIAL", "--json")
    assert result.code == 0, result.err
    assert result.json["marking"] == "CONFIDENTIAL"
    assert result.json["items"] == 2
    assert result.json["withheld"] == [
        {"item": 2, "heading": "Quarry stockpile", "marking": "TOP SECRET"},
        {"judgement": 2, "marking": "TOP SECRET"},
    ]
    reader = PdfReader(out)
    text = pdf_text(out)
    assert "Sallow Fen" not in text and "Quarry stockpile" not in text
    assert "Duvel ferry" not in text and "TOP SECRET" not in text
    assert all("Quarry" not in entry.title for entry in reader.outline)
    assert "TOP SECRET" not in str(reader.metadata.get("/Keywords"))
    assert reader.pages[0].extract_text().splitlines()[0].strip() == "CONFIDENTIAL"


def test_max_marking_without_a_scheme_is_a_clear_error(cli, report_id, tmp_path):
    spec = tmp_path / "plain.toml"
    spec.write_text(
        f'title = "Plain"\n[[items]]\nreport = {report_id}\nsection = "Executive Summary"\n',
        encoding="utf-8",
    )
    out = tmp_path / "plain.pdf"
    result = cli("export", spec, "-o", out, "--max-marking", "SECRET")
    assert result.code == 1 and "needs a marking scheme" in result.err
    assert not out.exists()


def test_classification_below_an_item_marking_fails_naming_the_item(cli, report_id, tmp_path):
    spec = marked_spec(tmp_path, report_id, extra='classification = "SECRET"')
    out = tmp_path / "wrong.pdf"
    result = cli("export", spec, "-o", out)
    assert result.code == 1
    assert "item 2 (Quarry stockpile) is marked TOP SECRET" in result.err
    assert "Traceback" not in result.err and not out.exists()


def test_old_spec_exports_with_its_free_classification(cli, report_id, tmp_path):
    spec = tmp_path / "old.toml"
    spec.write_text(
        f'title = "Old"\nclassification = "RESTRICTED"\n[[items]]\nreport = {report_id}\n'
        'section = "Executive Summary"\n',
        encoding="utf-8",
    )
    result = cli("export", spec, "-o", tmp_path / "old.pdf", "--json")
    assert result.code == 0, result.err
    assert result.json["marking"] == "RESTRICTED" and result.json["withheld"] == []


def test_lint_finds_vague_wording_mixed_scales_and_judgements_without_likelihood(
    cli, report_id, tmp_path
):
    spec = tmp_path / "lint.toml"
    spec.write_text(
        """
title = "Lint me"
scheme = "uk"
[[judgements]]
text = "The ferry will reopen."
[[judgements]]
text = "Prices will fall."
likelihood = "very likely"
[[items]]
markdown = "## Roads\\n\\nThe militia may close the road. We have high confidence it is likely."
note = "Perhaps the governor resigns."
""",
        encoding="utf-8",
    )
    result = cli("lint", spec, "--json")
    assert result.code == 1
    found = {f["item"]: [] for f in result.json}
    for f in result.json:
        found[f["item"]].append(f["problem"])
        assert set(f) == {"item", "text", "problem", "suggestion"}
    assert any('vague probability wording "may"' in p for p in found["item 1"])
    assert any("confidence level and a likelihood term" in p for p in found["item 1"])
    assert any('"Perhaps"' in p for p in found["item 1 note"])
    assert found["judgement 1"] == ["a key judgement with no likelihood"]
    assert "two scales mixed" in found["judgement 2"][0]
    mixed = next(f for f in result.json if f["item"] == "judgement 2")
    assert mixed["suggestion"] == 'write "highly likely"'


def test_lint_of_clean_spec_exits_zero(cli, report_id, tmp_path):
    spec = tmp_path / "clean.toml"
    spec.write_text(
        """
title = "Clean"
scheme = "us"
[[judgements]]
text = "Grain deliveries will continue."
likelihood = "likely"
confidence = "high"
[[items]]
markdown = "## Roads\\n\\nThe Kessara road is very likely to stay open."
""",
        encoding="utf-8",
    )
    result = cli("lint", spec, "--json")
    assert result.code == 0, result.out
    assert result.json == []
    plain = cli("lint", spec)
    assert plain.code == 0 and "0 findings" in plain.err


def test_spec_rejects_unknown_likelihood_and_confidence(cli, report_id, tmp_path):
    spec = tmp_path / "bad.toml"
    spec.write_text(
        """
title = "Bad"
[[judgements]]
text = "X."
likelihood = "somewhat plausible"
confidence = "extreme"
[[items]]
markdown = "text"
""",
        encoding="utf-8",
    )
    result = cli("lint", spec)
    assert result.code == 1
    assert "judgement 1: likelihood 'somewhat plausible' is not a term" in result.err
    assert "confidence must be low, moderate or high" in result.err
