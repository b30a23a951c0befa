"""Normalise declared topics, and derive topics for reports that declare none.

Derived topics come from a vocabulary of analysis topics with their keywords, shipped in
resources/topics.toml and matched in the title and summary only: the body of a long report
touches on everything, its title and summary say what it is about.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache

from briefapp.ingest.countries import fold_word

_SPACES = re.compile(r"\s+")


def normalise_topics(values: list[str]) -> list[str]:
    """Tidy declared topics: trimmed, first letter capitalised, duplicates removed."""
    out: list[str] = []
    seen: set[str] = set()
    for value in values:
        topic = _SPACES.sub(" ", str(value)).strip().strip("#")
        if not topic:
            continue
        if topic.islower():
            topic = topic[0].upper() + topic[1:]
        key = topic.casefold()
        if key not in seen:
            seen.add(key)
            out.append(topic)
    return out


# A web page's section ("articleSection", categories) often names the kind of page or the
# desk that ran it, which says nothing of what the report is about: not topics.
PAGE_KINDS = frozenset(
    "analysis news opinion opinions commentary comment features feature insights insight"
    " report reports blog blogs briefing briefings latest article articles editorial"
    " interview interviews world home podcast podcasts video videos explainer explainers"
    " research publications updates".split()
) | {"top stories", "long read", "in depth", "press release", "press releases", "world news"}
DESKS = frozenset(
    {
        "africa",
        "west africa",
        "east africa",
        "north africa",
        "southern africa",
        "central africa",
        "sub-saharan africa",
        "middle east",
        "middle east and north africa",
        "asia",
        "asia pacific",
        "europe",
        "americas",
        "latin america",
        "north america",
        "south america",
        "oceania",
        "global",
        "international",
    }
)


def is_page_section(name: str) -> bool:
    """Whether a page's section name is a kind of page or a regional desk, not a topic."""
    key = " ".join(name.replace("&", "and").split()).casefold()
    return key in PAGE_KINDS or key in DESKS


TITLE_WEIGHT = 2  # a keyword in the title is enough on its own
MIN_SCORE = 2  # else two keyword hits in the summary


_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_STEM_HEAD = 4  # stems are filed under their first four letters


@dataclass
class _Vocabulary:
    names: tuple[str, ...]
    words: dict[str, int] = field(default_factory=dict)  # word -> topic index
    stems: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # head -> stems
    # first word -> (following words, whether the last is a stem, topic index), longest first
    phrases: dict[str, list[tuple[tuple[str, ...], bool, int]]] = field(default_factory=dict)


def _words(text: str) -> list[str]:
    return [fold_word(w) for w in _WORD.findall(text)]


@lru_cache(maxsize=1)
def _vocabulary() -> _Vocabulary:
    """The bundled vocabulary as lookup tables: whole words, stems and phrases."""
    from briefapp.resources import resource_path

    with resource_path("topics.toml").open("rb") as fh:
        topics = tomllib.load(fh)["topics"]
    vocabulary = _Vocabulary(names=tuple(topics))
    for index, name in enumerate(vocabulary.names):
        for keyword in topics[name]["keywords"]:
            stem = keyword.endswith("*")
            words = _words(keyword.rstrip("*"))
            if len(words) > 1:
                entry = (tuple(words[1:]), stem, index)
                vocabulary.phrases.setdefault(words[0], []).append(entry)
            elif stem and len(words[0]) >= _STEM_HEAD:
                head = words[0][:_STEM_HEAD]
                vocabulary.stems.setdefault(head, []).append((words[0], index))
            else:
                vocabulary.words[words[0]] = index
    for entries in vocabulary.phrases.values():
        entries.sort(key=lambda e: -len(e[0]))
    return vocabulary


def _hits(words: list[str], vocabulary: _Vocabulary) -> list[int]:
    """The topic index of every keyword hit in a list of folded words."""
    hits = []
    i, n = 0, len(words)
    while i < n:
        word = words[i]
        taken = 1
        for rest, stem, index in vocabulary.phrases.get(word, ()):
            end = i + 1 + len(rest)
            if end > n:
                continue
            following = words[i + 1 : end]
            if following[:-1] == list(rest[:-1]) and (
                following[-1] == rest[-1] or (stem and following[-1].startswith(rest[-1]))
            ):
                hits.append(index)
                taken = 1 + len(rest)
                break
        else:
            if word in vocabulary.words:
                hits.append(vocabulary.words[word])
            else:
                for stem_word, index in vocabulary.stems.get(word[:_STEM_HEAD], ()):
                    if word.startswith(stem_word):
                        hits.append(index)
                        break
        i += taken
    return hits


def guess_topics(title: str, summary: str, limit: int = 3) -> list[str]:
    """Topics of the bundled vocabulary (resources/topics.toml) the title and summary show.

    A topic needs a keyword in the title or two keyword hits in the summary, so that a
    passing word ("fuel" once in a report on elections) gives no topic; the strongest
    ``limit`` topics are returned, strongest first (ties: vocabulary order).
    """
    vocabulary = _vocabulary()
    scores: dict[str, int] = {}
    for text, weight in ((title, TITLE_WEIGHT), (summary, 1)):
        for index in _hits(_words(text), vocabulary):
            topic = vocabulary.names[index]
            scores[topic] = scores.get(topic, 0) + weight
    strong = [t for t in vocabulary.names if scores.get(t, 0) >= MIN_SCORE]
    return sorted(strong, key=lambda t: -scores[t])[:limit]
