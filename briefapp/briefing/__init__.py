"""Briefings: composing items from report sections and own text, and exchanging them as specs.

Pure: saved briefings live in the library (``Library.save_briefing`` and friends).
"""

from briefapp.briefing.compose import item_from_section, own_text_item, quick_briefing
from briefapp.briefing.spec import briefing_from_spec, briefing_to_toml, read_spec

__all__ = [
    "item_from_section",
    "own_text_item",
    "quick_briefing",
    "briefing_from_spec",
    "briefing_to_toml",
    "read_spec",
]
