"""The person a reply or a message is addressed to, or who sent it: "Hi Deborah,",
"@Karen Lewis", "Replying to Sam:", "Dear Prof. Ramanathan", "Thanks Ms Achterberg",
"From: Karen Bright <karen.bright77@gmail.com>". Read only around personal details
("your house at 5 Rosewood Ave" is then theirs)."""

from __future__ import annotations

import re
from typing import Any

from ..entities import PERSON
from ..names import INITIALS, NAME_WORD, NOT_A_NAME, is_capitalised_name_word, is_first_name
from ..regex_recognizer import RegexRecognizer, RegexRule
from ._words import words

_ADDRESSED = re.compile(
    rf"(?:(?<![\w@])(?i:hi|hello|hiya|hey|dear|morning|thanks|thank[ \t]+you|cheers|replying[ \t]+to|reply[ \t]+to)"
    rf"[ \t]+|(?<![\w@])@|^From:[ \t]*)"
    rf"(?P<name>(?:{INITIALS})?{NAME_WORD}(?:[ \t]+(?:{INITIALS})?{NAME_WORD}){{0,2}})(?=[ \t]*(?:[,:!<\-–]|$|[ \t]))",
    re.M,
)


def _addressed(match: re.Match[str], text: str) -> tuple[float, dict[str, Any]]:
    found = words(text, *match.span("name"))
    kept: list[tuple[int, int, str]] = []
    for start, end, word in found:
        if not (is_capitalised_name_word(word) or (not kept and is_first_name(word))):
            break
        kept.append((start, end, word))
    if not kept:
        return 0.0, {}
    name = text[kept[0][0] : kept[-1][1]]
    if NOT_A_NAME.search(name) or (len(kept) == 1 and not is_first_name(kept[0][2])):
        return 0.0, {}
    return 0.7, {"start": kept[0][0], "end": kept[-1][1]}


class AddressedNameRecognizer(RegexRecognizer):
    def __init__(self, score: float = 0.7) -> None:
        super().__init__(
            PERSON, [RegexRule("addressed-name", _ADDRESSED, score, validate=_addressed)], "AddressedNameRecognizer"
        )

    def result(self, start: int, end: int, score: float, rule: str, detail: dict[str, Any]):  # noqa: ANN201
        return super().result(int(detail.pop("start", start)), int(detail.pop("end", end)), score, rule, detail)
