"""A realistic, entirely fictional briefing for the render tests, and PDF text helpers."""

from __future__ import annotations

from datetime import date, datetime

from briefapp.models import Briefing, BriefingItem, Citation

SAHEL_MONITOR = Citation(
    report_id=1,
    title="Sahel Security Monitor, issue 41",
    publisher="Harmattan Research",
    published=datetime(2025, 8, 19),
    grade="B2",
    source_file="sahel-41.pdf",
)
COASTAL_REVIEW = Citation(
    report_id=2,
    title="Gulf of Guinea Maritime Review",
    publisher="Bight Analytics",
    published=datetime(2025, 9, 3),
    grade="C3",
)
MARKET_NOTE = Citation(
    report_id=3,
    title="Note de conjoncture : l’économie régionale au troisième trimestre",
    publisher="Observatoire économique de Kano-Zinder",
    published=datetime(2025, 10, 1),
    grade="A2",
)

SUMMARY = """\
Security in the northern provinces **deteriorated** over the reporting period, with armed
groups exploiting the rainy season to move between the Ɗanɓaki hills and the river valley.
Local officials in Ƙauran Namoda describe the situation as “fragile but contained”.

- Attacks on markets rose for the third month running.
- Kidnapping for ransom now targets mid-level traders, not only officials:
  - cattle dealers on the Gusau road;
  - grain wholesalers near the border.
- Displacement remains seasonal rather than permanent.

> “We pay the riders before we pay the tax collector,” a trader in Ɓauchi told our researcher.
"""

MARITIME = """\
## Incidents by quarter

| Quarter | Boardings | Kidnappings | Trend |
|---|--:|--:|:--|
| Q4 2024 | 11 | 3 | stable |
| Q1 2025 | 9 | 5 | rising |
| Q2 2025 | 14 | 6 | rising — highest since 2021 |
| Q3 2025 | 8 | 2 | falling |

Most boardings happened at anchorages rather than at sea; see the
[regional reporting centre](https://example.org/maritime-reports) for the raw logs.

### What changed

1. Patrol coverage improved after the joint exercise in July.
2. Crews were taken **ashore** in two cases, which suggests logistics on land.
3. Insurers raised the war-risk premium to 0.15 % of hull value (about €45,000 per call).
"""

ECONOMY = """\
Les prix des céréales ont augmenté de 18 % sur un an ; le sorgho reste l’exception. Les
commerçants de Zinder signalent des délais à la frontière — jusqu’à quatre jours.

Ọjà ọba traders in Ìbàdàn report that *ẹ̀fọ́* and *ṣọ̀kọ̀yọ̀kọ̀tọ̀* prices doubled since June; the
naira’s fall explains most of it.

```
Index (Jan 2025 = 100)   Jun   Jul   Aug   Sep
Sorghum                  104   106   103   101
Millet                   112   118   121   124
```
"""

OUTLOOK = """\
We expect the pattern to hold until the dry season:

1. **Most likely (60 %)** — violence stays at current levels; markets adapt.
2. **Less likely (30 %)** — a negotiated pause around the harvest.
3. **Unlikely (10 %)** — a major attack on a provincial capital.

---

Indicators to watch: fuel prices, livestock movements, and statements by the governor’s office.
"""

OWN_TEXT = """\
# Implications for our operations

Travel on the Gusau road should remain **by convoy only**. Staff should avoid weekly markets
on Thursdays and Fridays, when most incidents occurred.

Our assessment differs from the *Monitor* on one point: we do not see evidence that the groups
coordinate across the border.
"""

HOSTILE = """\
Markup must stay literal: <font size=300>huge</font> <script>alert(1)</script> a<b and AT&T.
Unclosed <b>bold and [a link](javascript:alert(1)) and <img src="/etc/passwd"> and
![map](/etc/passwd) and a [safe link](https://example.org/report?a=1&b=2).
"""


def sample_briefing(**overrides) -> Briefing:
    items = [
        BriefingItem(
            heading="Security situation in the northern provinces",
            text=SUMMARY,
            source=SAHEL_MONITOR,
            section_kind="summary",
            note="Harmattan’s field network is strong in the north-west but thin "
            "in the east; treat the eastern figures with caution.",
        ),
        BriefingItem(
            heading="Maritime security in the Gulf of Guinea",
            text=MARITIME,
            source=COASTAL_REVIEW,
            section_kind="other",
            note="Figures exclude incidents reported only to flag states.",
        ),
        BriefingItem(
            heading="Prix et échanges transfrontaliers",
            text=ECONOMY,
            source=MARKET_NOTE,
            section_kind="summary",
        ),
        BriefingItem(
            heading="Outlook to March 2026",
            text=OUTLOOK,
            source=SAHEL_MONITOR,
            section_kind="outlook",
            edited_text=OUTLOOK + "\nEdited by the analyst.",
        ),
        BriefingItem(heading="", text=OWN_TEXT, source=None),
        BriefingItem(
            heading="",
            text="A short closing remark without any heading.",
            source=None,
            note="Written on the day of issue.",
        ),
    ]
    fields = dict(
        title="Northern Corridor: Security and Markets",
        subtitle="Monthly situation briefing, November 2026",
        author="J. Adébáyọ̀, Regional Desk",
        date=date(2026, 11, 25),
        classification="",
        items=items,
    )
    fields.update(overrides)
    return Briefing(**fields)


def all_text(reader) -> str:
    """The text of every page, whitespace (line breaks included) collapsed to single spaces."""
    return " ".join(flat(page.extract_text()) for page in reader.pages)


def flat(text: str) -> str:
    return " ".join(text.split())
