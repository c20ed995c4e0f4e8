"""A name someone gives for themselves, in a message the member passes on: "My name is
Lorraine Fitch", "my name's Aisha", "I'm Fatima,", "I am Mr Tomasz Nowak", "hiya its
chantelle", "Ken here,", "hi, maureen here", "It's Mrs B. Akhtar"."""

from __future__ import annotations

import re
from typing import Any

from ..entities import PERSON
from ..names import INITIALS, NAME_WORD, NOT_A_NAME, can_follow_a_first_name, is_first_name
from ..regex_recognizer import RegexRecognizer, RegexRule
from ._words import words

_TITLE = r"(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Rev)\.?[ \t]+)?"
_NAME = rf"(?P<name>{_TITLE}(?:{INITIALS})?{NAME_WORD}(?:[ \t]+(?:{INITIALS})?{NAME_WORD}){{0,2}})"
# An apostrophe inside a word (Ab'Ab'…) does not open a quotation: starting after each
# one, the name read to the end of the run every time (quadratic on "Ab'" * n).
_INTRODUCED = re.compile(
    rf"(?i:\bmy[ \t]+name(?:[ \t]+is|'s|’s)|\bi[ \t]*am|\bi'm|\bi’m|\bit's|\bit’s|\bits|\bthis[ \t]+is)[ \t]+{_NAME}"
    rf"|(?:^|(?<=[\"“‘:])|(?<=')(?<![^\W\d_]')|(?i:\b(?:hi|hello|hiya|hey|morning)\b)[,!.]?)"
    rf"[ \t]*(?P<here>(?!(?i:hi|hello|hiya|hey|morning)\b){NAME_WORD}(?:[ \t]+{NAME_WORD})?)[ \t]+here\b",
    re.M,
)
_TITLE_WORD = re.compile(r"^(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Rev)\.?$", re.I)


def _introduced(match: re.Match[str], text: str) -> tuple[float, dict[str, Any]]:
    group = "name" if match.group("name") else "here"
    found = words(text, *match.span(group))
    kept: list[tuple[int, int, str]] = []
    titled = False
    for start, end, word in found:
        if not kept and _TITLE_WORD.match(word):
            titled = True
            kept.append((start, end, word))
            continue
        named = [w for w in kept if not _TITLE_WORD.match(w[2])]
        if not named:
            # "I'm at…", "I'm disabled", "it's broken": the first word must be a name.
            if not (is_first_name(word) or re.fullmatch(INITIALS.strip(), word) or (titled and word[:1].isupper())):
                break
        elif not (can_follow_a_first_name(word) and (word[:1].isupper() or named[0][2][:1].islower())):
            break
        kept.append((start, end, word))
    if not [w for w in kept if not _TITLE_WORD.match(w[2])]:
        return 0.0, {}
    name = text[kept[0][0] : kept[-1][1]]
    if NOT_A_NAME.search(name):
        return 0.0, {}
    return 0.75, {"start": kept[0][0], "end": kept[-1][1]}


class SelfIntroducedNameRecognizer(RegexRecognizer):
    def __init__(self, score: float = 0.75) -> None:
        super().__init__(
            PERSON,
            [RegexRule("self-introduced-name", _INTRODUCED, score, validate=_introduced)],
            "SelfIntroducedNameRecognizer",
        )

    def result(self, start: int, end: int, score: float, rule: str, detail: dict[str, Any]):  # noqa: ANN201
        return super().result(int(detail.pop("start", start)), int(detail.pop("end", end)), score, rule, detail)
