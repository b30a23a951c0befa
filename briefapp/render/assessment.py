"""The parts of a briefing that make it an assessment: key judgements, the estimative scale
annex, the distribution list, and the lines that let a reader check the sources."""

from __future__ import annotations

from collections.abc import Callable

from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer, Table

from briefapp.briefing.estimative import CONFIDENCE_MEANINGS, Scale
from briefapp.briefing.markings import Markings
from briefapp.library.grading import CREDIBILITY, RELIABILITY
from briefapp.models import Briefing, Citation
from briefapp.render.fallback import Paragraph
from briefapp.render.flowables import Anchored
from briefapp.render.inline import esc
from briefapp.render.styles import Theme
from briefapp.render.tables import table_style
from briefapp.render.text import judgement_tags, portion, scale_intro, scale_rows

__all__ = ["portion"]  # document.py reads it from here, beside the other assessment parts

Landed = Callable[[str, int], None]


def key_judgements(
    briefing: Briefing, markings: Markings | None, scale: Scale, theme: Theme, landed: Landed
) -> list[Flowable]:
    """The Key Judgements page: each judgement with its estimative term and confidence."""
    s, muted = theme.styles, theme.hex("muted")
    out: list[Flowable] = [
        Anchored(
            "Key Judgements",
            s["toc_title"],
            key="judgements",
            outline="Key Judgements",
            on_draw=landed,
        )
    ]
    rows = []
    for n, judgement in enumerate(briefing.judgements, start=1):
        mark = portion(markings, n, judgement=True)
        text = (f"<b>{esc(mark)}</b>\u00a0" if mark else "") + esc(judgement.text)
        tags = judgement_tags(judgement, scale)
        cell: list[Flowable] = [Paragraph(text, s["judgement"])]
        if tags:
            cell.append(Paragraph("  ·  ".join(esc(t) for t in tags), s["judgement_tag"]))
        rows.append([Paragraph(f"{n:02d}", s["judgement_number"]), cell])
    if rows:
        table = Table(rows, colWidths=[12 * 2.2, theme.frame_width - 12 * 2.2], splitInRow=1)
        table.setStyle(
            table_style(
                theme,
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.4, theme.colours["rule"]),
                    ("TOPPADDING", (0, 0), (-1, -1), 8),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ],
            )
        )
        out.append(table)
    out.append(Spacer(0, 10))
    out.append(
        Paragraph(
            f'<font color="{muted}">Likelihood terms follow the {esc(scale.name)}; the ranges '
            "are explained in the annex <i>Estimative language</i>. Confidence describes the "
            "quality of the information and analysis behind a judgement, not its "
            "probability.</font>",
            s["note"],
        )
    )
    out.append(PageBreak())
    return out


def estimative_annex(scale: Scale, theme: Theme, landed: Landed) -> list[Flowable]:
    """The scale in use with its ranges, its published source, and the confidence levels."""
    s = theme.styles
    rows = [[Paragraph("TERM", s["table_header"]), Paragraph("PROBABILITY", s["table_header"])]]
    for name, probability in scale_rows(scale):
        rows.append(
            [Paragraph(esc(name), s["table_cell"]), Paragraph(probability, s["table_cell"])]
        )
    width = theme.frame_width
    table = Table(rows, colWidths=[width * 0.62, width * 0.38], repeatRows=1)
    table.setStyle(
        table_style(
            theme,
            [
                ("BACKGROUND", (0, 0), (-1, 0), theme.colours["primary"]),
                ("LINEBELOW", (0, 1), (-1, -1), 0.4, theme.colours["rule"]),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ],
        )
    )
    confidence = [
        Paragraph(f"<b>{level.capitalize()} confidence</b>: {esc(meaning)}.", s["source_entry"])
        for level, meaning in reversed(list(CONFIDENCE_MEANINGS.items()))
    ]
    return [
        Spacer(0, 14),
        Anchored(
            "Estimative language",
            s["annex_title"],
            key="estimative",
            outline="Estimative language",
            on_draw=landed,
        ),
        Paragraph(esc(scale_intro(scale)), s["body"]),
        table,
        Spacer(0, 8),
        KeepTogether(
            [Paragraph("Analytic confidence is stated separately:", s["body"]), *confidence]
        ),
    ]


def distribution(briefing: Briefing, theme: Theme, landed: Landed) -> list[Flowable]:
    """The distribution list, one recipient a line."""
    s = theme.styles
    out: list[Flowable] = [
        Spacer(0, 14),
        Anchored(
            "Distribution",
            s["annex_title"],
            key="distribution",
            outline="Distribution",
            on_draw=landed,
        ),
    ]
    out.extend(Paragraph(esc(name), s["list"]) for name in briefing.distribution)
    return [KeepTogether(out)]


def source_url_line(citation: Citation, theme: Theme) -> str:
    """Markup of a source's web address as a link, or "" without one."""
    url = (citation.url or "").strip()
    if not url.lower().startswith(("http://", "https://")):
        return ""
    shown = esc(url)
    return f'<br/><link href="{shown}" color="{theme.hex("primary")}">{shown}</link>'


def grades_explained(grades: list[str]) -> str:
    """One line explaining the Admiralty grades used (``B2: usually reliable source, ...``)."""
    known = [g for g in dict.fromkeys(grades) if g[:1] in RELIABILITY and g[1:] in CREDIBILITY]
    parts = [
        f"{g} — {RELIABILITY[g[:1]].lower()} source, {CREDIBILITY[g[1:]].lower()}"
        for g in sorted(known)
    ]
    line = (
        "Grades follow the Admiralty system: the letter rates the source's reliability "
        "(A–F), the figure the credibility of the information (1–6)."
    )
    if parts:
        line += " Used here: " + "; ".join(parts) + "."
    return line
