"""A name written straight after a personal detail, or after a form's label: "07700 900
318 - Sharon, wants a call", "Owner: RM7 9PL, Connor", "Kwesi - 07700 900 644 - great
mechanic" (the name before is name_beside_detail's), "Name: Precious Nwosu". The name is
a given name from the lexicon with a capital, or two or three capitalised words that
name no place or organisation."""

from __future__ import annotations

import re
from typing import Any

from ..entities import PERSON
from ..names import INITIALS, NAME_WORD, NOT_A_NAME, can_follow_a_first_name, is_capitalised_name_word, is_first_name
from ..regex_recognizer import RegexRecognizer, RegexRule
from ._words import words

# How a detail ends: a UK phone number's last digits, or a postcode's inward half.
_DETAIL_END = r"(?:(?:\+44|\(?0\d{2,4}\)?)[\d \t\-]{6,12}\d|\b[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2})"
_NAME = rf"(?P<name>(?:{INITIALS})?{NAME_WORD}(?:[ \t]+(?:{INITIALS})?{NAME_WORD}){{0,2}})"
_AFTER = re.compile(rf"{_DETAIL_END}[ \t]*(?:[,\-–—(]|[ \t]-)[ \t]*{_NAME}")
# "Name: Precious Nwosu", "Resident - Joe Bloggs", "Caller: mrs bhatt" at a line's start.
_LABELLED = re.compile(
    rf"^[ \t]*(?i:(?:full[ \t]+)?name|resident|tenant|caller|complainant|contact|owner)[ \t]*[:\-–][ \t]*{_NAME}",
    re.M,
)


def _name(match: re.Match[str], text: str, labelled: bool) -> tuple[float, dict[str, Any]]:
    kept: list[tuple[int, int, str]] = []
    for start, end, word in words(text, *match.span("name")):
        first_ok = is_first_name(word) and word[:1].isupper()
        if not kept and not (first_ok or is_capitalised_name_word(word) or (labelled and is_first_name(word))):
            break
        if kept and not (can_follow_a_first_name(word) and (word[:1].isupper() or kept[0][2][:1].islower())):
            break
        kept.append((start, end, word))
    if not kept:
        return 0.0, {}
    # One word is a name only if it is a given name ("Sharon", not "Thanks").
    if len(kept) == 1 and not is_first_name(kept[0][2]):
        return 0.0, {}
    if NOT_A_NAME.search(text[kept[0][0] : kept[-1][1]]):
        return 0.0, {}
    return 1.0, {"start": kept[0][0], "end": kept[-1][1]}


class NameAfterDetailRecognizer(RegexRecognizer):
    def __init__(self, score: float = 0.7) -> None:
        def scored(labelled: bool):  # noqa: ANN202 (a Validator)
            def validate(match: re.Match[str], text: str) -> tuple[float, dict[str, Any]]:
                found, detail = _name(match, text, labelled)
                return (score if found else 0.0), detail

            return validate

        super().__init__(
            PERSON,
            [
                RegexRule("name-after-detail", _AFTER, score, validate=scored(False)),
                RegexRule("labelled-name", _LABELLED, score, validate=scored(True)),
            ],
            "NameAfterDetailRecognizer",
        )

    def result(self, start: int, end: int, score: float, rule: str, detail: dict[str, Any]):  # noqa: ANN201
        return super().result(int(detail.pop("start", start)), int(detail.pop("end", end)), score, rule, detail)
