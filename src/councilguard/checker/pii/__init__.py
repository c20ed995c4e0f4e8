"""Personal data in drafts, found with Microsoft Presidio and spaCy, offline and UK-aware.

    from councilguard.checker.pii import scan_analysis, find_disclosures
    scan = scan_analysis(analysis, "own")  # entities of the draft (cached per draft and scope)
    find_disclosures(text, scan.entities, analysis.ranges("own"))

Modules: ``analyzer`` (the Presidio engine, built once per process), ``uk_identifiers``,
``addresses``, ``contact_details``, ``special_category`` and ``references`` (what is
recognised), ``filters`` (what is not personal data after all), ``scan`` (the two-pass
search) and ``linking`` (whose data it is).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

# First, before any module here imports Presidio (and so tldextract): see offline.py.
from . import offline  # noqa: F401, I001
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
    "prepare_scans",
    "scan_analysis",
    "scan_text",
]

CACHE_KEY = "pii.scan"


def scan_text(
    text: str, context: Context | None = None, full: bool = False, within: list[tuple[int, int]] | None = None
) -> Scan:
    """See ``scan.scan_text``. Presidio and spaCy are imported on first use, so loading
    the checker (and running drafts that never need them) stays fast."""
    from .scan import scan_text as _scan_text

    return _scan_text(text, context, full, within)


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


# A scan for a scope serves every narrower one: disclosures are cut to the rule's own
# ranges afterwards (find_disclosures), so only the names NER looked for differ.
_SERVES = {"own": ("own", "sent", "all"), "sent": ("sent", "all"), "all": ("all",)}


def scan_analysis(analysis: Any, scope: str = "all") -> Scan:
    """Scan a draft once per scope; every rule and detector that needs personal data in
    that scope shares it through ``analysis.cache``. Names are looked for (spaCy NER)
    only around details inside the scope: a quoted reply's or a signature's e-mail
    address does not send a member's own two lines through NER."""
    for wider in _SERVES[scope]:
        cached = analysis.cache.get(f"{CACHE_KEY}:{wider}")
        if cached is not None:
            return cached  # type: ignore[no-any-return]
    within = None if scope == "all" else analysis.ranges(scope)
    scan = scan_text(analysis.text, context_for(analysis), within=within)
    analysis.cache[f"{CACHE_KEY}:{scope}"] = scan
    return scan


def prepare_scans(requests: list[tuple[Any, str]]) -> None:
    """Put in each analysis's cache the scans that ``scan_analysis(analysis, scope)``
    would compute for these requests, asked in this order, with every draft's NER
    windows read in one spaCy batch (scan.scan_many). A later scan_analysis call then
    finds its scan ready, exactly as it would have computed it."""
    todo: list[tuple[Any, str]] = []
    planned: set[tuple[int, str]] = set()
    for analysis, scope in requests:
        served = any(
            analysis.cache.get(f"{CACHE_KEY}:{wider}") is not None or (id(analysis), wider) in planned
            for wider in _SERVES[scope]
        )
        if not served:
            planned.add((id(analysis), scope))
            todo.append((analysis, scope))
    if not todo:
        return
    from .scan import scan_many

    scans = scan_many([(a.text, context_for(a), None if scope == "all" else a.ranges(scope)) for a, scope in todo])
    for (analysis, scope), scan in zip(todo, scans, strict=True):
        analysis.cache[f"{CACHE_KEY}:{scope}"] = scan
