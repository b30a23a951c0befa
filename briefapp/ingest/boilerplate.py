"""Recognise web boilerplate in captured text: calls to action, share bars, related-post lists,
contact and comment forms. Captures put it after the article, so most rules find where the
boilerplate *starts* and everything from there on is dropped.
"""

from __future__ import annotations

import re

# A line that, on its own, starts the trailing boilerplate zone.
_ZONE_STARTS = re.compile(
    r"^\s*(share this( article| post| page| story)?|share( on)?:?|discover more|posts grid|"
    r"related (articles|posts|stories|reading|content|analysis)|you may also like|read more|"
    r"read next|more from [\w ]+|recent posts|latest (posts|articles|insights|news)|"
    r"leave a (reply|comment)|post comment|comments?( \(\d+\))?|"
    r"contact us|get in touch|request a (consultation|quote|demo|briefing)|"
    r"subscribe( to our newsletter)?|sign up for our newsletter|newsletter|"
    r"your email address will not be published.*|required fields are marked.*|"
    r"tags?:.*|filed under:?.*|about the author|follow us( on)?:?.*)\s*$",
    re.I,
)
# Marketing call-to-action sentences, found in the last paragraphs of an article.
_CALL_TO_ACTION = re.compile(
    r"(stand(s)? ready to (assist|help|support)|trusted partner|"
    r"(contact|call|email) (us|our (team|analysts|experts))|get in touch|reach out to (us|our)|"
    r"should your (organi[sz]ation|company|business|team)|"
    r"(book|schedule|request) (a|your) (consultation|call|demo|briefing)|"
    r"learn more about our (services|solutions)|our (team|experts|analysts) (can|will) help|"
    r"subscribe (now|today|to our)|sign up (now|today|for our)|support (our|us)\b|donat(e|ion)|"
    r"help us\b|provides? (bespoke|tailored)|request a demo|independent (analysis|monitoring)|"
    r"relies on (a|our) network)",
    re.I,
)
_SOCIAL = re.compile(
    r"^\s*(facebook|linkedin|x|twitter|whatsapp|telegram|email|e-mail|print|copy link|reddit|"
    r"share|tweet|pinterest|instagram|youtube)\s*$",
    re.I,
)
_CHECKBOX = re.compile(r"^\s*(☐|☑|☒|\[[ xX]?\]|\( ?\))\s*")
_FORM_FIELD = re.compile(
    r"^\s*(name|e-?mail|website|phone|organi[sz]ation|company|message|comment|submit|send)\s*\*?\s*:?\s*$",
    re.I,
)
_COPYRIGHT = re.compile(r"^\s*(©|\(c\)|copyright\b).*$", re.I)
# "Sahel Watch is an independent monitoring network", "Meridian Analytics provides ...",
# "Gulf of Guinea Maritime Monitor — independent analysis for safer seas".
_SELF_DESCRIPTION = re.compile(
    r"^\s*((?:[A-Z][\w&'’.-]*)(?:\s+(?:of|the|for|and|de|du|des|[A-Z][\w&'’.-]*)){0,6}?)"
    r"\s+(?:is an?|is the|relies on|provides|offers|helps|—|–)\s+\S"
)
_CTA_ORG = re.compile(r"\blet ([A-Z][\w&.'’ -]{1,60}?) be your trusted partner", re.I)


TAIL_PARAGRAPHS = 5


# How every alternative of _ZONE_STARTS begins: a cheap test before the regular expression.
_ZONE_OPENINGS = (
    "share",
    "discover",
    "posts grid",
    "related",
    "you may",
    "read ",
    "more from",
    "recent",
    "latest",
    "leave a",
    "post comment",
    "comment",
    "contact",
    "get in",
    "request",
    "subscribe",
    "sign up",
    "newsletter",
    "your email",
    "required",
    "tag",
    "filed",
    "about the",
    "follow",
)


# WordPress and its kind head the comments "2 thoughts on “Title”", "One response to ...".
_COMMENT_COUNT = re.compile(
    r"^\s*(one|two|three|\d+) (thoughts?|responses?|replies|comments?) (on|to)\b", re.I
)


