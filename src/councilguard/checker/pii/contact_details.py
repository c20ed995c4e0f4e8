"""E-mail addresses (offline), phone numbers from abroad, dates of birth and case or
reference numbers."""

# ruff: noqa: E501 (pattern tables: one group of alternatives per line reads best)

from __future__ import annotations

import bisect
import re
from typing import Any

import phonenumbers
from presidio_analyzer.predefined_recognizers import EmailRecognizer

from .checksums import uk_phone_is_plausible
from .entities import CASE_REFERENCE, DATE_OF_BIRTH, PHONE
from .offline import offline_tld_extractor
from .regex_recognizer import RegexRecognizer, RegexRule

_WORD = re.compile(r"\S+")


class OfflineEmailRecognizer(EmailRecognizer):
    """Presidio's e-mail recognizer validates the domain with ``tldextract.extract``,
    whose module-level extractor fetches the Public Suffix List over HTTP on first use.
    This one asks an extractor that only ever reads tldextract's bundled snapshot."""

    def validate_result(self, pattern_text: str) -> bool:
        return offline_tld_extractor()(pattern_text.rsplit("@", 1)[-1]).suffix != ""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: Any = None, regex_flags: int | None = None
    ) -> list:
        """Presidio's pattern, run only on the words that hold an "@". An address has no
        white space in it, so this finds exactly what the whole text would, without the
        pattern's slow backtracking over every other word of a long e-mail."""
        words = [m for m in _WORD.finditer(text) if "@" in m.group()]
        if not words:
            return []
        joined, starts, origins = "", list[int](), list[int]()
        for word in words:
            starts.append(len(joined))
            origins.append(word.start())
            joined += word.group() + " "
        results = super().analyze(joined, entities, nlp_artifacts, regex_flags)
        for result in results:
            at = bisect.bisect_right(starts, result.start) - 1
            shift = origins[at] - starts[at]  # back to the word's place in the text
            result.start += shift
            result.end += shift
        return results


def email_recognizer() -> OfflineEmailRecognizer:
    return OfflineEmailRecognizer(name="OfflineEmailRecognizer")


# --- phone numbers from abroad -----------------------------------------------------------

# UK numbers are the UkPhoneRecognizer's (uk_identifiers.py), which knows the UK's
# numbering plan. A resident's relative in Spain, or a caller from overseas, has a number
# too: one written with its country code ("+34 612 345 678"), or one the text labels as
# a number ("Phone: 905-674-3793", "call me at 0494 92 82 32"), whatever its format.
_INTERNATIONAL = re.compile(
    r"(?<![\w+])(?P<phone>\+(?!44)\d{1,3}[ \t\-.]?(?:\(0\)[ \t]?)?\(?\d[\d \t().\-]{5,18}\d"
    r"(?:[ \t]*(?:x|ext\.?)[ \t]*\d{1,5})?)(?![\d])",
    re.I,
)
_LABELLED = re.compile(
    r"\b(?:phone|tel(?:ephone)?|mob(?:ile)?|cell|desk|fax|landline|whatsapp"
    r"|(?:call|ring|text|reach)(?:[ \t]+(?:me|us|him|her|them))?[ \t]+(?:on|at)"
    r"|(?:number|no\.?)[ \t]+is|messages[ \t]+to|answering[ \t]+at)"
    r"[ \t]*[:.\-]?[ \t]*(?P<phone>\(?\d[\d \t().\-]{5,22}\d(?:[ \t]*(?:x|ext\.?)[ \t]*\d{1,5})?)(?![\d])",
    re.I,
)
_DATE_SHAPED = re.compile(r"(?:19|20)\d\d[\-./]\d\d?[\-./]\d\d?|\d\d?[\-./]\d\d?[\-./](?:19|20)?\d\d")
# Starts only where a run of blanks starts: from every blank of a long run it was quadratic.
_EXTENSION = re.compile(r"(?<![ \t])[ \t]*(?:x|ext\.?)[ \t]*\d{1,5}$", re.I)


def _international(match: re.Match[str], text: str) -> tuple[float, dict[str, Any]]:
    raw = _EXTENSION.sub("", match.group("phone"))
    try:
        number = phonenumbers.parse(raw, None)
    except phonenumbers.NumberParseException:
        return 0.0, {}
    return (0.85, {"national": raw}) if phonenumbers.is_possible_number(number) else (0.0, {})


def _labelled(match: re.Match[str], text: str) -> tuple[float, dict[str, Any]]:
    raw = _EXTENSION.sub("", match.group("phone"))
    digits = re.sub(r"\D", "", raw)
    if not 7 <= len(digits) <= 15 or _DATE_SHAPED.fullmatch(raw.strip()):
        return 0.0, {}
    if digits.startswith("0") and len(digits) in (10, 11) and uk_phone_is_plausible(digits):
        return 0.0, {}  # a UK number: the UK recognizer's, which knows the numbering plan
    return 0.85, {"national": digits}


def phone_abroad_recognizer() -> RegexRecognizer:
    return RegexRecognizer(
        PHONE,
        [
            RegexRule("international-phone", _INTERNATIONAL, 0.85, group="phone", validate=_international),
            RegexRule("labelled-phone", _LABELLED, 0.85, group="phone", validate=_labelled),
        ],
        "PhoneAbroadRecognizer",
    )


