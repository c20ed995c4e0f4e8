"""A name written straight before a personal detail, the way casework is jotted down:
"Dave, RM3 7QT", "jo smith 07700 900418", "Kev on 07700900777", "Sheila - 253 Lancaster",
"Zbigniew Wójcik's at 88 Petersfield Ave", "Ffion ffion.r@icloud.com", "D. Whitlock 07700
900 590". spaCy's small model misses most of these (a first name alone, lower case,
names that are not Anglo-Saxon); the detail beside it says it is a person. The name is a
given name from the lexicon (``names``), initials, or two or three capitalised words
that name no place or organisation; a lone capitalised word that is no given name
("Hornchurch, RM11 1QX") is not taken."""

from __future__ import annotations

import re
from typing import Any

from ..entities import PERSON
from ..names import INITIALS, NAME_WORD, NOT_A_NAME, is_given_name_at_line_start, name_in
from ..regex_recognizer import RegexRecognizer, RegexRule
from ._words import words

# How a detail starts: a UK phone number, a postcode, a flat or house number, an e-mail.
DETAIL_START = (
    r"(?:\+44|\(?0\d{2,4}\)?[ \t]?\d{3}|0\d{9,10}\b"
    r"|[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}\b|(?i:[a-z]{1,2}\d[a-z\d]?[ \t]\d[a-z]{2})\b"
    r"|(?i:flat|apartment|apt\.?|unit|maisonette|no\.?|number)[ \t]*\d"
    r"|\d{1,4}[A-Za-z]?,?[ \t]+[^\W\d_]"
    r"|[\w.+\-]{1,64}@[\w\-]+\.)"  # an address's local part is at most 64 characters (RFC 5321)
)
_LINK = r"(?:on|at|from|of|in|@|is|is[ \t]+at|lives[ \t]+at|'s[ \t]+at|’s[ \t]+at|who[ \t]+lives[ \t]+at)"
# Never starting inside a hyphenated word, and the address look-ahead bounded: on "A-A-A-…"
# every letter was a start and every hyphen a separator before a look-ahead that read to
# the end, which made the pattern cubic (minutes for 8,000 characters).
_BESIDE = re.compile(
    rf"(?<![\w@.'’\-])(?P<name>(?:(?:{INITIALS})?{NAME_WORD}[ \t]+){{0,3}}(?:{INITIALS})?{NAME_WORD})"
    rf"(?:[ \t]*[,\-–—:(][ \t]*|[ \t]+)(?:{_LINK}[ \t]+|\([ \t]*)?(?={DETAIL_START})"
)


_LINK_WORDS = {
    "on",
    "at",
    "from",
    "of",
    "in",
    "is",
    "lives",
    "who",
    "'s",
    "’s",
    "flat",
    "no",
    "number",
    "apartment",
    "apt",
    "unit",
    "maisonette",
}


def _beside(match: re.Match[str], text: str) -> tuple[float, dict[str, Any]]:
    found = words(text, *match.span("name"))
    while found and found[-1][2].lower() in _LINK_WORDS:
        found.pop()
    span = name_in(found)
    # "jay 07700 900 101", "bob at number 8": a given name that is also a word ("jay",
    # "bob") is still a name when it opens the line, straight before the detail.
    if span is None and len(found) == 1 and is_given_name_at_line_start(text, found[0][0], found[0][2]):
        span = (found[0][0], found[0][1])
    if span is None or NOT_A_NAME.search(text[span[0] : span[1]]):
        return 0.0, {}
    return 0.7, {"start": span[0], "end": span[1]}


class NameBesideDetailRecognizer(RegexRecognizer):
    def __init__(self, score: float = 0.7) -> None:
        super().__init__(
            PERSON, [RegexRule("name-beside-detail", _BESIDE, score, validate=_beside)], "NameBesideDetailRecognizer"
        )

    def result(self, start: int, end: int, score: float, rule: str, detail: dict[str, Any]):  # noqa: ANN201
        return super().result(int(detail.pop("start", start)), int(detail.pop("end", end)), score, rule, detail)
