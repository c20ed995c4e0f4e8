"""The engine: run every rule's detector on a draft, resolve severity from context,
and merge what they found into one finding per rule.

    checker = Checker()                       # loads the default pack once
    result = checker.check({"text": "…", "channel": "email"})
    result.verdict, result.to_dict()

A Checker is cheap to call and safe to share between threads: packs, lexicons and
models are loaded once; everything per draft lives in an ``Analysis``.
"""

from __future__ import annotations

import math
import os
import string
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from .detectors import DETECTORS
from .detectors.base import Hit
from .draft import Draft, DraftError
from .protocol import DEFAULT_PACK, Protocol, Rule, load_protocol
from .result import SEVERITY_RANK, Finding, Result, Span
from .text import Analysis

# A Hit's facts fill the placeholders of a rule's message ("{meeting}"); a missing one
# must not crash a check, so it is left as written.


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _fill(template: str, facts: dict[str, Any]) -> str:
    if "{" not in template:
        return template
    try:
        return string.Formatter().vformat(template, (), _Blank(facts))
    except (ValueError, IndexError):
        return template


def draft_facts(draft: Draft, protocol: Protocol) -> dict[str, Any]:
    """What severity conditions may test about the draft as a whole."""
    recipients = draft.recipients.all()
    council_recipients = [r for r in recipients if protocol.is_council_address(r, draft.sender)]
    roles = draft.extra.get("roles") or []
    return {
        "channel": draft.channel,
        "account": draft.account,
        "platform": draft.platform,
        "pre_election": draft.pre_election,
        "reply_all": draft.reply_all,
        "forwarded": draft.forwarded,
        "from_council_address": draft.account == "council"
        or bool(draft.sender and protocol.is_council_address(draft.sender)),
        "external_recipients": len(council_recipients) < len(recipients),
        "recipient_count": len(recipients),
        "to_council_officer": bool(recipients) and len(council_recipients) == len(recipients),
        "has_executive_role": any(
            executive.lower() in str(role).lower() for role in roles for executive in protocol.executive_roles
        ),
    }


# Matters decided quasi-judicially, and the committees that decide them.
_DECIDING = {
    "planning": ("planning", "development", "regulatory"),
    "licensing": ("licensing", "regulatory"),
    "regulatory": ("planning", "licensing", "regulatory", "appeals", "standards"),
}


def _condition_holds(key: str, expected: Any, facts: dict[str, Any], draft: Draft) -> bool:
    if key == "recipient_count_at_least":
        return int(facts.get("recipient_count", 0)) >= int(expected)
    if key == "on_deciding_committee":
        if facts.get("route") == "model" and "matter" not in facts:
            # A head knows a closed mind, not which committee decides the matter: it
            # never claims the author sits on it (so it warns rather than blocks).
            return not bool(expected)
        matter = facts.get("matter", "regulatory")
        words = _DECIDING.get(matter, _DECIDING["regulatory"])
        sits = any(w in c.lower() for c in draft.committees for w in words)
        return sits == bool(expected)
    actual = facts.get(key)
    if isinstance(expected, list):
        return actual in expected
    return actual == expected


def muted_by_context(rule: Rule, base: dict[str, Any], draft: Draft) -> bool:
    """True when the draft's own facts already decide that the rule is off, whatever
    its detector might find ("party-political-use" on a personal account): the
    detector is then not run at all. Cases are read in order, as resolve_severity
    does. A case that tests a fact only a hit can supply is passed over when one of its
    draft-level conditions already fails (no hit can change those: the draft's facts
    override a hit's), and otherwise leaves the rule undecided: so a reply to council
    officers alone mutes ``email-distribution-personal-data`` before any scan."""
    for case in rule.severity_when:
        draft_level = {k: v for k, v in case.when.items() if k in _DRAFT_LEVEL_KEYS}
        holds = all(_condition_holds(k, v, base, draft) for k, v in draft_level.items())
        if len(draft_level) < len(case.when):
            if holds:
                return False
            continue
        if holds:
            return case.severity == "off"
    return False


# Conditions answered from the draft alone (draft_facts); hit facts never override them.
_DRAFT_LEVEL_KEYS = {
    "channel", "account", "platform", "pre_election", "reply_all", "forwarded",
    "from_council_address", "external_recipients", "recipient_count_at_least",
    "to_council_officer", "has_executive_role",
}  # fmt: skip