# --- dates of birth -------------------------------------------------------------------

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE = (
    rf"(?:\d{{1,2}}[/.\-]\d{{1,2}}[/.\-](?:\d{{4}}|\d{{2}})"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?[ \t]+(?:of[ \t]+)?{_MONTH},?[ \t]+\d{{4}}"
    rf"|{_MONTH}[ \t]+\d{{1,2}}(?:st|nd|rd|th)?,?[ \t]+\d{{4}})"
)
_DOB = re.compile(
    rf"(?:\bborn(?:[ \t]+on)?|\bd\.?o\.?b\.?|\bdate[ \t]+of[ \t]+birth|\bbirth[ \t]*date|\bbirthday(?:[ \t]+is)?)"
    rf"[ \t]*(?:is[ \t]+)?[:\-–]?[ \t]*(?P<date>{_DATE})",
    re.I,
)
# "(born 1984)", "born in 1951": a year of birth with a name narrows a person down too.
_BIRTH_YEAR = re.compile(r"\bborn[ \t]+(?:in[ \t]+)?(?P<date>(?:19|20)\d{2})\b", re.I)


def date_of_birth_recognizer() -> RegexRecognizer:
    return RegexRecognizer(
        DATE_OF_BIRTH,
        [
            RegexRule("dob", _DOB, 0.9, group="date"),
            RegexRule("birth-year", _BIRTH_YEAR, 0.6, group="date"),
        ],
        "UkDateOfBirthRecognizer",
    )


# --- case and reference numbers ----------------------------------------------------------

# Casework references tie a person to a council, police or benefits file. Planning and
# licensing application numbers are public registers, so they are not listed here.
_REF_SHAPE = r"(?:[A-Z]{1,6}[\-/]){0,3}[A-Z]{0,6}[\-/]?\d[A-Z0-9]*(?:[\-/][A-Z0-9]+){0,4}"
_CASE = re.compile(
    r"\b(?:case|our[ \t]+ref|your[ \t]+ref|ref(?:erence)?|crime(?:[ \t]+ref(?:erence)?)?|tenancy|"
    r"council[ \t]+tax(?:[ \t]+account)?|CT[ \t]+account|benefits?(?:[ \t]+claim)?|claim|complaint|enquiry|"
    r"member[ \t]+enquiry|customer|housing(?:[ \t]+register)?|CRN|URN|account|application|"
    r"Homechoice|Home[ \t]?Finder|PIP|ESA|UC|Universal[ \t]+Credit|DWP)"
    r"[ \t]*(?:no\.?|number|num|ref(?:erence)?|id)?[ \t]*(?:is[ \t]+|was[ \t]+|of[ \t]+)?[:#.]?[ \t]*"
    rf"(?P<ref>\d{{4}}[ \t]\d{{4}}(?:[ \t]\d{{2,4}})?|{_REF_SHAPE})\b",
    re.I,
)
# A casework reference written on its own, in the shapes councils' systems give them:
# letters, then numbers, with slashes or hyphens ("ASB/23/0456", "HSG-118276",
# "SWF/CG/2024/81122"). At least five digits, and capitals only, so a model number,
# "COVID-19" or a road ("A127") is not one; a planning application ("23/01234/FUL")
# starts with digits and is a public register. Linked to a person later, like any.
_CASE_SHAPED = re.compile(r"(?<![\w/\-])(?P<ref>[A-Z]{2,5}(?:[\-/][A-Z]{1,5}){0,2}(?:[\-/]\d{2,8}){1,3})(?![\w/\-])")


def _case(match: re.Match[str], text: str) -> tuple[float, dict[str, Any]]:
    ref = match.group("ref")
    digits = sum(c.isdigit() for c in ref)
    if digits < 4 or len(ref) < 5:
        return 0.0, {}
    if re.fullmatch(r"(?:19|20)\d{2}", ref):  # "complaint 2024" is a year
        return 0.0, {}
    if _PUBLIC_REFERENCE.match(ref):
        return 0.0, {}
    return 0.8, {}


# A planning or licensing application ("26/0412/FUL", "P1234.19") is on a public register,
# and a Freedom of Information request's number is about the request, not a person.
_PUBLIC_REFERENCE = re.compile(r"\d{2,4}/\d{2,6}/[A-Z]{2,6}$|(?:FOI|EIR)\b", re.I)


def _case_shaped(match: re.Match[str], text: str) -> tuple[float, dict[str, Any]]:
    ref = match.group("ref")
    if sum(c.isdigit() for c in ref) < 5 or _PUBLIC_REFERENCE.match(ref):
        return 0.0, {}
    return 0.7, {}


def case_reference_recognizer() -> RegexRecognizer:
    return RegexRecognizer(
        CASE_REFERENCE,
        [
            RegexRule("case-ref", _CASE, 0.8, group="ref", validate=_case),
            RegexRule("case-shaped", _CASE_SHAPED, 0.7, group="ref", validate=_case_shaped),
        ],
        "CaseReferenceRecognizer",
    )
