"""The personal-data entity types the checker knows, and how a reader names them.

Every recognizer reports one of these types; rules, evidence, redaction placeholders and
the evaluation all use the same names, so nothing needs translating between them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PERSON = "PERSON"
ADDRESS = "ADDRESS"  # a house number and street: a home
STREET = "STREET"  # a street without a number: locates a matter, identifies nobody
POSTCODE = "UK_POSTCODE"  # a full postcode (about fifteen households; "the NV4 area" is not one)
PHONE = "PHONE_NUMBER"
EMAIL = "EMAIL_ADDRESS"
DATE_OF_BIRTH = "DATE_OF_BIRTH"
NI_NUMBER = "UK_NINO"
NHS_NUMBER = "UK_NHS"
CASE_REFERENCE = "CASE_REFERENCE"
SPECIAL_CATEGORY = "SPECIAL_CATEGORY"

# Found by regular expressions and lexicons: cheap, run on every draft.
PATTERN_ENTITIES = (
    ADDRESS, STREET, POSTCODE, PHONE, EMAIL, DATE_OF_BIRTH,
    NI_NUMBER, NHS_NUMBER, CASE_REFERENCE, SPECIAL_CATEGORY,
)  # fmt: skip
# Found by spaCy's named-entity recogniser: the expensive part, run only when needed.
NER_ENTITIES = (PERSON,)

# Details that single out one person once a name (or "my neighbour") is attached.
IDENTIFIERS = frozenset({ADDRESS, POSTCODE, PHONE, EMAIL, DATE_OF_BIRTH, NI_NUMBER, NHS_NUMBER, CASE_REFERENCE})
# Details that identify a person on their own, with no name anywhere near them.
SELF_IDENTIFYING = frozenset({NI_NUMBER, NHS_NUMBER})

# How a message and a redaction placeholder name each type.
LABELS = {
    PERSON: "name",
    ADDRESS: "home address",
    STREET: "street",
    POSTCODE: "postcode",
    PHONE: "phone number",
    EMAIL: "e-mail address",
    DATE_OF_BIRTH: "date of birth",
    NI_NUMBER: "National Insurance number",
    NHS_NUMBER: "NHS number",
    CASE_REFERENCE: "case reference",
    SPECIAL_CATEGORY: "sensitive details",
}

# Special-category data (UK GDPR Article 9, and criminal allegations under Article 10).
SPECIAL_CATEGORIES = {
    "health": "health",
    "ethnicity": "ethnic origin",
    "religion": "religion",
    "sexuality": "sexuality",
    "criminal": "criminal allegations",
}


@dataclass(frozen=True)
class Entity:
    """One piece of personal data, with offsets into the original draft text."""

    type: str
    start: int
    end: int
    score: float
    # Recognizer-specific detail: the special category, "drama range", the NER label…
    detail: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def overlaps(self, other: Entity) -> bool:
        return self.start < other.end and other.start < self.end

    @property
    def label(self) -> str:
        return LABELS.get(self.type, self.type.lower().replace("_", " "))
