"""The window shows every script the PDF export prints: the bundled script fonts are registered
with Qt, so a desktop without Arabic, Devanagari, Thai or CJK fonts still shows such names."""

from __future__ import annotations

import pytest

from briefapp.gui.qt import QFont, QFontMetrics
from briefapp.gui.theme import register_script_fonts

pytestmark = pytest.mark.gui

SAMPLES = {
    "Noto Naskh Arabic": "مدينة الواحة",
    "Noto Sans Hebrew": "בית שאן",
    "Noto Sans Devanagari": "रामनगर",
    "Noto Sans Thai": "บ้านนา",
    "Droid Sans Fallback": "北京港",
}


def test_the_bundled_script_fonts_cover_their_scripts(qapp):
    families = set(register_script_fonts())
    assert set(SAMPLES) <= families
    for family, text in SAMPLES.items():
        metrics = QFontMetrics(QFont(family, 12))
        assert all(metrics.inFontUcs4(ord(ch)) for ch in text if not ch.isspace()), family
