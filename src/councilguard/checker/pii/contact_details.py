"""E-mail addresses (offline), dates of birth and case or reference numbers."""

# ruff: noqa: E501 (pattern tables: one group of alternatives per line reads best)

from __future__ import annotations

import re
from typing import Any

from presidio_analyzer.predefined_recognizers import EmailRecognizer

from .entities import CASE_REFERENCE, DATE_OF_BIRTH
from .offline import offline_tld_extractor
from .regex_recognizer import RegexRecognizer, RegexRule


class OfflineEmailRecognizer(EmailRecognizer):
    """Presidio's e-mail recognizer validates the domain with ``tldextract.extract``,
    whose module-level extractor fetches the Public Suffix List over HTTP on first use.
    This one asks an extractor that only ever reads tldextract's bundled snapshot."""

    def validate_result(self, pattern_text: str) -> bool:
        return offline_tld_extractor()(pattern_text.rsplit("@", 1)[-1]).suffix != ""


def email_recognizer() -> OfflineEmailRecognizer:
    return OfflineEmailRecognizer(name="OfflineEmailRecognizer")


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
_CASE = re.compile(
    r"\b(?:case|our[ \t]+ref|your[ \t]+ref|ref(?:erence)?|crime(?:[ \t]+ref(?:erence)?)?|tenancy|"
    r"council[ \t]+tax(?:[ \t]+account)?|benefits?(?:[ \t]+claim)?|claim|complaint|enquiry|"
    r"member[ \t]+enquiry|customer|housing(?:[ \t]+register)?|CRN|URN)"
    r"[ \t]*(?:no\.?|number|num|ref(?:erence)?|id)?[ \t]*[:#.]?[ \t]*"
    r"(?P<ref>[A-Z]{0,6}[\-/]?\d[A-Z0-9]*(?:[\-/][A-Z0-9]+){0,4})\b",
    re.I,
)


def _case(match: re.Match[str], text: str) -> tuple[float, dict[str, Any]]:
    ref = match.group("ref")
    digits = sum(c.isdigit() for c in ref)
    if digits < 4 or len(ref) < 5:
        return 0.0, {}
    if re.fullmatch(r"(?:19|20)\d{2}", ref):  # "complaint 2024" is a year
        return 0.0, {}
    return 0.8, {}


def case_reference_recognizer() -> RegexRecognizer:
    return RegexRecognizer(
        CASE_REFERENCE,
        [RegexRule("case-ref", _CASE, 0.8, group="ref", validate=_case)],
        "CaseReferenceRecognizer",
    )
