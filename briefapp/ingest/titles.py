"""Tell a page's headline from the site name browsers and clippers glue to it.

A page title reads "Headline | Site", "Site - Headline" or "Headline – Site"; og:title, saved
Markdown (MarkDownload keeps the page title) and trafilatura's own guess carry that shape on.
The part that is the site's name (og:site_name, JSON-LD publisher) goes; without a known site
name only a short tail after " | " goes, the one separator headlines themselves never use.
"""

from __future__ import annotations

import re

from briefapp.ingest.countries import fold

_SEPARATOR = re.compile(r"\s+(?:\||-|–|—|::|·|•|»)\s+")
_PIPE = re.compile(r"\s+\|\s+")
_MAX_SITE_WORDS = 6


def _key(text: str) -> str:
    return re.sub(r"\W+", " ", fold(text)).strip()


def _same_site(part: str, site: str) -> bool:
    a, b = _key(part), _key(site)
    # "Sahel Wire" names "www.sahelwire.example" and "The Sahel Wire" alike.
    return bool(a and b) and (
        a == b
        or a.replace(" ", "") == b.replace(" ", "")
        or a.removeprefix("the ") == b.removeprefix("the ")
    )


def split_site_name(title: str, site: str | None) -> tuple[str, str | None]:
    """The headline of a page title and the site name it carried (None if it carried none).

    ``("Headline | Sahel Wire", "Sahel Wire")`` -> ``("Headline", "Sahel Wire")``;
    ``("Gulf Watch - Piracy returns", "Gulf Watch")`` -> ``("Piracy returns", "Gulf Watch")``;
    ``("Mali: the road north | Dune Notes", None)`` -> ``("Mali: the road north", "Dune Notes")``.
    """
    title = title.strip()
    if site:
        parts = _SEPARATOR.split(title)
        if len(parts) > 1:
            if _same_site(parts[-1], site):
                return _rejoin(title, parts[:-1]), site.strip()
            if _same_site(parts[0], site):
                return _rejoin(title, parts[1:]), site.strip()
        if _same_site(title, site):
            return title, None  # the page is titled by its site name alone: nothing to split
    parts = _PIPE.split(title)
    tail = parts[-1]
    head = " | ".join(parts[:-1])
    if len(parts) > 1 and len(tail.split()) <= _MAX_SITE_WORDS and len(head) > len(tail):
        return head, tail
    return title, None


def _rejoin(title: str, parts: list[str]) -> str:
    """The parts of a title left after its site name, with their own separators."""
    start = title.find(parts[0])
    end = title.rfind(parts[-1]) + len(parts[-1])
    return title[start:end].strip()
