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
def default_brand():
    return load_brand("default")


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
