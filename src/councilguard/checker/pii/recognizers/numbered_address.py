"""Homes written without a street word, or in lower case: "flat 4, 12 Parkside",
"Flat 7", "no. 37", "number 3", "I'm at 253 Lancaster", "lives at 2 Church Cottages"
(Cottages is a street word; "2 Church" is not), "14 oak road", "flat 12, Maygreen
Crescent", "44 Hilldene, RM3 8XP" (a postcode after it), "Dr Emeka, 56 Eastern: …" (set
off by commas or a colon), "she's at 36 the ridgeway" (lower case after someone's
"at"). A number alone ("number 12") is an address only when a person is linked to it
(linking); on its own it identifies nobody."""

from __future__ import annotations

import re
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS

from ..addresses import STREET_SUFFIXES
from ..entities import ADDRESS
from ..regex_recognizer import RegexRecognizer, RegexRule

_UNIT = r"(?i:flat|apartment|apt\.?|unit|maisonette)[ \t]+\d{1,4}[A-Za-z]?\b"
# A word of the place's name; never a postcode's outward code, which is the postcode's
# ("at 3 The Paddocks NR27 9PL": the home is "3 The Paddocks", the postcode "NR27 9PL").
_PLACE_WORD = r"(?![A-Z]{1,2}\d[A-Z\d]?\b)[A-Z][\w'’\-]+"
_PLACE = rf"{_PLACE_WORD}(?:[ \t]+{_PLACE_WORD}){{0,2}}"
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


_POSTCODE_AHEAD = r"(?=[ \t]*,?[ \t]*[A-Za-z]{1,2}\d[A-Za-z\d]?[ \t]?\d[A-Za-z]{2}\b)"
# "44 Hilldene, RM3 8XP": a number and a name with a postcode straight after them.
# "Tomasz, 8 Larch, …", "Dr Emeka, 56 Eastern: …": a number and a name between commas.
_SET_OFF = re.compile(
    rf"(?<![\w£$.,/])\d{{1,4}}[A-Za-z]?[ \t]+(?P<place>{_PLACE}){_POSTCODE_AHEAD}"
    rf"|(?<=,[ \t])\d{{1,4}}[A-Za-z]?[ \t]+(?P<between>{_PLACE})(?=[ \t]*[,:;])"
)
# Words after a number that make it a count, a date or a time, not a home.
_NOT_A_PLACE = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "am", "pm",
    "people", "residents", "homes", "houses", "households", "families", "councillors", "members", "years",
    "months", "weeks", "days", "hours", "minutes", "mins", "hrs", "times", "points", "tips", "things",
    "reasons", "ways", "percent", "noon", "midnight", "tonight", "today", "tomorrow", "pounds", "quid",
    "signatures", "votes", "cars", "miles", "metres", "meters", "o'clock", "oclock", "ish", "of", "or",
}  # fmt: skip


def _set_off(match: re.Match[str], score: float) -> tuple[float, dict[str, Any]]:
    place = match.group("place") or match.group("between")
    return (0.0, {}) if place.split()[0].lower() in _NOT_A_PLACE else (score, {})


# "she's at 36 the ridgeway", "im at 4 hawthorn": lower case after someone's "at".
_SOMEONE_AT = re.compile(
    r"(?i:\b(?:i'?m|i’m|i[ \t]+am|she'?s|she’s|he'?s|he’s|they'?re|they’re|lives?|living|staying|stays?)"
    r"[ \t]+at[ \t]+)(?P<home>\d{1,4}[a-z]?,?[ \t]+(?:the[ \t]+)?[a-z][\w'’\-]*(?:[ \t]+[a-z][\w'’\-]*)?)"
)


def _someone_at(match: re.Match[str], score: float) -> tuple[float, dict[str, Any]]:
    words = match.group("home").replace(",", " ").split()[1:]
    if words and words[0] == "the":
        words = words[1:]
    if not words or words[0] in _NOT_A_PLACE or words[0] in STOP_WORDS:
        return 0.0, {}
    # A second word that is a function word ("36 the ridgeway and…") is not the street's.
    kept = words[:1] if len(words) > 1 and (words[1] in STOP_WORDS or words[1] in _NOT_A_PLACE) else words
    home = match.group("home")
    end = match.start("home") + home.index(kept[-1], home.index(words[0])) + len(kept[-1])
    return score, {"end": end}


class NumberedAddressRecognizer(RegexRecognizer):
    def __init__(self, score: float = 0.8) -> None:
        super().__init__(
            ADDRESS,
            [
                RegexRule("numbered-address", _NUMBERED, score),
                RegexRule("lower-case-street", _LOWER_STREET, score),
                RegexRule("set-off-address", _SET_OFF, score, validate=lambda m, _: _set_off(m, score)),
                RegexRule(
                    "someone-at-address", _SOMEONE_AT, score, group="home", validate=lambda m, _: _someone_at(m, score)
                ),
            ],
            "NumberedAddressRecognizer",
        )

    def result(self, start: int, end: int, score: float, rule: str, detail: dict[str, Any]):  # noqa: ANN201
        return super().result(start, int(detail.pop("end", end)), score, rule, detail)


def numbered_address_recognizer(score: float = 0.8) -> RegexRecognizer:
    return NumberedAddressRecognizer(score)
