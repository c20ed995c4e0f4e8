"""Names after a courtesy, professional or family title: "Mr Graham Oduya", "mrs okoro",
"Dr Mensah", "Prof. Ramanathan", "Rev Canon Mary Ashdown", "Dame Joan Hill", "Lord Ashby",
"Mr and Mrs Begum", "Mr J. Smith", "Aunty Pat", "nanny rose". The title may be in lower
case; the name after it is one to three words (initials allowed). Whether a titled
person is a public figure in their role is decided by the filters (context), not here."""

from __future__ import annotations

import re
from typing import Any

from ..entities import PERSON
from ..names import INITIALS, NAME_WORD, can_follow_a_first_name, first_names, is_first_name
from ..regex_recognizer import RegexRecognizer, RegexRule
from ._words import words

TITLES = (
    r"Mr|Mrs|Ms|Miss|Mx|Dr|Doctor|Prof|Professor|Rev|Revd|Reverend|Canon|Father|Sir|Dame|Lord|Lady|"
    r"Cllr|Councillor|Aunty|Auntie|Uncle|Nanny|Nan|Grandad|Granny"
)
_TITLED = re.compile(
    rf"(?<![\w@])(?P<title>(?:(?:{TITLES})\.?[ \t]+(?:and[ \t]+|&[ \t]*)?){{1,3}})"
    rf"(?P<name>(?:{INITIALS})?{NAME_WORD}(?:[ \t]+(?:{INITIALS})?{NAME_WORD}){{0,2}})",
    re.I,
)
_COURTESY = {"mr", "mrs", "ms", "miss", "mx", "dr"}
_FAMILY = {"aunty", "auntie", "uncle", "nanny", "nan", "grandad", "granny"}
_TITLE_WORD = re.compile(rf"^(?:{TITLES})$", re.I)


def _titled(match: re.Match[str], text: str) -> tuple[float, dict[str, Any]]:
    found = words(text, *match.span("name"))
    kept = []
    for i, (_, _, word) in enumerate(found):
        if (
            _TITLE_WORD.match(word)
            or text[found[i][1] : found[i][1] + 1].isdigit()
            or (word.isupper() and len(word) > 1 and re.match(r"[ \t]?\d", text[found[i][1] :]))
        ):
            break  # another title, or the start of a postcode ("RM7 9HJ")
        # The first word after the title is the name whatever its case ("mrs okoro");
        # later ones only if they can be a surname and keep the first one's case.
        if i and not (can_follow_a_first_name(word) and (word[:1].isupper() or not found[0][2][:1].isupper())):
            break
        kept.append(found[i])
    initial = bool(kept) and len(kept[0][2]) == 1 and kept[0][2].isupper()  # "Mrs P"
    if not kept or not (can_follow_a_first_name(kept[0][2].rstrip(".")) or kept[0][2].endswith(".") or initial):
        return 0.0, {}
    title = match.group("title").split()[-1].rstrip(".")
    first = kept[0][2]
    # "mrs okoro" is a name in a hurry; "my sister lives", "the lady next door" are not.
    family = title.lower() in _FAMILY
    if (
        title[:1].islower()
        and title.lower() not in _COURTESY
        and not (first[:1].isupper() or is_first_name(first) or (family and first.lower() in first_names()))
    ):
        return 0.0, {}
    if title[:1].isupper() and title.lower() not in _COURTESY and first[:1].islower():
        return 0.0, {}
    return 0.85, {"end": kept[-1][1]}


class TitledNameRecognizer(RegexRecognizer):
    def __init__(self, score: float = 0.85) -> None:
        super().__init__(PERSON, [RegexRule("titled-name", _TITLED, score, validate=_titled)], "TitledNameRecognizer")

    def result(self, start: int, end: int, score: float, rule: str, detail: dict[str, Any]):  # noqa: ANN201
        # The span runs from the title to the last word kept as the name.
        return super().result(start, int(detail.pop("end", end)), score, rule, detail)
