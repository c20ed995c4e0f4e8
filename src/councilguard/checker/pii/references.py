"""Ways a draft points at a private person without spaCy's help.

``titled_names`` finds "Mr Graham Oduya", "Mrs Pike": a courtesy title before a
capitalised word is a person even when the small NER model misses it (or when NER was
skipped). ``person_references`` finds "my neighbour", "the tenant", "her number",
"lives at": not a name, but enough to make an address or a phone number somebody's.
"""

# ruff: noqa: E501 (pattern tables: one group of alternatives per line reads best)

from __future__ import annotations

import re

TITLED_NAME = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Master)\.?[ \t]+(?:[A-Z]\.?[ \t]+)?[A-Z][a-z'’\-]+(?:[ \t]+[A-Z][a-z'’\-]+){0,2}(?![\w@])"
)
# Two or three capitalised words after a word that introduces a person ("help Doreen
# Novak", "my constituent Priya Sutherland"): spaCy's small model misses many names that
# are not Anglo-Saxon. Only read near personal details, and places are weeded out.
_INTRODUCED_NAME = re.compile(
    r"\b(?:for|help|helping|with|visited|visiting|met|meet|constituent|resident|neighbour|tenant|client|called|named|"
    r"and|from|is|was|by|about|behalf\s+of|to)[ \t]+((?:[A-Z][a-z'’]+)(?:[ \t\-][A-Z][a-z'’]+){1,2})(?![\w@])"
)
_NOT_A_NAME = re.compile(
    r"\b(?:Council|Borough|Ward|Market|Centre|Center|Library|School|Academy|College|Hall|Park|Station|Hospital|Church|"
    r"Town|Team|Services?|Group|Association|Club|Theatre|Lodge|Road|Street|Lane|Avenue|Close|Way|Drive|Estate|Housing|"
    r"Police|Trust|Partnership|Homes|Care|Health|Committee|Cabinet|Labour|Conservatives?|Reform|Greens?|Residents|"
    r"Community|Primary|Fire|Brigade|Ltd|Limited|Football|United|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"January|February|March|April|June|July|August|September|October|November|December|Christmas|Easter)\b"
)
_REFERENCE = re.compile(
    r"\b(?:(?:my|our|a|the|this|that|an|his|her|their)[ \t]+(?:elderly[ \t]+|vulnerable[ \t]+|young[ \t]+|older[ \t]+|disabled[ \t]+|local[ \t]+)?"
    r"(?:neighbours?|residents?|constituents?|tenants?|leaseholders?|lady|gentleman|man|woman|family|couple|client|"
    r"pensioner|widow|widower|mum|mother|dad|father|son|daughter|child|boy|girl|husband|wife|partner|landlord|"
    r"lodger|carer|victim|complainant|householder|occupant|owner|gran|grandmother|grandfather)\b|"
    r"\b(?:his|her|their)[ \t]+(?:mobile|phone|number|address|home|house|flat|e-?mail|date[ \t]+of[ \t]+birth|d\.?o\.?b|"
    r"NI[ \t]+number|NHS[ \t]+number|postcode|details)\b|"
    r"\b(?:he|she|they)[ \t]+(?:lives?|lived|is[ \t]+living|stays?)[ \t]+(?:at|in|on)\b|"
    r"\b(?:he|she|they)(?:'s|’s|'re|’re|[ \t]+is|[ \t]+are)[ \t]+(?:at|in)\b|"
    r"\b(?:call|ring|text|email|e-mail|contact|phone)[ \t]+(?:him|her|them)\b)",
    re.I,
)


# A message the member passes on: inside quotation marks, after "wrote:" or "writes:",
# or below a forwarded-message header, "I" and "my" are the resident, not the member.
_QUOTED = re.compile(
    r"\"[^\"\n]{15,}\"|“[^”]{15,}”|(?<![\w])'[^'\n]{15,}'(?![\w])|‘[^’]{15,}’"
    r"|(?:^-{3,}[ \t]*Forwarded message[^\n]*|\b(?:wrote|writes|messaged|sent(?:[ \t]+(?:me|this))?|said|says)[ \t]*:)[\s\S]*",
    re.I | re.M,
)
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I’m|Im|i'm|i|me|my|My|mine)\b")


def quoted_self_references(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """ "I", "my", "me" of a resident whose message is quoted or forwarded."""
    end = len(text) if end is None else end
    found: list[tuple[int, int]] = []
    for quote in _QUOTED.finditer(text, start, end):
        found.extend(m.span() for m in _FIRST_PERSON.finditer(text, quote.start(), quote.end()))
    return found


def titled_names(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    return [m.span() for m in TITLED_NAME.finditer(text, start, len(text) if end is None else end)]


def introduced_names(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    found = []
    for match in _INTRODUCED_NAME.finditer(text, start, len(text) if end is None else end):
        if not _NOT_A_NAME.search(match.group(1)):
            found.append(match.span(1))
    return found


def person_references(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    return [m.span() for m in _REFERENCE.finditer(text, start, len(text) if end is None else end)]
