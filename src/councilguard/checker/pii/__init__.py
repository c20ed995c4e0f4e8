"""Personal data in drafts, found with Microsoft Presidio and spaCy, offline and UK-aware.

    from councilguard.checker.pii import scan_analysis, find_disclosures
    scan = scan_analysis(analysis)        # entities in the whole draft (cached per draft)
    find_disclosures(text, scan.entities, analysis.ranges("own"))

Modules: ``analyzer`` (the Presidio engine, built once per process), ``uk_identifiers``,
``addresses``, ``contact_details``, ``special_category`` and ``references`` (what is
recognised), ``filters`` (what is not personal data after all), ``scan`` (the two-pass
search) and ``linking`` (whose data it is).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .entities import Entity
from .filters import Context, address_tokens
from .linking import Disclosure, find_disclosures

if TYPE_CHECKING:
    from .scan import Scan

__all__ = [
    "Context",
    "Disclosure",
    "Entity",
    "Scan",
    "context_for",
    "find_disclosures",
    "scan_analysis",
    "scan_text",
]

CACHE_KEY = "pii.scan"


def scan_text(text: str, context: Context | None = None, full: bool = False) -> Scan:
    """See ``scan.scan_text``. Presidio and spaCy are imported on first use, so loading
    the checker (and running drafts that never need them) stays fast."""
    from .scan import scan_text as _scan_text

    return _scan_text(text, context, full)


def context_for(analysis: Any) -> Context:
    """The author's own name and address, and which addresses are organisations'."""
    draft = analysis.draft
    protocol = analysis.protocol
    tokens: set[str] = set()
    if draft.sender:
        tokens |= address_tokens(draft.sender)
    if draft.author:
        tokens |= address_tokens(draft.author.replace("-", ".").replace(" ", "."))
    own = {draft.sender.lower()} if draft.sender else set()

    def organisational(address: str) -> bool:
        return protocol is not None and protocol.is_council_address(address)

    return Context(author_tokens=tokens, own_addresses=own, is_organisational_address=organisational)


def scan_analysis(analysis: Any) -> Scan:
    """Scan a draft once; every rule and detector that needs personal data shares it
    through ``analysis.cache`` (the spaCy docs NER read are in ``scan.docs``)."""
    cached = analysis.cache.get(CACHE_KEY)
    if cached is None:
        cached = scan_text(analysis.text, context_for(analysis))
        analysis.cache[CACHE_KEY] = cached
    return cached  # type: ignore[return-value]
