"""Fixtures of the render tests: bundled brands and rendered sample briefings."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

sys.path.insert(0, str(Path(__file__).parent))

from render_samples import sample_briefing  # noqa: E402

from briefapp.brands import load_brand  # noqa: E402
from briefapp.render import render_briefing  # noqa: E402


@pytest.fixture(scope="session")
def default_brand(tmp_path_factory):
    """The bundled default brand (neutral) as a user names it: organisation, handling."""
    from briefapp.brands.editing import draft_from_brand, save_brand

    draft = draft_from_brand(load_brand("default"))
    draft.organisation = "Northbridge Analysis Group"
    draft.classification = "OFFICIAL"
    draft.handling = (
        "Prepared for the named recipients. Do not forward outside your organisation"
        " without the author's agreement."
    )
    draft.disclaimer = (
        "Northbridge Analysis Group accepts no liability for decisions taken on the basis"
        " of this document."
    )
    return save_brand(draft, tmp_path_factory.mktemp("brands"))


@pytest.fixture(scope="session")
def meridian_brand():
    return load_brand("meridian")


@pytest.fixture(scope="session")
def sample_pdf(tmp_path_factory, default_brand) -> Path:
    out = tmp_path_factory.mktemp("render") / "sample.pdf"
    render_briefing(sample_briefing(), default_brand, out)
    return out


@pytest.fixture(scope="session")
def sample_reader(sample_pdf) -> PdfReader:
    return PdfReader(sample_pdf)