def is_zone_start(line: str) -> bool:
    head = line.lstrip()[:12]
    # A comment count opens with a digit, "one", "two" or "three" (re.I matches O and T only
    # as o and t): a cheap test before the regular expression.
    if (head[:1].isdecimal() or head[:1] in "oOtT") and _COMMENT_COUNT.match(line):
        return True
    # (Only ASCII lower-cases exactly as re.I matches: "SUBSCRİBE" goes to the expression.)
    if head.isascii() and not head.lower().startswith(_ZONE_OPENINGS):
        return False
    return bool(_ZONE_STARTS.match(line))


# Words one of which every call to action contains: a cheap test before the regular expression.
_CTA_HINTS = (
    "ready to",
    "partner",
    "contact",
    "touch",
    "reach out",
    "should your",
    "book ",
    "schedule",
    "request",
    "learn more",
    "can help",
    "will help",
    "subscribe",
    "sign up",
    "call ",
    "email ",
    "support",
    "donat",
    "help us",
    "provide",
    "independent",
    "relies on",
)


_WHO = r"(us|our (team|analysts|experts))"
_BOOKED = r" (a|your) (consultation|call|demo|briefing)"
# Each alternative of _CALL_TO_ACTION under a hint it cannot match without: a text with a
# hint is searched for that hint's alternatives only. A paragraph holding a hint word by
# chance ("donated", "supporters") is then not searched by the whole expression, twenty
# alternatives tried at every character (25 us for a paragraph of 700 characters).
_CTA_BY_HINT = tuple(
    (hint, re.compile(pattern, re.I))
    for hint, pattern in (
        ("ready to", r"stands? ready to (assist|help|support)"),
        ("partner", r"trusted partner"),
        ("contact", r"contact " + _WHO),
        ("touch", r"get in touch"),
        ("reach out", r"reach out to (us|our)"),
        ("should your", r"should your (organi[sz]ation|company|business|team)"),
        ("book ", r"book" + _BOOKED),
        ("schedule", r"schedule" + _BOOKED),
        ("request", r"request" + _BOOKED + r"|request a demo"),
        ("learn more", r"learn more about our (services|solutions)"),
        ("can help", r"our (team|experts|analysts) can help"),
        ("will help", r"our (team|experts|analysts) will help"),
        ("subscribe", r"subscribe (now|today|to our)"),
        ("sign up", r"sign up (now|today|for our)"),
        ("call ", r"call " + _WHO),
        ("email ", r"email " + _WHO),
        ("support", r"support (our|us)\b"),
        ("donat", r"donat(e|ion)"),
        ("help us", r"help us\b"),
        ("provide", r"provides? (bespoke|tailored)"),
        ("independent", r"independent (analysis|monitoring)"),
        ("relies on", r"relies on (a|our) network"),
    )
)
assert tuple(hint for hint, _ in _CTA_BY_HINT) == _CTA_HINTS


def _has_call_to_action_hint(text: str) -> bool:
    return any(map(text.lower().__contains__, _CTA_HINTS))


def is_call_to_action(paragraph: str) -> bool:
    lowered = paragraph.lower()
    if not any(map(lowered.__contains__, _CTA_HINTS)):
        return False
    if not paragraph.isascii():
        # (Outside ASCII, str.lower and re.I can disagree: "ſign up" matches "sign up".)
        return bool(_CALL_TO_ACTION.search(paragraph))
    return any(pattern.search(paragraph) for hint, pattern in _CTA_BY_HINT if hint in lowered)


_ASCII_SPACES_STARS_COLONS = "".join(c for c in map(chr, range(128)) if c.isspace()) + "*:"


