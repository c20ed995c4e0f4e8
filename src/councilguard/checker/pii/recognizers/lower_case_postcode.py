"""Postcodes typed in lower or mixed case, as people write them in a hurry: "rm3 7qt",
"Rm12 4ru", "e17 4pq". Only with the space between the two halves: without it, lower
case finds noise ("in2pm"-like fragments, product codes). The upper-case forms are the
main postcode recognizer's (uk_identifiers); Royal Mail's position rules are the same."""

from __future__ import annotations

import re
from typing import Any

from ..entities import POSTCODE
from ..regex_recognizer import RegexRecognizer, RegexRule

_INWARD = r"[ \t][0-9][abd-hjlnp-uw-z]{2}"
_LOWER_POSTCODE = re.compile(
    r"(?<![\w])(?:"
    rf"[a-pr-uwyz][0-9][abcdefghjkpstuw]?{_INWARD}"
    rf"|[a-pr-uwyz][0-9]{{2}}{_INWARD}"
    rf"|[a-pr-uwyz][a-hk-y][0-9][abehmnprvwxy]?{_INWARD}"
    rf"|[a-pr-uwyz][a-hk-y][0-9]{{2}}{_INWARD}"
    r")(?![\w])",
    re.I,
)


def lower_case_postcode_recognizer(score: float = 0.5) -> RegexRecognizer:
    def _not_upper(match: re.Match[str], text: str) -> tuple[float, dict[str, Any]]:
        # "RM3 7QT" in capitals is the main recognizer's: reporting it twice helps nobody.
        return (0.0, {}) if match.group().isupper() else (score, {})

    return RegexRecognizer(
        POSTCODE,
        [RegexRule("lower-case-postcode", _LOWER_POSTCODE, score, validate=_not_upper)],
        "LowerCasePostcodeRecognizer",
    )
