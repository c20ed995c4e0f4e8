"""UK identifiers: National Insurance and NHS numbers, phone numbers, postcodes.

Presidio ships a UK NINO recognizer (switched off by default, and it accepts a few
prefixes HMRC never issues), an NHS recognizer, and a postcode recognizer that scores
every postcode 0.1. These replace them with stricter validation and scores that mean
something, and add UK phone numbers in national and +44 forms, including the Ofcom
drama ranges that libphonenumber rejects.
"""

from __future__ import annotations

import re
from typing import Any

from .checksums import is_drama_number, nhs_is_valid, nino_is_valid, uk_phone_is_plausible
from .entities import NHS_NUMBER, NI_NUMBER, PHONE, POSTCODE
from .regex_recognizer import RegexRecognizer, RegexRule, near_before

# --- National Insurance numbers ---------------------------------------------------------

_NINO_CONTEXT = re.compile(r"national\s+insurance|\bN\.?I\.?\s*(?:no|num|number)\b|\bNINO\b|\bNI\b", re.I)
_NINO = re.compile(r"(?<![\w/])([A-Za-z]{2})[ \-]?(\d{2})[ \-]?(\d{2})[ \-]?(\d{2})(?:[ \-]?([A-Da-d]))?(?![\w/])")


def _nino(match: re.Match[str], text: str) -> tuple[float, dict[str, Any]]:
    if not nino_is_valid(match.group(0)):
        return 0.0, {}
    context = near_before(text, match.start(), _NINO_CONTEXT, 50)
    # Lower-case letters or a missing suffix are how NI numbers look when typed in a
    # hurry, but also how other codes look: only with "NI number" nearby.
    formal = match.group(1).isupper() and match.group(5) is not None and match.group(5).isupper()
    if not (formal or context):
        return 0.0, {}
    return (0.95 if context else 0.85), {}


def nino_recognizer() -> RegexRecognizer:
    return RegexRecognizer(NI_NUMBER, [RegexRule("ni-number", _NINO, 0.85, validate=_nino)], "UkNinoRecognizer")


# --- NHS numbers ------------------------------------------------------------------------

_NHS_CONTEXT = re.compile(r"\bNHS\b|health\s+service|hospital\s+number", re.I)
_NHS = re.compile(r"(?<![\d+])(\d{3})([ \-]?)(\d{3})\2(\d{4})(?![\d])")


def _nhs(match: re.Match[str], text: str) -> tuple[float, dict[str, Any]]:
    if not nhs_is_valid(match.group(0)):
        return 0.0, {}
    if near_before(text, match.start(), _NHS_CONTEXT, 50):
        return 0.95, {}
    # One random ten-digit number in eleven passes the checksum: without "NHS" nearby
    # only the NHS's own 3-3-4 layout makes it likely.
    return (0.6 if match.group(2) else 0.3), {}


def nhs_recognizer() -> RegexRecognizer:
    return RegexRecognizer(NHS_NUMBER, [RegexRule("nhs-number", _NHS, 0.6, validate=_nhs)], "UkNhsRecognizer")


# --- phone numbers ----------------------------------------------------------------------

_PHONE_CONTEXT = re.compile(r"\b(?:tel|telephone|phone|mobile|mob|call|ring|text|number|whatsapp|contact)\b", re.I)
_PHONE = re.compile(r"(?<![\w+])(?:\+44|0044|\(?0)[0-9 ()\-.]{8,17}[0-9](?![\d])")
_SEPARATORS = re.compile(r"[ ()\-.]+")


def _national_digits(raw: str) -> str:
    digits = re.sub(r"\D", "", raw)
    if raw.startswith("+44") or raw.startswith("0044"):
        rest = digits[2:] if raw.startswith("+") else digits[4:]
        # "+44 (0)20 …": the bracketed trunk zero is written by habit, not dialled.
        rest = rest[1:] if rest.startswith("0") else rest
        return "0" + rest
    return digits


def _phone(match: re.Match[str], text: str) -> tuple[float, dict[str, Any]]:
    digits = _national_digits(match.group(0).strip())
    if not uk_phone_is_plausible(digits):
        return 0.0, {}
    score = 0.95 if near_before(text, match.start(), _PHONE_CONTEXT, 30) else 0.8
    return score, {"drama_range": is_drama_number(digits), "national": digits}


class UkPhoneRecognizer(RegexRecognizer):
    """UK numbers; a candidate that runs into following digits ("07911 123456 12") is
    shortened at a separator until it is a plausible number, or dropped."""

    def __init__(self) -> None:
        super().__init__(PHONE, [RegexRule("uk-phone", _PHONE, 0.8, validate=_phone)], "UkPhoneRecognizer")

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list:
        if entities and PHONE not in entities:
            return []
        results = []
        for match in _PHONE.finditer(text):
            end = match.end()
            while end > match.start():
                candidate = _PHONE.fullmatch(text, match.start(), end)
                if candidate is not None:
                    score, detail = _phone(candidate, text)
                    if score > 0:
                        start = match.start()
                        # "(07911 123456)": the bracket opens the aside, not the number; it
                        # belongs to the number only when it closes inside it ("(01708) 432515").
                        if text[start] == "(" and ")" not in text[start:end]:
                            start += 1
                        results.append(self.result(start, end, score, "uk-phone", detail))
                        break
                cut = [m.start() for m in _SEPARATORS.finditer(text, match.start(), end)]
                if not cut:
                    break
                end = cut[-1]
        return results


# --- postcodes --------------------------------------------------------------------------

# Royal Mail's position rules (as in Presidio's recognizer), upper case only: a lower-case
# "nv4 2pd" is rare in writing, and matching case-blind finds "in 2pm"-like noise.
_POSTCODE = re.compile(
    r"(?<![\w])("
    r"GIR ?0AA"
    r"|[A-PR-UWYZ][0-9][ABCDEFGHJKPSTUW]? ?[0-9][ABD-HJLNP-UW-Z]{2}"
    r"|[A-PR-UWYZ][0-9]{2} ?[0-9][ABD-HJLNP-UW-Z]{2}"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY]? ?[0-9][ABD-HJLNP-UW-Z]{2}"
    r"|[A-PR-UWYZ][A-HK-Y][0-9]{2} ?[0-9][ABD-HJLNP-UW-Z]{2}"
    r")(?![\w])"
)


def postcode_recognizer() -> RegexRecognizer:
    # 0.5: a full postcode is about fifteen households. The linking step raises it when
    # an address or a person is next to it and leaves it alone otherwise.
    return RegexRecognizer(POSTCODE, [RegexRule("uk-postcode", _POSTCODE, 0.5)], "UkPostcodeRecognizer")