def is_noise_line(line: str) -> bool:
    """Lines that never belong to an article wherever they stand: share buttons, checkboxes,
    copyright footers, lone form fields."""
    if line.isascii():
        core = line.strip().rstrip(_ASCII_SPACES_STARS_COLONS)
        if len(core) > 14 and core[0] not in "[(" and not core[:9].lower() == "copyright":
            return False  # longer than any share button or form field, and no checkbox or ©
    return bool(
        _SOCIAL.match(line)
        or _CHECKBOX.match(line)
        or _COPYRIGHT.match(line)
        or _FORM_FIELD.match(line)
    )


# Lines a web page puts beside an article, never in it: comment-form notes, cookie notices,
# citation and download prompts.
_FURNITURE_LINE = re.compile(
    r"your email address will not be published|required fields are marked|we use cookies|"
    r"accept (all )?cookies|^share:?$|^(print|email|tweet)$|^advertisement$|"
    r"^leave a (reply|comment)$|^(cite as|suggested citation|how to cite( this)?( (article|"
    r"report|brief))?)\b|^download (the )?pdf\b|"
    # News agencies' credit line: "Reporting by A; Editing by B".
    r"^(additional )?(reporting|writing|editing) by\b[^.!?]*$",
    re.I,
)


def is_furniture_line(paragraph: str) -> bool:
    """Whether a short paragraph of a web page is furniture (see :func:`is_noise_line`)."""
    if len(paragraph) > 200:
        return False
    return is_noise_line(paragraph) or bool(_FURNITURE_LINE.search(paragraph))


_COPYRIGHT_HOLDER = re.compile(
    r"^\s*(?:©|\(c\)|copyright)\s*(?:\d{4}\s*[-–]?\s*)*(?:\d{4})?\s*([A-Z][^.|,]{1,60})", re.I
)
_COMPANY_SUFFIX = re.compile(r"\s*(all rights reserved|ltd|llc)\.?\s*$", re.I)


def publisher_from_boilerplate(lines: list[str]) -> str | None:
    """The organisation a marketing tail names ("Let Harrowgate Risk be your trusted partner",
    "© 2026 Sahel Watch"), a good guess at the publisher of a captured report."""
    for line in lines:
        m = _CTA_ORG.search(line)
        if m:
            return m.group(1).strip()
    for line in lines:
        m = _SELF_DESCRIPTION.match(line)
        if m:
            return m.group(1).strip()
    for line in lines:
        m = _COPYRIGHT_HOLDER.match(line)
        if m:
            name = _COMPANY_SUFFIX.sub("", m.group(1).strip())
            if name:
                return name.strip()
    return None


def split_off_boilerplate(lines: list[str]) -> tuple[list[str], list[str]]:
    """Split body lines into (article, boilerplate).

    The article ends at the first line that starts a boilerplate zone; trailing paragraphs that
    are calls to action are moved to the boilerplate; noise lines anywhere are dropped.
    """
    cut = len(lines)
    for i, line in enumerate(lines):
        if is_zone_start(line):
            cut = i
            break
    article, tail = lines[:cut], lines[cut:]
    # A marketing block closes the article: from the first call to action among the last
    # paragraphs, everything is the firm talking about itself.
    last_paragraphs = [i for i, line in enumerate(article) if line.strip()][-TAIL_PARAGRAPHS:]
    # Most articles end with no call to action: one search of their last paragraphs for the
    # hints (see is_call_to_action) rules them all out at once. (A hint never spans the line
    # break between two, and lower-casing them together changes no ASCII letter.)
    if _has_call_to_action_hint("\n".join([article[i] for i in last_paragraphs])):
        for i in last_paragraphs:
            if is_call_to_action(article[i]):
                article, tail = article[:i], article[i:] + tail
                break
    while article and (not article[-1].strip() or is_noise_line(article[-1])):
        tail.insert(0, article.pop())
    kept = [line for line in article if not is_noise_line(line)]
    return kept, tail


def drop_call_to_action_blocks(texts: list[str]) -> list[str]:
    """For already-structured formats: drop trailing call-to-action paragraphs."""
    for i in range(max(0, len(texts) - TAIL_PARAGRAPHS), len(texts)):
        if is_call_to_action(texts[i]):
            return list(texts[:i])
    return list(texts)
