"""Marking schemes, portion marks, the banner of a briefing and its releasable versions.

A scheme is an ordered list of levels (lowest first), each with its banner text in full words
and its portion abbreviation. Briefings without a scheme keep a free-text classification.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from briefapp.errors import BriefappError
from briefapp.models import Brand, Briefing


@dataclass(frozen=True)
class Level:
    """One level of a scheme: ``rank`` 0 is the lowest."""

    banner: str
    portion: str
    rank: int

    @property
    def mark(self) -> str:
        """The portion mark as printed before a paragraph: ``(S)``."""
        return f"({self.portion})"


@dataclass(frozen=True)
class Scheme:
    """An ordered list of marking levels."""

    name: str
    levels: tuple[Level, ...]

    def level(self, text: str) -> Level | None:
        """The level written as ``text``: its banner or its portion mark, in any case,
        with or without parentheses."""
        wanted = " ".join(text.strip().strip("()").split()).casefold()
        for level in self.levels:
            if wanted in (level.banner.casefold(), level.portion.casefold()):
                return level
        return None

    def names(self) -> str:
        return ", ".join(level.banner for level in self.levels)


def _scheme(name: str, pairs: list[tuple[str, str]] | tuple[tuple[str, str], ...]) -> Scheme:
    return Scheme(name, tuple(Level(b, p, i) for i, (b, p) in enumerate(pairs)))


SCHEMES: dict[str, Scheme] = {
    "us": _scheme(
        "us", [("UNCLASSIFIED", "U"), ("CONFIDENTIAL", "C"), ("SECRET", "S"), ("TOP SECRET", "TS")]
    ),
    "uk": _scheme(
        "uk",
        [("OFFICIAL", "O"), ("OFFICIAL-SENSITIVE", "OS"), ("SECRET", "S"), ("TOP SECRET", "TS")],
    ),
    "nato": _scheme(
        "nato",
        [
            ("NATO UNCLASSIFIED", "NU"),
            ("NATO RESTRICTED", "NR"),
            ("NATO CONFIDENTIAL", "NC"),
            ("NATO SECRET", "NS"),
            ("COSMIC TOP SECRET", "CTS"),
        ],
    ),
    # FIRST TLP 2.0: the label itself is the paragraph mark
    "tlp": _scheme(
        "tlp",
        [
            (label, label)
            for label in ("TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED")
        ],
    ),
}


def scheme_names(brand: Brand | None = None) -> list[str]:
    """The schemes a briefing in ``brand`` can use: the built-in ones and the brand's own."""
    names = list(SCHEMES)
    if brand is not None and brand.marking_scheme and brand.marking_scheme not in names:
        names.append(brand.marking_scheme)
    return names


def scheme_named(name: str, brand: Brand | None = None) -> Scheme:
    """The scheme called ``name`` (built in, or defined by ``brand``)."""
    key = name.strip().casefold()
    if brand is not None and brand.markings and key == brand.marking_scheme.casefold():
        return _scheme(brand.marking_scheme, brand.markings)
    if key in SCHEMES:
        return SCHEMES[key]
    raise BriefappError(
        f"unknown marking scheme {name!r}; choose one of {', '.join(scheme_names(brand))}"
    )


@dataclass
class Markings:
    """The resolved markings of one briefing: a level per item and judgement, and the banner."""

    scheme: Scheme
    items: list[Level]
    judgements: list[Level]
    banner: Level


def resolve(briefing: Briefing, brand: Brand | None = None) -> Markings | None:
    """The markings of ``briefing``, or None when it has no scheme (free-text classification).

    Unmarked items and judgements take the briefing's explicit classification, else the
    lowest level. Every problem is reported at once, naming the item: an unknown level, or an
    explicit classification lower than an item's marking.
    """
    if not briefing.scheme.strip():
        return None
    scheme = scheme_named(briefing.scheme, brand)
    problems: list[str] = []
    floor = scheme.levels[0]
    explicit = None
    if briefing.classification.strip():
        explicit = scheme.level(briefing.classification)
        if explicit is None:
            problems.append(
                f"classification {briefing.classification!r} is not a level of the "
                f"{scheme.name} scheme ({scheme.names()})"
            )
    default = explicit or floor

    def level_of(marking: str, where: str) -> Level:
        if not marking.strip():
            return default
        level = scheme.level(marking)
        if level is None:
            problems.append(
                f"{where}: marking {marking!r} is not a level of the {scheme.name} scheme "
                f"({scheme.names()})"
            )
            return default
        if explicit is not None and level.rank > explicit.rank:
            problems.append(
                f"{where} is marked {level.banner}, above the briefing's classification "
                f"{explicit.banner}; raise the classification or lower the item's marking"
            )
        return level

    items = [
        level_of(item.marking, f"item {n} ({item.heading.strip() or 'untitled'})")
        for n, item in enumerate(briefing.items, start=1)
    ]
    judgements = [
        level_of(j.marking, f"judgement {n}") for n, j in enumerate(briefing.judgements, start=1)
    ]
    if problems:
        raise BriefappError("; ".join(problems))
    banner = max([*items, *judgements, default], key=lambda level: level.rank)
    return Markings(scheme, items, judgements, banner)


def banner_text(briefing: Briefing, brand: Brand) -> str:
    """The classification printed at the top and bottom of every page and on the cover."""
    markings = resolve(briefing, brand)
    if markings is not None:
        return markings.banner.banner
    return briefing.classification.strip() or brand.classification


def releasable(
    briefing: Briefing, brand: Brand | None, max_marking: str
) -> tuple[Briefing, list[dict[str, object]]]:
    """A copy of ``briefing`` without the items and judgements marked above ``max_marking``,
    and what was withheld (``{"item"|"judgement": number, "heading", "marking"}``).

    Kept items carry their resolved marking, so the copy's banner is the highest one left.
    """
    markings = resolve(briefing, brand)
    if markings is None:
        raise BriefappError(
            "--max-marking needs a marking scheme: set scheme (us, uk, nato, tlp) in the spec"
        )
    ceiling = markings.scheme.level(max_marking)
    if ceiling is None:
        raise BriefappError(
            f"--max-marking {max_marking!r} is not a level of the {markings.scheme.name} "
            f"scheme ({markings.scheme.names()})"
        )
    withheld: list[dict[str, object]] = []
    items = []
    for n, (item, level) in enumerate(zip(briefing.items, markings.items, strict=True), 1):
        if level.rank > ceiling.rank:
            withheld.append({"item": n, "heading": item.heading, "marking": level.banner})
        else:
            items.append(replace(item, marking=level.banner))
    judgements = []
    for n, (j, level) in enumerate(zip(briefing.judgements, markings.judgements, strict=True), 1):
        if level.rank > ceiling.rank:
            withheld.append({"judgement": n, "marking": level.banner})
        else:
            judgements.append(replace(j, marking=level.banner))
    if not items and not judgements:
        raise BriefappError(
            f"nothing in the briefing is releasable at {ceiling.banner}: every item and "
            "judgement is marked above it"
        )
    copy = replace(briefing, items=items, judgements=judgements, classification="")
    return copy, withheld
