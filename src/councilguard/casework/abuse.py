"""Abuse a councillor received: what kind it is, who sent it, and what to do next.

``classify`` maps the checker's findings on a message (rule ids, the terms each finding
matched) to the categories the Staying safe guidance and the Police deal in: a threat of
violence, harassment, hate, sexual abuse, the councillor's address or family published,
and impersonation. The checker judges what a councillor is about to send; here the same
detectors read what somebody sent *to* them, so the word lists the pack keeps (threats,
slurs, ...) say which kind of abuse a finding is.

Reports from one sender (the handle normalised per platform) are linked; two or more to
the same councillor are a course of conduct, which is what harassment is in law
(Protection from Harassment Act 1997, s.7(3)).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from councilguard.checker.pii.addresses import STREET_SUFFIXES

THREAT = "threat"
HARASSMENT = "harassment"
HATE = "hate"
SEXUAL = "sexual"
ADDRESS_OR_FAMILY = "address-or-family"
IMPERSONATION = "impersonation"

CATEGORY_LABELS = {
    THREAT: "Threat of violence",
    HARASSMENT: "Harassment",
    HATE: "Hate",
    SEXUAL: "Sexual",
    ADDRESS_OR_FAMILY: "Your address or family published",
    IMPERSONATION: "Impersonation",
}
CATEGORIES = tuple(CATEGORY_LABELS)
COURSE_OF_CONDUCT_AT = 2

# Which of the pack's word lists says which category a matched term belongs to.
LEXICON_CATEGORIES: dict[str, str] = {
    "threats": THREAT,
    "slurs": HATE,
    "hateful_phrases": HATE,
    "group_demeaning": HATE,
    "protected_groups": HATE,
    "indecent_material": SEXUAL,
    "body_targets": SEXUAL,
    "abusive_insults": HARASSMENT,
    "profanity": HARASSMENT,
    "personal_insults": HARASSMENT,
    "safety_whereabouts": ADDRESS_OR_FAMILY,
    "safety_home_empty": ADDRESS_OR_FAMILY,
}
# A rule's finding counts as a category even when no list names the term (a model
# score, a pattern).
RULE_CATEGORIES: dict[str, str] = {
    "indecent-or-illegal": SEXUAL,
    "personal-attack": HARASSMENT,
    "personal-data": ADDRESS_OR_FAMILY,
    "personal-safety": ADDRESS_OR_FAMILY,
}

_STREET_ADDRESS = re.compile(
    rf"\b\d{{1,4}}[A-Za-z]?,?\s+(?:[A-Z][\w'’\-]*\s+){{1,3}}(?:{STREET_SUFFIXES})\b", re.UNICODE
)
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b")
_FAMILY = re.compile(
    r"\b(?:your|ur)\s+(?:wife|husband|partner|kids?|children|son|daughter|boys|girls|family|mum|mother|"
    r"dad|father|grandchildren)\b[^.!?\n]{0,60}\b(?:school|live|lives|house|home|address|street|work|works|"
    r"nursery|college|know|seen|saw|follow|find)\b",
    re.IGNORECASE,
)

# Where each platform takes reports of abuse (shown to the councillor; never fetched).
REPORTING_ROUTES: dict[str, dict[str, str]] = {
    "twitter": {
        "name": "X (Twitter)",
        "url": "https://help.x.com/forms/safety-and-sensitive-content/abuse",
        "how": "Open the post, choose the three dots, then Report post; for a threat, also use the "
        "violent threats form at the address given.",
    },
    "facebook": {
        "name": "Facebook",
        "url": "https://www.facebook.com/help/181495968648557",
        "how": "Choose the three dots beside the post or comment, then Report, and pick the kind of abuse.",
    },
    "instagram": {
        "name": "Instagram",
        "url": "https://help.instagram.com/192435014247952",
        "how": "Tap the three dots above the post or in the message, then Report.",
    },
    "linkedin": {
        "name": "LinkedIn",
        "url": "https://www.linkedin.com/help/linkedin/answer/a1338436",
        "how": "Choose More on the post or message, then Report.",
    },
    "youtube": {
        "name": "YouTube",
        "url": "https://support.google.com/youtube/answer/2802027",
        "how": "Choose More beside the comment or video, then Report.",
    },
    "email": {
        "name": "E-mail",
        "url": "",
        "how": "Keep the message; forward it as an attachment to the ICT Service Desk so the sender can be blocked.",
    },
    "other": {"name": "Other", "url": "", "how": "Use the service's own Report option, and keep a copy."},
}
POLICE_ROUTE = (
    "Call 999 if you are in immediate danger. Otherwise report it to the Metropolitan Police on 101 "
    "or online at https://www.met.police.uk/ro/report/, and give them the evidence pack."
)


@dataclass(frozen=True)
class Classification:
    categories: tuple[str, ...]
    reasons: tuple[str, ...]  # one line per category: which finding or pattern, quoting the clause

    @property
    def threat(self) -> bool:
        return THREAT in self.categories

    @property
    def labels(self) -> list[str]:
        return [CATEGORY_LABELS[c] for c in self.categories]


def _term_index(lexicons: Mapping[str, Iterable[str]]) -> list[tuple[str, bool, str]]:
    """(term lowercased, is a prefix pattern, category) for the lists that name a category."""
    index = []
    for name, category in LEXICON_CATEGORIES.items():
        for term in lexicons.get(name, ()):
            term = term.strip().lower()
            if term:
                index.append((term.rstrip("*"), term.endswith("*"), category))
    return index


def _categories_of_term(matched: str, index: list[tuple[str, bool, str]]) -> set[str]:
    word = matched.strip().lower()
    return {cat for term, prefix, cat in index if word == term or (prefix and word.startswith(term))}


def classify(
    text: str,
    findings: Sequence[Mapping[str, Any]],
    lexicons: Mapping[str, Iterable[str]],
    *,
    impersonation: bool = False,
    course_of_conduct: bool = False,
) -> Classification:
    """The categories a received message falls in, from the checker's ``findings``
    (dicts in the checker's JSON shape) and the pack's ``lexicons``."""
    index = _term_index(lexicons)
    found: dict[str, str] = {}

    def add(category: str, reason: str) -> None:
        found.setdefault(category, reason)

    for finding in findings:
        rule = str(finding.get("rule", ""))
        clauses = ", ".join(finding.get("clauses") or [])
        matched = [str(m) for m in (finding.get("evidence") or {}).get("matched", [])]
        for term in matched:
            for category in sorted(_categories_of_term(term, index)):
                add(category, f"“{term}” ({rule}, {clauses})")
        if rule in RULE_CATEGORIES:
            add(RULE_CATEGORIES[rule], f"{finding.get('message') or rule} ({rule}, {clauses})")
        elif rule == "offensive-content" and not matched:
            add(HARASSMENT, f"abusive language ({rule}, {clauses})")
    address = _STREET_ADDRESS.search(text) or _POSTCODE.search(text)
    if address:
        add(ADDRESS_OR_FAMILY, f"an address: “{address.group(0)}” (SM.personal-safety)")
    family = _FAMILY.search(text)
    if family:
        add(ADDRESS_OR_FAMILY, f"your family: “{family.group(0)}” (SM.personal-safety)")
    if impersonation:
        add(IMPERSONATION, "the sender pretends to be you (reported by the councillor)")
    if course_of_conduct:
        add(HARASSMENT, f"{COURSE_OF_CONDUCT_AT} or more reports from this sender: a course of conduct")
    ordered = tuple(c for c in CATEGORIES if c in found)
    return Classification(categories=ordered, reasons=tuple(f"{CATEGORY_LABELS[c]}: {found[c]}" for c in ordered))


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def sender_key(platform: str, handle: str) -> str:
    """One sender however the handle was typed: case, spaces and a leading @ do not
    matter; an e-mail address is compared whole; a Facebook name by its words."""
    platform = (platform or "other").strip().lower()
    value = _fold(handle).strip()
    if platform == "email":
        value = value.replace(" ", "")
    elif platform == "facebook":
        value = " ".join(value.split())
    else:
        value = value.lstrip("@").replace(" ", "")
    return f"{platform}:{value}"


def course_of_conduct(report_count: int) -> bool:
    return report_count >= COURSE_OF_CONDUCT_AT


def looks_like_impersonation(handle: str, own_handles: Iterable[str], own_name: str) -> bool:
    """A sender whose handle copies one of the councillor's own (one or two letters
    changed) or spells their name with "cllr"/"councillor": a likely impersonator."""
    candidate = re.sub(r"[^a-z0-9]", "", _fold(handle))
    if not candidate:
        return False
    for own in own_handles:
        mine = re.sub(r"[^a-z0-9]", "", _fold(own))
        if mine and candidate != mine and _edit_distance(candidate, mine) <= 2:
            return True
    surname = re.sub(r"[^a-z0-9]", "", _fold(own_name.split()[-1])) if own_name.split() else ""
    return bool(surname) and surname in candidate and ("cllr" in candidate or "councillor" in candidate)


def _edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def reporting_route(platform: str) -> dict[str, str]:
    return REPORTING_ROUTES.get((platform or "").lower(), REPORTING_ROUTES["other"])
