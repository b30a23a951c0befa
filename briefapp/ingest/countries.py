"""Recognise countries by English short name and common alias (Ivory Coast -> Côte d'Ivoire).

Matching is on whole words, so Niger never matches inside Nigeria; a few phrases that name a
place but not the country (the Niger River) or name a region of another country (Niger State,
the Niger Delta, both in Nigeria) are handled explicitly.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# English short name -> aliases (case-insensitive, accents optional).
COUNTRIES: dict[str, tuple[str, ...]] = {
    "Afghanistan": (),
    "Albania": (),
    "Algeria": ("Algérie",),
    "Andorra": (),
    "Angola": (),
    "Antigua and Barbuda": (),
    "Argentina": (),
    "Armenia": (),
    "Australia": (),
    "Austria": (),
    "Azerbaijan": (),
    "Bahamas": ("The Bahamas",),
    "Bahrain": (),
    "Bangladesh": (),
    "Barbados": (),
    "Belarus": (),
    "Belgium": ("Belgique",),
    "Belize": (),
    "Benin": ("Bénin",),
    "Bhutan": (),
    "Bolivia": (),
    "Bosnia and Herzegovina": ("Bosnia",),
    "Botswana": (),
    "Brazil": (),
    "Brunei": (),
    "Bulgaria": (),
    "Burkina Faso": ("Burkina",),
    "Burundi": (),
    "Cabo Verde": ("Cape Verde",),
    "Cambodia": (),
    "Cameroon": ("Cameroun",),
    "Canada": (),
    "Central African Republic": ("CAR", "Centrafrique"),
    "Chad": ("Tchad",),
    "Chile": (),
    "China": ("PRC", "People's Republic of China"),
    "Colombia": (),
    "Comoros": (),
    "Congo": ("Republic of the Congo", "Congo-Brazzaville"),
    "Costa Rica": (),
    "Côte d'Ivoire": ("Ivory Coast", "Cote d'Ivoire", "Côte d’Ivoire"),
    "Croatia": (),
    "Cuba": (),
    "Cyprus": (),
    "Czechia": ("Czech Republic",),
    "Democratic Republic of the Congo": ("DRC", "DR Congo", "Congo-Kinshasa", "RDC"),
    "Denmark": (),
    "Djibouti": (),
    "Dominica": (),
    "Dominican Republic": (),
    "Ecuador": (),
    "Egypt": (),
    "El Salvador": (),
    "Equatorial Guinea": (),
    "Eritrea": (),
    "Estonia": (),
    "Eswatini": ("Swaziland",),
    "Ethiopia": (),
    "Fiji": (),
    "Finland": (),
    "France": (),
    "Gabon": (),
    "Gambia": ("The Gambia",),
    "Georgia": (),
    "Germany": (),
    "Ghana": (),
    "Greece": (),
    "Grenada": (),
    "Guatemala": (),
    "Guinea": ("Guinée", "Guinea-Conakry"),
    "Guinea-Bissau": ("Guinea Bissau",),
    "Guyana": (),
    "Haiti": (),
    "Honduras": (),
    "Hungary": (),
    "Iceland": (),
    "India": (),
    "Indonesia": (),
    "Iran": (),
    "Iraq": (),
    "Ireland": (),
    "Israel": (),
    "Italy": (),
    "Jamaica": (),
    "Japan": (),
    "Jordan": (),
    "Kazakhstan": (),
    "Kenya": (),
    "Kiribati": (),
    "Kosovo": (),
    "Kuwait": (),
    "Kyrgyzstan": (),
    "Laos": (),
    "Latvia": (),
    "Lebanon": (),
    "Lesotho": (),
    "Liberia": (),
    "Libya": (),
    "Liechtenstein": (),
    "Lithuania": (),
    "Luxembourg": (),
    "Madagascar": (),
    "Malawi": (),
    "Malaysia": (),
    "Maldives": (),
    "Mali": (),
    "Malta": (),
    "Marshall Islands": (),
    "Mauritania": ("Mauritanie",),
    "Mauritius": (),
    "Mexico": (),
    "Micronesia": (),
    "Moldova": (),
    "Monaco": (),
    "Mongolia": (),
    "Montenegro": (),
    "Morocco": ("Maroc",),
    "Mozambique": (),
    "Myanmar": ("Burma",),
    "Namibia": (),
    "Nauru": (),
    "Nepal": (),
    "Netherlands": ("Holland",),
    "New Zealand": (),
    "Nicaragua": (),
    "Niger": (),
    "Nigeria": (),
    "North Korea": ("DPRK",),
    "North Macedonia": (),
    "Norway": (),
    "Oman": (),
    "Pakistan": (),
    "Palau": (),
    "Palestine": (),
    "Panama": (),
    "Papua New Guinea": (),
    "Paraguay": (),
    "Peru": (),
    "Philippines": (),
    "Poland": (),
    "Portugal": (),
    "Qatar": (),
    "Romania": (),
    "Russia": ("Russian Federation",),
    "Rwanda": (),
    "Saint Kitts and Nevis": (),
    "Saint Lucia": (),
    "Saint Vincent and the Grenadines": (),
    "Samoa": (),
    "San Marino": (),
    "São Tomé and Príncipe": ("Sao Tome and Principe",),
    "Saudi Arabia": (),
    "Senegal": ("Sénégal",),
    "Serbia": (),
    "Seychelles": (),
    "Sierra Leone": (),
    "Singapore": (),
    "Slovakia": (),
    "Slovenia": (),
    "Solomon Islands": (),
    "Somalia": (),
    "South Africa": (),
    "South Korea": ("Republic of Korea",),
    "South Sudan": (),
    "Spain": (),
    "Sri Lanka": (),
    "Sudan": (),
    "Suriname": (),
    "Sweden": (),
    "Switzerland": (),
    "Syria": (),
    "Taiwan": (),
    "Tajikistan": (),
    "Tanzania": (),
    "Thailand": (),
    "Timor-Leste": ("East Timor",),
    "Togo": (),
    "Tonga": (),
    "Trinidad and Tobago": (),
    "Tunisia": ("Tunisie",),
    "Turkey": ("Türkiye",),
    "Turkmenistan": (),
    "Tuvalu": (),
    "Uganda": (),
    "Ukraine": (),
    "United Arab Emirates": ("UAE",),
    "United Kingdom": ("UK", "Britain", "Great Britain"),
    "United States": ("USA", "United States of America", "US"),
    "Uruguay": (),
    "Uzbekistan": (),
    "Vanuatu": (),
    "Venezuela": (),
    "Vietnam": ("Viet Nam",),
    "Western Sahara": (),
    "Yemen": (),
    "Zambia": (),
    "Zimbabwe": (),
}

# Phrases that contain a country name but mean something else: mapped to the country they
# really point at, or None when they point at no country.
_PLACE_PHRASES: dict[str, str | None] = {
    "niger river": None,
    "river niger": None,
    "niger basin": None,
    "niger state": "Nigeria",
    "niger delta": "Nigeria",
    "guinea worm": None,
    "gulf of guinea": None,
    "jordan river": None,
    "new guinea": None,
    "chad basin": None,
    "lake chad": None,
}
# Short aliases that are also common words: only accepted when written in capitals.
_CASE_SENSITIVE = {"US", "UK", "CAR", "RDC", "DRC", "UAE", "PRC", "DPRK"}


def fold(text: str) -> str:
    """Lower-case, accents removed, typographic apostrophes made plain."""
    text = text.replace("’", "'").replace("‘", "'")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=1)
def _lookup() -> dict[str, str]:
    table: dict[str, str] = {}
    for name, aliases in COUNTRIES.items():
        table[fold(name)] = name
        for alias in aliases:
            if alias not in _CASE_SENSITIVE:
                table[fold(alias)] = name
    return table


def normalise_country(name: str) -> str | None:
    """The English short name for a country name or alias, or None when it is not a country."""
    raw = name.strip().strip(".;,")
    if raw in _CASE_SENSITIVE:
        return next(n for n, aliases in COUNTRIES.items() if raw in aliases)
    return _lookup().get(fold(raw))


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern:
    names = sorted(set(_lookup()) | set(_PLACE_PHRASES), key=len, reverse=True)
    alternatives = "|".join(re.escape(n) for n in names)
    return re.compile(rf"(?<![\w'-])(?:{alternatives})(?![\w-])")


_CAPS_PATTERN = re.compile(
    r"(?<![\w-])(" + "|".join(sorted(_CASE_SENSITIVE, key=len, reverse=True)) + r")(?![\w-])"
)


def find_countries(text: str) -> list[str]:
    """Countries mentioned in running text, most mentioned first (ties: first mention first)."""
    counts: dict[str, int] = {}
    first: dict[str, int] = {}

    def add(country: str | None, pos: int) -> None:
        if country:
            counts[country] = counts.get(country, 0) + 1
            first.setdefault(country, pos)

    folded = fold(text)
    for m in _pattern().finditer(folded):
        phrase = m.group(0)
        if phrase in _PLACE_PHRASES:
            add(_PLACE_PHRASES[phrase], m.start())
        else:
            add(_lookup().get(phrase), m.start())
    for m in _CAPS_PATTERN.finditer(text):
        add(normalise_country(m.group(1)), m.start())
    return sorted(counts, key=lambda c: (-counts[c], first[c]))


def country_aliases(name: str) -> tuple[str, ...]:
    """Other names of a country (``Côte d'Ivoire`` -> ``Ivory Coast``...); () when unknown."""
    return COUNTRIES.get(name, ())


def normalise_countries(names: list[str]) -> list[str]:
    """Recognised countries among names (order kept, duplicates removed)."""
    out: list[str] = []
    for name in names:
        country = normalise_country(name)
        if country and country not in out:
            out.append(country)
    return out