def resolve_severity(rule: Rule, facts: dict[str, Any], draft: Draft) -> str:
    """The first ``severity_when`` case whose conditions all hold, else the default."""
    for case in rule.severity_when:
        if all(_condition_holds(k, v, facts, draft) for k, v in case.when.items()):
            return case.severity
    return rule.severity


# A draft's time budget (issue 11): once it is spent, the rules not yet run are skipped
# and the Result says so in ``notes``, so no draft can hold a process that serves others.
# Every pattern is linear (patterns.py), so only a draft of megabytes comes near it; the
# default leaves room for the first check of a process, which loads the models (seconds).
BUDGET_ENV = "COUNCILGUARD_CHECK_BUDGET_SECONDS"
DEFAULT_BUDGET = 30.0
MAX_BUDGET = 3600.0


class BudgetError(ValueError):
    """A time budget setting that is not a number of seconds in range."""


def budget_from_env(environ: Mapping[str, str] = os.environ) -> float:
    """The budget from ``COUNCILGUARD_CHECK_BUDGET_SECONDS`` (default 30), strictly parsed."""
    raw = environ.get(BUDGET_ENV)
    if raw is None or raw.strip() == "":
        return DEFAULT_BUDGET
    try:
        value = float(raw.strip())
    except ValueError:
        raise BudgetError(f"{BUDGET_ENV}={raw!r}: expected a number of seconds") from None
    if not math.isfinite(value) or not 0 < value <= MAX_BUDGET:
        raise BudgetError(f"{BUDGET_ENV}={raw!r}: must be more than 0 and at most {MAX_BUDGET:g} seconds")
    return value


