"""Generate the binary members of the bundled sample library (one PDF, one DOCX).

Both reports are fictional. Run from anywhere with the project's virtual environment:

    python tools/make_binary_samples.py

Writes, next to this script:
    2026-11-14_gogmm_quarterly-maritime-review-q3.pdf   (reportlab, DejaVu fonts)
    2026-09-30_meridian_chad-transition-eastern-border.docx  (python-docx)

The PDF is built with reportlab's invariant mode so regenerating it gives identical bytes.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent / "resources" / "samples"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")

# --------------------------------------------------------------------------- PDF content

PDF_NAME = "2026-11-14_gogmm_quarterly-maritime-review-q3.pdf"
PDF_PUBLISHER = "Gulf of Guinea Maritime Monitor"
PDF_TITLE = "Quarterly Maritime Security Review: Gulf of Guinea, Q3 2026"
PDF_PUBLISHED = "Published 14 November 2026"
PDF_CREATED = dt.datetime(2026, 11, 14, 9, 0, 0, tzinfo=dt.timezone.utc)
PDF_META = "Countries: Nigeria, Ghana, Togo, Benin · Topics: Maritime, Security, Energy"

PDF_SECTIONS: list[tuple[str, list[str]]] = [
    (
        "Executive Summary",
        [
            "Maritime security in the Gulf of Guinea deteriorated modestly in the third quarter of "
            "2026. We recorded 27 incidents between July and September, compared with 19 in the "
            "previous quarter, including four kidnappings of crew and nine armed robberies at "
            "anchorages. The increase was concentrated off the coasts of Nigeria, Togo and Benin, "
            "while waters off Ghana remained comparatively calm.",
            "The quarter confirmed two trends first noted in our June review: pirate groups are "
            "again willing to operate far offshore, and criminal activity at anchorages is rising "
            "as port congestion keeps vessels waiting longer. Neither trend has yet returned the "
            "region to the levels of 2019–2020, but both point to a loss of the deterrent effect "
            "built up by regional navies over the past five years.",
        ],
    ),
    (
        "Key Developments",
        [
            "Offshore kidnappings. On 3 August, a chemical tanker was boarded 95 nautical miles "
            "south of Brass, and five crew were taken. It was the furthest offshore kidnapping "
            "recorded since 2021. A second attack on 21 September, against a bulk carrier off "
            "Cotonou, followed a similar pattern: a night approach by a fast boat, a boarding "
            "using ladders, and a rapid withdrawal with crew members selected by nationality.",
            "Anchorage crime. Robberies at the outer anchorages of Lomé and Lagos rose sharply. "
            "Most involved the theft of ship’s stores, ropes and engine spare parts by small groups "
            "armed with knives, but in two cases crew were injured. Port authorities in Lomé "
            "responded by adding night patrols and moving the waiting area closer to the shore.",
            "Oil theft and illegal refining. Navy operations in the creeks of the Niger Delta "
            "destroyed more than 60 illegal refining sites during the quarter. Analysts in "
            "Port Harcourt warn that the operations may push some of the young men involved back "
            "towards piracy, as happened after similar crackdowns in the past.",
            "Regional cooperation. The regional maritime coordination centres held a joint "
            "exercise in September involving the navies of Nigeria, Benin, Togo and Ghana. "
            "Information sharing worked well, but the exercise again showed that few patrol "
            "vessels are available for incidents more than 50 nautical miles from the coast.",
        ],
    ),
    (
        "Strategic Outlook",
        [
            "The fourth quarter traditionally brings calmer seas and an increase in small-boat "
            "activity. We expect further kidnapping attempts between October and March, with "
            "tankers and vessels drifting or waiting offshore of Nigeria and Benin the most "
            "exposed. The arrest or disruption of the group responsible for the August and "
            "September attacks would have a strong deterrent effect; in its absence, a return to "
            "one or two kidnappings per month is plausible.",
            "Energy developments will shape the risk picture in 2027. New offshore gas projects "
            "off Ghana and Côte d’Ivoire, and the expansion of floating storage off Nigeria, will "
            "increase the number of high-value assets at sea. Operators should maintain hardened "
            "citadels, keep best-management-practice measures in place even in quieter periods, "
            "report every suspicious approach, and plan ship-to-ship transfers to minimise time "
            "spent stationary in open waters.",
            "We will revise this assessment in our Q4 review, due in February 2027.",
        ],
    ),
]


def make_pdf(path: Path) -> None:
    from reportlab import rl_config

    rl_config.invariant = 1  # reproducible bytes (fixed IDs); the timestamp comes from
    # SOURCE_DATE_EPOCH, set to the publication date so the PDF's CreationDate matches it.
    os.environ["SOURCE_DATE_EPOCH"] = str(int(PDF_CREATED.timestamp()))

    from reportlab.lib.enums import TA_LEFT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    pdfmetrics.registerFont(TTFont("DejaVuSans", str(DEJAVU / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(DEJAVU / "DejaVuSans-Bold.ttf")))

    title = ParagraphStyle("T", fontName="DejaVuSans-Bold", fontSize=22, leading=27, spaceAfter=8)
    meta = ParagraphStyle("M", fontName="DejaVuSans", fontSize=9.5, leading=13, textColor="#444444")
    heading = ParagraphStyle(
        "H", fontName="DejaVuSans-Bold", fontSize=13.5, leading=17, spaceBefore=14, spaceAfter=6
    )
    body = ParagraphStyle(
        "B", fontName="DejaVuSans", fontSize=10.5, leading=15, spaceAfter=7, alignment=TA_LEFT
    )

    def running(canvas, doc) -> None:
        canvas.saveState()
        width, height = A4
        canvas.setFont("DejaVuSans", 8)
        canvas.setFillColor("#555555")
        canvas.drawString(
            20 * mm, height - 12 * mm, f"{PDF_PUBLISHER} — Quarterly Maritime Security Review"
        )
        canvas.drawRightString(width - 20 * mm, height - 12 * mm, "Q3 2026")
        canvas.line(20 * mm, height - 13.5 * mm, width - 20 * mm, height - 13.5 * mm)
        canvas.drawString(20 * mm, 10 * mm, "Fictional sample report · briefapp")
        canvas.drawRightString(width - 20 * mm, 10 * mm, f"Page {doc.page}")
        canvas.restoreState()

    story = [
        Paragraph(PDF_TITLE, title),
        Paragraph(PDF_PUBLISHED, meta),
        Paragraph(PDF_META, meta),
        Spacer(1, 6 * mm),
    ]
    for head, paragraphs in PDF_SECTIONS:
        story.append(Paragraph(head, heading))
        story.extend(Paragraph(p, body) for p in paragraphs)

    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=22 * mm,
        bottomMargin=20 * mm,
        title=PDF_TITLE,
        author=PDF_PUBLISHER,
        subject="Maritime security, Gulf of Guinea",
        creator="briefapp make_binary_samples.py",
    )
    doc.build(story, onFirstPage=running, onLaterPages=running)


# --------------------------------------------------------------------------- DOCX content

DOCX_NAME = "2026-09-30_meridian_chad-transition-eastern-border.docx"
DOCX_TITLE = "Chad: Transition Politics and the Eastern Border"
DOCX_AUTHOR = "Meridian Analytics"
DOCX_CREATED = dt.datetime(2026, 9, 30, 8, 0, 0)

DOCX_SUMMARY = [
    "Chad’s government has consolidated its hold on power since the end of the transition, but "
    "the country faces mounting pressure on its eastern border, where the war in Sudan has "
    "brought more than a million refugees, cross-border trafficking and armed incursions. "
    "Tensions within the security establishment over the response to the Sudan conflict are "
    "the most significant internal risk to stability over the next twelve months.",
    "N’Djamena has diversified its external partnerships after the departure of French forces "
    "in early 2025, and it is seeking new sources of budget support as oil revenue declines. "
    "Budget pressure, rising food prices and the cost of hosting refugees are likely to fuel "
    "social discontent in 2027.",
]
DOCX_DEVELOPMENTS_INTRO = "Developments since our June assessment:"
DOCX_BULLETS = [
    "a reshuffle of senior army commanders in August, including the heads of the eastern military zones;",
    "new restrictions on fuel and vehicle movements towards the Sudanese border around Adré and Tiné;",
    "a series of protests in N’Djamena and Moundou over fuel prices and electricity cuts;",
    "renewed clashes between herders and farmers in the Mandoul and Logone Oriental provinces.",
]
DOCX_TABLE = [
    ("Province", "Refugees hosted (est.)", "Main risk"),
    ("Ouaddaï", "620,000", "Water scarcity, host-community tension"),
    ("Wadi Fira", "260,000", "Cross-border incursions"),
    ("Sila", "140,000", "Access during rainy season"),
    ("Ennedi Est", "90,000", "Trafficking and armed groups"),
]
DOCX_OUTLOOK = [
    "We expect the government to remain in control over the next year, relying on the "
    "security forces and on patronage to manage rivalries within the ruling elite. The most "
    "likely sources of instability are disagreements within the army over policy towards "
    "Sudan, and urban protests if fuel and food prices continue to rise.",
    "Along the eastern border, the risk of incidents involving Sudanese armed groups will "
    "remain high, particularly around Adré. Organisations operating in eastern Chad should "
    "maintain robust security arrangements, pre-position supplies before the rainy season and "
    "monitor developments in North Darfur closely, as changes in the front line there have "
    "direct consequences for the Chadian side of the border.",
]


def make_docx(path: Path) -> None:
    import docx

    document = docx.Document()
    props = document.core_properties
    props.title = DOCX_TITLE
    props.author = DOCX_AUTHOR
    props.created = DOCX_CREATED
    props.modified = DOCX_CREATED
    props.last_modified_by = DOCX_AUTHOR
    props.subject = "Chad, Sudan — Governance, Security, Humanitarian"
    props.keywords = "Chad; Sudan; Governance; Security; Humanitarian"
    props.revision = 1

    document.add_paragraph(DOCX_TITLE, style="Title")
    document.add_paragraph("Meridian Analytics · Central Africa Desk · 30 September 2026")

    document.add_paragraph("Executive Summary", style="Heading 1")
    for text in DOCX_SUMMARY:
        document.add_paragraph(text)

    document.add_paragraph("Key Developments", style="Heading 1")
    document.add_paragraph(DOCX_DEVELOPMENTS_INTRO)
    for text in DOCX_BULLETS:
        document.add_paragraph(text, style="List Bullet")
    table = document.add_table(rows=len(DOCX_TABLE), cols=3)
    table.style = "Table Grid"
    for r, row in enumerate(DOCX_TABLE):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    for cell in table.rows[0].cells:
        for run in cell.paragraphs[0].runs:
            run.bold = True

    document.add_paragraph("Strategic Outlook", style="Heading 1")
    for text in DOCX_OUTLOOK:
        document.add_paragraph(text)

    document.save(str(path))


def main() -> None:
    make_pdf(HERE / PDF_NAME)
    make_docx(HERE / DOCX_NAME)
    for name in (PDF_NAME, DOCX_NAME):
        print(f"wrote {HERE / name} ({(HERE / name).stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
