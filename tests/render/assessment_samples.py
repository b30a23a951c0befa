"""A fictional marked assessment for the tradecraft tests: portion marks, judgements, front
matter and sources with web addresses."""

from __future__ import annotations

from datetime import date, datetime

from briefapp.models import Briefing, BriefingItem, Citation, Judgement

RIVER_WATCH = Citation(
    report_id=11,
    title="Lower Kessara River Watch, bulletin 9",
    publisher="Tallow Bay Monitoring",
    published=datetime(2026, 10, 2),
    grade="B2",
    url="https://example.org/river-watch/9",
)
HILL_NOTES = Citation(
    report_id=12,
    title="Orvale Hill Country Notes",
    publisher="Cinder Lane Research",
    published=datetime(2026, 10, 20),
    grade="C3",
)

OPEN_TEXT = """\
Grain convoys on the Kessara road moved on schedule through October, and the ferry at
Duvel Crossing reopened after the floods.

- Market prices in Orvale fell for the second week.
- Fuel queues shortened in the provincial capital.
"""
SECRET_TEXT = """\
Covert reporting indicates the Brannoc militia is stockpiling fuel at the old quarry near
Sallow Fen, ahead of a move on the ferry crossing.
"""
SENSITIVE_TEXT = """\
The provincial governor privately expects to lose the Duvel district council vote.
"""

SECRET_WORD = "Sallow Fen"  # appears only in the SECRET item
SECRET_JUDGEMENT = "Brannoc militia will attempt to seize the Duvel ferry"


def marked_briefing(scheme: str = "uk", **overrides: object) -> Briefing:
    """A three-item assessment: OFFICIAL, SECRET and OFFICIAL-SENSITIVE portions (uk)."""
    levels = {
        "uk": ("O", "S", "OS"),
        "us": ("U", "S", "C"),
        "nato": ("NU", "NS", "NC"),
        "tlp": ("TLP:CLEAR", "TLP:RED", "TLP:AMBER"),
    }[scheme]
    briefing = Briefing(
        title="Kessara Valley: Weekly Assessment",
        subtitle="Week 44",
        author="Valley Desk",
        date=date(2026, 11, 2),
        scheme=scheme,
        reference="NAG/KES/2026/044",
        cutoff=date(2026, 10, 30),
        distribution=["Head of Analysis", "Regional Security Manager", "Logistics Cell"],
        judgements=[
            Judgement(
                "Grain deliveries through the valley will continue at current levels.",
                likelihood="likely",
                confidence="moderate",
                marking=levels[0],
            ),
            Judgement(
                f"The {SECRET_JUDGEMENT} before the end of November.",
                likelihood="realistic possibility" if scheme == "uk" else "roughly even chance",
                confidence="low",
                marking=levels[1],
            ),
        ],
        items=[
            BriefingItem("Logistics", OPEN_TEXT, source=RIVER_WATCH, marking=levels[0]),
            BriefingItem("Militia preparations", SECRET_TEXT, source=HILL_NOTES, marking=levels[1]),
            BriefingItem("Council vote", SENSITIVE_TEXT, marking=levels[2]),
        ],
    )
    for key, value in overrides.items():
        setattr(briefing, key, value)
    return briefing
