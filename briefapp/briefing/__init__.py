"""Briefings: composing items from report sections and own text, storing and exchanging them."""

from briefapp.briefing.compose import item_from_section, own_text_item, quick_briefing
from briefapp.briefing.spec import briefing_from_spec, briefing_to_toml, read_spec
from briefapp.briefing.store import delete_briefing, list_briefings, load_briefing, save_briefing

__all__ = [
    "item_from_section",
    "own_text_item",
    "quick_briefing",
    "briefing_from_spec",
    "briefing_to_toml",
    "read_spec",
    "delete_briefing",
    "list_briefings",
    "load_briefing",
    "save_briefing",
]
