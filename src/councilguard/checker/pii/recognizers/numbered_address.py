"""Homes written without a street word, or in lower case: "flat 4, 12 Parkside",
"Flat 7", "no. 37", "number 3", "I'm at 253 Lancaster", "lives at 2 Church Cottages"
(Cottages is a street word; "2 Church" is not), "14 oak road", "flat 12, Maygreen
Crescent". A number alone ("number 12") is an address only when a person is linked to
it (linking); on its own it identifies nobody."""

from __future__ import annotations

import re

from ..addresses import STREET_SUFFIXES
from ..entities import ADDRESS
from ..regex_recognizer import RegexRecognizer, RegexRule

_UNIT = r"(?i:flat|apartment|apt\.?|unit|maisonette)[ \t]+\d{1,4}[A-Za-z]?\b"
_PLACE = r"[A-Z][\w'’\-]+(?:[ \t]+[A-Z][\w'’\-]+){0,2}"
_NUMBERED = re.compile(
    # flat 4, 12 Parkside / flat 12, Maygreen Crescent / flat 7
    rf"(?<![\w])(?:{_UNIT}(?:,?[ \t]+(?:\d{{1,4}}[A-Za-z]?,?[ \t]+)?{_PLACE})?"
    # no. 37 / no 9 / number 3 (then a street name if one follows: "no. 48 Straight Rd")
    rf"|(?i:no\.?|number)[ \t]*\d{{1,4}}[A-Za-z]?\b(?![ \t]*(?:bus|route|am|pm|%|years?|times?|people|of\b))"
    rf"(?:[ \t]+{_PLACE})?"
    # at 253 Lancaster / lives at 7 Brook Street: a number and a capitalised name after "at"
    rf"|(?<=\bat[ \t])\d{{1,4}}[A-Za-z]?,?[ \t]+{_PLACE}"
    # Sheila - 253 Lancaster - says…: a number and a name set off by dashes
    rf"|(?<=[\-–—][ \t])\d{{1,4}}[A-Za-z]?[ \t]+{_PLACE}(?=[ \t]*[\-–—,]))"
)
# Lower-case streets: "14 oak road", "23 chase cross rd".
_LOWER_STREET = re.compile(
    rf"(?<![\w£$.,/])\d{{1,4}}[a-z]?[ \t]+(?:[a-z][\w'’\-]*[ \t]+){{1,3}}(?:{STREET_SUFFIXES.lower()})\b"
)


def numbered_address_recognizer(score: float = 0.8) -> RegexRecognizer:
    return RegexRecognizer(
        ADDRESS,
        [RegexRule("numbered-address", _NUMBERED, score), RegexRule("lower-case-street", _LOWER_STREET, score)],
        "NumberedAddressRecognizer",
    )
