"""UK street addresses. A house number and a street ("8 Hill Rise", "Flat 3, 22 Canal
Side") is a home; a street on its own ("fly-tipping on Mill Street") only locates a
public matter, and is reported as STREET so that it is never mistaken for a person
(spaCy's small model reads "Hill Rise" and "Canal Side" as names or organisations)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .entities import ADDRESS, STREET

if TYPE_CHECKING:  # Presidio is imported only when the analyzer is built
    from .regex_recognizer import RegexRecognizer

STREET_SUFFIXES = (
    "Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Close|Cl|Drive|Dr|Way|Crescent|Cres|Gardens|Gdns|"
    "Court|Ct|Place|Pl|Grove|Gr|Terrace|Tce|Walk|Mews|Green|Hill|Park|View|Row|Square|Sq|"
    "Parade|Rise|Side|Vale|Wharf|Yard|Chase|Croft|Fields|Gate|Meadow|Meadows|End|Approach|"
    "Boulevard|Circus|Embankment|Esplanade|Heights|Passage|Path|Quay|Wood|Copse|Dell|Glade|"
    "Hollow|Bank|Common|Cottages|Estate|Broadway|Villas|Buildings|Mount|Reach|Ridge|Spur|"
    "Grange|Orchard|Paddock|Pastures|Gardens|Link|Nook|Hey|Brow|Lea|Leys|Wynd|Garth"
)
BUILDING_SUFFIXES = "House|Court|Lodge|Tower|Towers|Mansions|Point|Heights|Block|Hall|Apartments"

_NAME_WORD = r"(?:[A-Z][\w'’\-]*|St\.?|de|la|le|on|the|upon)"
_STREET = rf"(?:{_NAME_WORD}[ \t]+){{0,3}}(?:{STREET_SUFFIXES})\b\.?"
# "Flat 3", "flat 2/1", and the tenement flats of Scottish cities: "2/L" (second floor,
# left), "0/1", "2F1" (Edinburgh: second floor, first door).
_UNIT = (
    r"(?:(?:(?i:flat|apartment|apt\.?|unit|room|maisonette)[ \t]+\d{1,4}[A-Za-z]?(?:/(?:\d{1,2}|[LRM]))?"
    r"|\d{1,2}/(?:\d{1,2}|[LRM])|\d[FG]\d{1,2}),?[ \t]+)"
)
_HOUSE_NUMBER = r"(?:\d{1,4}[A-Za-z]?(?:[\-–]\d{1,4})?,?[ \t]+)"
# Welsh and Gaelic streets put the street word first: "Heol y Nant", "Stryd y Llan",
# "Lôn Dywod", "Ffordd Las", "Sràid na h-Eaglais".
_STREET_FIRST = (
    r"(?:Heol|Stryd|Lôn|Lon|Ffordd|Rhodfa|Cilgant|Clos|Teras|Maes|Llwyn|Sràid|Sraid)"
    r"(?:[ \t]+(?:y|yr|'r|’r|na|nan|an|[A-Z][\w'’\-]*)){1,3}"
)
# One word whose ending is the street's ("Kingsway", "Bankside", "Eastgate", "Kilnside").
_ONE_WORD_STREET = r"[A-Z][a-z]{2,}(?:way|side|gate|field|fields|croft|garth|dale|mead|holme|wood|bank|lea|ley)\b"
# A named house with a postcode after it ("Pen-y-Bryn Farm, LD1 6RT", "Rose Cottage,
# Mill Lane, Little Snoring NR21 0AA"): a farm or a cottage alone may be a business or a
# landmark; with a postcode it is somebody's home.
_HOUSE_NAME = (
    # Never starting inside a hyphenated word (as _BARE_STREET below, and for the same reason).
    r"(?<![\w'’\-])(?:[A-Z][\w'’\-]*[ \t]+){1,3}"
    r"(?:Farm|Cottage|Cottages|Barn|Bungalow|Farmhouse|Croft|House|Lodge|Villa)"
    r"(?=,?[ \t]+(?:[A-Z][\w'’\-]*,?[ \t]+){0,4}[A-Z]{1,2}\d[A-Z\d]?[ \t]*\d[A-Z]{2}\b)"
)

_ADDRESS = re.compile(
    rf"(?<![\w£$.,/])(?:{_UNIT}?{_HOUSE_NUMBER}(?=[A-Z]){_STREET}"
    rf"|{_UNIT}?{_HOUSE_NUMBER}(?:{_STREET_FIRST}|{_ONE_WORD_STREET})"
    rf"|{_UNIT}(?:[A-Z][\w'’\-]*[ \t]+){{1,3}}(?:{BUILDING_SUFFIXES})\b"
    rf"|{_HOUSE_NAME})"
)
# Without a number: the street's name must start with a capital and the suffix is a
# whole word, so "down the road" and "a quiet street" are not streets.
# Never starting inside a hyphenated or quoted word: from each letter of "A-A-A-…" the
# name word read to the end of the run, which made the pattern quadratic.
_BARE_STREET = re.compile(rf"(?<![\w'’\-])(?:[A-Z][\w'’\-]*[ \t]+){{1,3}}(?:{STREET_SUFFIXES})\b")


def address_recognizer() -> RegexRecognizer:
    from .regex_recognizer import RegexRecognizer, RegexRule

    return RegexRecognizer(ADDRESS, [RegexRule("uk-address", _ADDRESS, 0.85)], "UkAddressRecognizer")


def street_recognizer() -> RegexRecognizer:
    from .regex_recognizer import RegexRecognizer, RegexRule

    return RegexRecognizer(STREET, [RegexRule("uk-street", _BARE_STREET, 0.3)], "UkStreetRecognizer")


_STREET_ENDING = re.compile(rf"\b(?:{STREET_SUFFIXES}|{BUILDING_SUFFIXES})\.?$")


def ends_like_a_street(name: str) -> bool:
    return _STREET_ENDING.search(name.strip()) is not None
