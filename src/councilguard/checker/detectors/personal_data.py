"""Detector type ``personal_data``: a private individual's personal data, found by the
Presidio-based scanner in ``checker/pii`` and linked to the person it belongs to.

params:
  scope: own (default: the author's words) | sent (also quoted replies and forwards,
         which go to the recipients too) | all
  entities: only report disclosures that include one of these entity types (default:
         any); e.g. [UK_NHS, UK_NINO]
  min_confidence: drop disclosures scored below this (default 0.5)

One Hit per person disclosed. Its spans cover the personal data (names and details,
not "my neighbour"); evidence lists the entity types, the special categories, and
``entity_spans`` ("start:end TYPE") so the redaction helper can name each placeholder;
facts for severity conditions and messages:
  details              "their phone number and home address"
  recipient_is_subject the e-mail's recipients outside the council are this person
  entity_kind          "special_category" when health, faith, ethnicity, sexuality or
                       a criminal allegation is involved, else "identifiers"
"""

from __future__ import annotations

from typing import Any

from ..pii import Disclosure, find_disclosures, prepare_scans, scan_analysis
from ..pii.entities import LABELS
from ..pii.filters import address_tokens, name_tokens
from ..text import Analysis
from .base import Hit, check_keys

KEYS = {"scope", "entities", "min_confidence"}
SCOPES = ("own", "sent", "all")


def validate(params: dict[str, Any]) -> list[str]:
    problems = check_keys(params, KEYS)
    if params.get("scope", "own") not in SCOPES:
        problems.append(f"scope must be one of {', '.join(SCOPES)}")
    entities = params.get("entities")
    if entities is not None:
        if not isinstance(entities, list):
            problems.append("entities must be a list of entity types")
        else:
            problems += [
                f"unknown entity type {e!r} (known: {', '.join(sorted(LABELS))})" for e in entities if e not in LABELS
            ]
    confidence = params.get("min_confidence", 0.5)
    if isinstance(confidence, bool) or not isinstance(confidence, int | float) or not 0 <= confidence <= 1:
        problems.append("min_confidence must be a number from 0 to 1")
    return problems


def prepare(requests: list[tuple[Analysis, dict[str, Any]]]) -> None:
    """Scan a batch of drafts for personal data at once (Checker.check_batch): one
    spaCy NER run over all their windows instead of one per draft."""
    prepare_scans([(analysis, params.get("scope", "own")) for analysis, params in requests])


def detect(analysis: Analysis, params: dict[str, Any]) -> list[Hit]:
    scope = params.get("scope", "own")
    scan = scan_analysis(analysis, scope)
    if not scan.entities:
        return []
    disclosures = find_disclosures(analysis.text, scan.entities, analysis.ranges(scope))
    wanted = set(params.get("entities") or ())
    minimum = float(params.get("min_confidence", 0.5))
    hits = []
    for disclosure in disclosures:
        if wanted and not wanted & set(disclosure.types):
            continue
        if disclosure.confidence < minimum:
            continue
        hits.append(_hit(analysis, disclosure))
    return hits


def _hit(analysis: Analysis, disclosure: Disclosure) -> Hit:
    special = bool(disclosure.categories)
    return Hit(
        spans=[(e.start, e.end) for e in disclosure.entities],
        confidence=disclosure.confidence,
        facts={
            "details": disclosure.describe(),
            "recipient_is_subject": recipient_is_subject(analysis, disclosure),
            "entity_kind": "special_category" if special else "identifiers",
        },
        evidence={
            "entities": disclosure.types,
            **({"special_categories": disclosure.categories} if special else {}),
            "entity_spans": [f"{e.start}:{e.end} {e.type}" for e in disclosure.entities],
            "named": bool(disclosure.named),
        },
    )


def recipient_is_subject(analysis: Analysis, disclosure: Disclosure) -> bool:
    """True when every recipient outside the council is the person the data is about
    (a reply to Mr Lee at d.lee@gmail.com that mentions his own details)."""
    draft = analysis.draft
    protocol = analysis.protocol
    outside = [r for r in draft.recipients.all() if not (protocol and protocol.is_council_address(r, draft.sender))]
    if not draft.is_email or not outside or not disclosure.named:
        return False
    text = analysis.text
    surnames = {name_tokens(text[p.start : p.end])[-1] for p in disclosure.named if name_tokens(text[p.start : p.end])}
    emails = {text[e.start : e.end].lower() for e in disclosure.details if e.type == "EMAIL_ADDRESS"}
    return all(r.lower() in emails or address_tokens(r) & surnames for r in outside)