class Checker:
    def __init__(
        self,
        protocol: Protocol | str = DEFAULT_PACK,
        rules: Iterable[str] | None = None,
        budget: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.protocol = protocol if isinstance(protocol, Protocol) else load_protocol(protocol)
        selected = set(rules) if rules is not None else None
        self.rules = [r for r in self.protocol.rules.values() if r.enabled and (selected is None or r.id in selected)]
        # The rules whose severity depends on a hit lying inside an inline quotation.
        self._asks_quoted = {r.id for r in self.rules if any("quoted" in case.when for case in r.severity_when)}
        self.budget = budget_from_env() if budget is None else budget
        if not (isinstance(self.budget, int | float) and math.isfinite(self.budget) and self.budget > 0):
            raise BudgetError(f"budget={budget!r}: must be a positive number of seconds")
        self._clock = clock

    def check(self, draft: Draft | dict[str, Any]) -> Result:
        """Check one draft. Raises DraftError for a dict that is not a valid draft."""
        if not isinstance(draft, Draft):
            draft = Draft.from_dict(draft)
        analysis = Analysis(draft, self.protocol)
        return self._run(analysis, *self._live_rules(analysis))

    def check_batch(self, drafts: Sequence[Draft]) -> list[Result]:
        """The Results ``check`` gives for each draft, in order, but with the work that
        is cheaper in bulk done once for the lot: a detector module with a ``prepare``
        function gets every (analysis, params) its rules will be asked about first
        (personal_data: spaCy NER over all the drafts' windows in one batch). For an
        archive scan's chunk of messages; one draft's error fails the whole call, so a
        caller that must carry on checks the drafts one by one after an exception."""
        analyses = [Analysis(draft, self.protocol) for draft in drafts]
        runs = [(analysis, *self._live_rules(analysis)) for analysis in analyses]
        for name, module in DETECTORS.items():
            prepare = getattr(module, "prepare", None)
            if prepare is not None:
                prepare([(run[0], rule.params) for run in runs for rule in run[2] if rule.detector == name])
        return [self._run(*run) for run in runs]

    def _live_rules(self, analysis: Analysis) -> tuple[dict[str, Any], list[Rule]]:
        """The draft's own facts, and the rules to run on it in pack order (not those
        its facts already mute)."""
        base_facts = draft_facts(analysis.draft, self.protocol)
        base_facts["forwarded"] = base_facts["forwarded"] or analysis.passes_on_a_message
        return base_facts, [rule for rule in self.rules if not muted_by_context(rule, base_facts, analysis.draft)]

    def _run(self, analysis: Analysis, base_facts: dict[str, Any], rules: list[Rule]) -> Result:
        draft = analysis.draft
        findings: list[Finding] = []
        notes: list[str] = []
        deadline = self._clock() + self.budget
        for index, rule in enumerate(rules):
            if index and self._clock() > deadline:
                skipped = [r.id for r in rules[index:]]
                notes.append(
                    f"time budget of {self.budget:g} s spent: {len(skipped)} rule(s) not checked "
                    f"({', '.join(skipped)}); the findings above are what was found before it ran out"
                )
                break
            hits = DETECTORS[rule.detector].detect(analysis, rule.params)
            for learned in rule.learned or ():
                # The rule's heads add recall beside its word lists (see protocol._learned).
                hits = hits + DETECTORS["composite"].detect(analysis, learned)
            if not hits:
                continue
            finding = self._finding(rule, hits, base_facts, analysis)
            if finding is not None:
                findings.append(finding)
        order = {r.id: i for i, r in enumerate(self.rules)}
        findings.sort(key=lambda f: (SEVERITY_RANK[f.severity], order[f.rule]))
        return Result(
            id=draft.id,
            findings=findings,
            protocol=self.protocol.id,
            version=self.protocol.version,
            adopted_by=self.protocol.adopted_by,
            notes=notes,
        )

    def _finding(self, rule: Rule, hits: list[Hit], base: dict[str, Any], analysis: Analysis) -> Finding | None:
        kept: list[tuple[str, Hit, dict[str, Any]]] = []
        asks_quoted = rule.id in self._asks_quoted
        for hit in hits:
            facts = {**hit.facts, **base}
            if asks_quoted:
                # Someone else's words quoted inline ('…', "…"): reported, not necessarily meant.
                facts["quoted"] = analysis.inside_quotation(hit.spans)
            severity = resolve_severity(rule, facts, analysis.draft)
            if severity == "block" and facts.get("head_band") == "borderline":
                # A learned head never blocks on a borderline score alone: a person reviews it.
                severity = "warn"
            if severity != "off":
                kept.append((severity, hit, facts))
        if not kept:
            return None
        kept.sort(key=lambda k: SEVERITY_RANK[k[0]])
        severity, strongest, facts = kept[0]
        text = analysis.text
        spans = sorted({(s, e) for _, hit, _ in kept for s, e in hit.spans})
        evidence: dict[str, Any] = {}
        for _, hit, _ in kept:
            for key, value in hit.evidence.items():
                if isinstance(value, list) and isinstance(evidence.get(key), list):
                    evidence[key] = sorted(set(map(str, evidence[key])) | set(map(str, value)))
                else:
                    evidence.setdefault(key, value)
        return Finding(
            rule=rule.id,
            severity=severity,
            clauses=list(rule.cites),
            message=_fill(rule.message, facts),
            suggestion=_fill(rule.suggestion, facts),
            spans=[Span(s, e, text[s:e]) for s, e in _merge(spans)],
            confidence=max(hit.confidence for _, hit, _ in kept),
            evidence=evidence,
            version=self.protocol.version,
            adopted_by=self.protocol.adopted_by,
        )

    def check_many(self, drafts: Iterable[Any]) -> Iterator[Result]:
        """Check a stream of drafts (dicts, Drafts, or JSON strings), one Result each
        in input order; a bad draft yields a Result with ``error`` and the rest go on."""
        for index, item in enumerate(drafts):
            draft_id = item.get("id") if isinstance(item, dict) else None
            try:
                if isinstance(item, str | bytes):
                    item = Draft.from_json(item)
                    draft_id = item.id
                yield self.check(item)
            except DraftError as exc:
                yield Result.failed(
                    None if draft_id is None else str(draft_id), f"draft {index + 1}: {exc}", self.protocol.id
                )


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping spans become one, so a reader sees each stretch of text once."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


_DEFAULT: Checker | None = None


def default_checker() -> Checker:
    """The process-wide checker for the default pack (loaded on first use)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Checker()
    return _DEFAULT


def check(draft: Draft | dict[str, Any]) -> Result:
    return default_checker().check(draft)
