"""Recognise countries by name, alias, demonym and town (Ivory Coast, Malian, N'Djamena).

Text is read once: each capitalised word is looked up in one table of names (hand-made
country names and aliases, demonyms from demonyms.py, then the town gazetteer and name variants
in resources/places.tsv, built by tools/make_gazetteer.py), and the longest name at a place
wins, so Niger never matches inside Nigeria or Nigerian. A few phrases that name a place but
not the country (the Niger River) or a region of another country (Niger State, the Niger
Delta, both in Nigeria) are in the table too.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from briefapp.ingest.country_names import COUNTRIES

# Phrases that contain a country name but mean something else: mapped to the country they
# really point at, or None when they point at no country.
_PLACE_PHRASES: dict[str, str | None] = {
    "niger river": None,
    "river niger": None,
    "niger basin": None,
    "niger state": "Nigeria",
    "niger delta": "Nigeria",
    "inner niger delta": "Mali",  # (Mopti's floodplain, not Nigeria's Niger Delta)
    "guinea worm": None,
    "gulf of guinea": None,
    "jordan river": None,
    "new guinea": None,
    "chad basin": None,
    "lake chad": None,
}
_INNER = re.compile(r"(?i)\binner\s+$")
# Short aliases that are also common words: only accepted when written in capitals.
_CASE_SENSITIVE = {"US", "UK", "CAR", "RDC", "DRC", "UAE", "PRC", "DPRK"}


def fold(text: str) -> str:
    """Lower-case, accents removed, typographic apostrophes made plain."""
    if text.isascii():
        return text.lower()  # (no accent or apostrophe to change; casefold is lower in ASCII)
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


def curated_country(name: str) -> str | None:
    """The English short name for a country name or alias of the hand-made table, or None."""
    raw = name.strip().strip(".;,")
    if raw in _CASE_SENSITIVE:
        return next(n for n, aliases in COUNTRIES.items() if raw in aliases)
    return _lookup().get(fold(raw))


def normalise_country(name: str) -> str | None:
    """The English short name for a country name or alias, or None when it is not a country."""
    found = curated_country(name)
    raw = name.strip().strip(".;,")
    if found is None and raw[:1].isupper():
        # a variant the gazetteer knows ("Republic of Niger", "Nigerien" is no country name)
        kind, payload = _lookup_tables()[0].get(phrase_key(raw), (_CURATED, None))
        if kind == _NAMED and len(payload) == 1 and phrase_key(raw) not in _demonym_keys():
            found = payload[0]
    return found


# Towns, country-name variants and demonyms are only taken when written with a capital, and a
# town is not taken when a person's title or name stands beside it ("Governor Bello").
_TITLES = frozenset(
    "governor president minister general colonel major captain lieutenant commander mr mrs ms dr "
    "senator chief emir sheikh imam king sultan judge prince bishop mayor".split()
)
_PLACE_WORDS = frozenset(
    "state region province district city town county area prefecture department airport port "
    "road river lake camp market".split()
)
_WORD_TEXT = r"[^\W\d_]+(?:['’](?![sS]\b)[^\W\d_]+)*"  # N'Djamena one word, Niger's not
_WORD = re.compile(_WORD_TEXT)
# A word starting with anything but a-z (A-Z, or a letter outside ASCII: isupper() decides).
_CAPITALISED = re.compile(r"(?<![\w'’-])(?=[^\W\d_a-z])" + _WORD_TEXT)
# The next word of a name: after spaces or a hyphen, at most one line break.
_NEXT_WORD = re.compile(r"[ \t\u00a0]*[-–]?[ \t\u00a0]*\n?[ \t\u00a0]*(" + _WORD_TEXT + ")")
# Kinds of lookup entries, in order of precedence.
_CURATED, _CAPS, _NAMED, _TOWN = range(4)
# A town name shared by towns of several countries goes to the largest town's country only
# when that town is this many times larger than the next (otherwise the name is skipped,
# unless the report names one of the countries elsewhere).
DOMINANT_TOWN = 5


def phrase_key(text: str) -> str:
    """The lookup form of a name: folded words joined by single spaces ("n'djamena")."""
    return " ".join([fold_word(w) for w in _WORD.findall(text)])


_FOLDED: dict[str, str] = {}


def fold_word(word: str) -> str:
    """One word folded as :func:`fold` does, remembered (a text repeats its words)."""
    folded = _FOLDED.get(word)
    if folded is None:
        folded = word.lower() if word.isascii() else fold(word)
        if len(_FOLDED) > 100_000:
            _FOLDED.clear()
        _FOLDED[word] = folded
    return folded


@lru_cache(maxsize=1)
def _demonym_keys() -> frozenset[str]:
    from briefapp.ingest.demonyms import demonym_forms

    return frozenset(phrase_key(word) for word in demonym_forms())


def curated_keys() -> set[str]:
    """Lookup keys of the hand-made tables (names, aliases, demonyms, place phrases)."""
    return set(_table())


@lru_cache(maxsize=1)
def _table() -> dict[str, tuple[int, object]]:
    """Lookup key -> (kind, payload): the curated tables, then the bundled gazetteer."""
    from briefapp.ingest.demonyms import NOT_A_COUNTRY, demonym_forms

    table: dict[str, tuple[int, object]] = {}
    for name, aliases in COUNTRIES.items():
        for alias in (name, *aliases):
            if alias in _CASE_SENSITIVE:
                table[phrase_key(alias)] = (_CAPS, (alias, name))
            else:
                table[phrase_key(alias)] = (_CURATED, name)
    for phrase, country in _PLACE_PHRASES.items():
        table[phrase_key(phrase)] = (_CURATED, country)
    for phrase in NOT_A_COUNTRY:
        table[phrase_key(phrase)] = (_CURATED, None)
    for word, countries in demonym_forms().items():
        table.setdefault(phrase_key(word), (_NAMED, countries))
    return table


@lru_cache(maxsize=1)
def _lookup_tables() -> tuple[dict[str, tuple[int, Any]], set[str]]:
    """The whole lookup table with the gazetteer, and the opening words of its longer names."""
    table = dict(_table())
    for kind, key, value in _gazetteer_rows():
        if key in table:
            continue
        if kind == "V":
            table[key] = (_NAMED, (value,))
        else:
            towns = []
            for item in value.split(","):
                country, _, population = item.rpartition(":")
                towns.append((country, int(population)))
            table[key] = (_TOWN, tuple(towns))
    starts: set[str] = set()  # the opening words of every name, "the", "the gambia", ...
    for key in table:
        words = key.split(" ")
        starts.update(" ".join(words[:n]) for n in range(1, len(words)))
        starts.add(words[0])
    return table, starts


def _gazetteer_rows() -> list[tuple[str, str, str]]:
    """Rows of resources/places.tsv (see tools/make_gazetteer.py); none when it is absent."""
    from briefapp.resources import resource_path

    try:
        text = resource_path("places.tsv").read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    rows = []
    for line in text.splitlines():
        if line and not line.startswith("#"):
            kind, key, value = line.split("\t")
            rows.append((kind, key, value))
    return rows


def _capitalised(words: list[str]) -> bool:
    """A name as running text writes it: first word capitalised, later long words too, and
    not all in capitals (headings in capitals are no evidence)."""
    first = words[0]
    if not first[:1].isupper() or (len(first) > 1 and first.isupper()):
        return False
    return all(w[:1].isupper() or len(w) <= 3 for w in words[1:])


def find_countries(text: str) -> list[str]:
    """Countries a text names, most mentioned first (ties: first mention first).

    Country names and aliases, demonyms ("Malian troops"), name variants and towns of the
    bundled gazetteer (Diffa, N'Djamena) count, each written with a capital; the longest
    name at a place wins, so Niger never matches in Nigeria, Nigerian or the Niger Delta. A
    name that points at several countries (a town in two countries, "Congolese") goes to
    the one the text names otherwise; failing that, to the largest town's country when that
    town is :data:`DOMINANT_TOWN` times larger than the next, else to none.
    """
    table, starts = _lookup_tables()
    found: list[tuple[int, tuple]] = []  # (position, candidate countries or (country, size))
    resume = 0
    # Every name starts with a capital: only capitalised words are looked at, and the words
    # after one are read only while they continue the opening of some longer name.
    for m in _CAPITALISED.finditer(text):
        start = m.start()
        word = m.group()
        if start < resume or not word[0].isupper():
            continue
        first = fold_word(word)
        if first not in starts and first not in table:
            continue
        words, keys, end = [word], [first], m.end()
        ends = [end]
        phrase = first
        while phrase in starts:
            nxt = _NEXT_WORD.match(text, end)
            if nxt is None:
                break
            words.append(nxt.group(1))
            keys.append(fold_word(nxt.group(1)))
            phrase = phrase + " " + keys[-1]
            end = nxt.end()
            ends.append(end)
        for size in range(len(words), 0, -1):
            entry = table.get(" ".join(keys[:size]) if size > 1 else first)
            if entry is None:
                continue
            kind, payload = entry
            if kind == _CURATED:
                if payload == "Nigeria" and _INNER.search(text[max(0, start - 8) : start]):
                    payload = "Mali"  # the inner Niger delta (Mopti), written in lower case
                if payload:
                    found.append((start, (payload,)))
            elif kind == _CAPS:
                if size != 1 or word != payload[0]:
                    continue
                found.append((start, (payload[1],)))
            elif not _capitalised(words[:size]):
                continue
            elif kind == _NAMED:
                found.append((start, payload))
            elif not _beside_a_name(text, start, ends[size - 1]):
                found.append((start, payload))
            resume = ends[size - 1]
            break
    return _resolve(found)


def _beside_a_name(text: str, start: int, end: int) -> bool:
    """A town word next to a title or another capitalised name is a person's or a body's
    name ("Governor Bello", "Bello Turji", "Kano Pillars"), not the town."""
    after = _NEXT_WORD.match(text, end)
    if (
        after is not None
        and text[end : after.start(1)] == " "
        and after.group(1)[0].isupper()
        and after.group(1).lower() not in _PLACE_WORDS
    ):
        return True
    # the word before, read backwards (a regex anchored at the end would try every position)
    j = start
    if j == 0 or text[j - 1] != " ":
        return False
    j -= 1
    k = j
    while k > 0 and (text[k - 1].isalpha() or text[k - 1] in "'’"):
        k -= 1
    previous = text[k:j]
    if not previous or not previous[0].isupper():
        return False
    if previous.lower() in _TITLES:
        return True
    # a capitalised word that opens a sentence ("In Diffa", "Near Gao") is no name
    while k > 0 and text[k - 1] in " \t\"“‘'(":
        k -= 1
    return k > 0 and text[k - 1] not in ".!?:;\n"


def _resolve(found: list[tuple[int, tuple]]) -> list[str]:
    counts: dict[str, int] = {}
    first: dict[str, int] = {}

    def add(country: str, pos: int) -> None:
        counts[country] = counts.get(country, 0) + 1
        first.setdefault(country, pos)

    named = {c[0] if isinstance(c, tuple) else c for _, cs in found if len(cs) == 1 for c in cs}
    for pos, candidates in found:
        if len(candidates) == 1:
            c = candidates[0]
            add(c[0] if isinstance(c, tuple) else c, pos)
            continue
        names = [c[0] if isinstance(c, tuple) else c for c in candidates]
        known = [c for c in names if c in named]
        if len(known) == 1:
            add(known[0], pos)
        elif (
            not known
            and isinstance(candidates[0], tuple)
            and candidates[0][1] >= DOMINANT_TOWN * candidates[1][1]
        ):
            add(names[0], pos)
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
