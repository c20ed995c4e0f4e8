"""What changed between two versions of a pack: clauses (their text, word by word),
rules (field by field) and lexicons (entries added and removed). For the side-by-side
comparison a committee report prints."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from ..checker.protocol import Protocol, Rule

# The fields of a rule a reader compares, in the order a report shows them.
RULE_FIELDS = (
    "title", "cites", "detector", "params", "severity", "severity_when", "message", "suggestion", "why",
    "examples_bad", "examples_good", "aliases", "enabled",
)  # fmt: skip
FIELD_LABELS = {
    "examples_bad": "examples that must be caught",
    "examples_good": "examples that must pass",
    "severity_when": "severity by context",
}


@dataclass(frozen=True)
class Piece:
    """A run of words that is the same in both, or only in the old or the new text."""

    text: str
    kind: str  # "same" | "removed" | "added"


@dataclass
class ClauseChange:
    id: str
    title: str
    status: str  # "added" | "removed" | "changed"
    old: list[Piece] = field(default_factory=list)
    new: list[Piece] = field(default_factory=list)


@dataclass
class FieldChange:
    name: str
    label: str
    old: str
    new: str


@dataclass
class RuleChange:
    id: str
    title: str
    status: str
    fields: list[FieldChange] = field(default_factory=list)


@dataclass
class LexiconChange:
    name: str
    status: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


@dataclass
class PackDiff:
    old: str
    new: str
    clauses: list[ClauseChange]
    rules: list[RuleChange]
    lexicons: list[LexiconChange]

    @property
    def empty(self) -> bool:
        return not (self.clauses or self.rules or self.lexicons)

    def summary(self) -> str:
        """One sentence for the committee report: how many of each changed."""
        parts = []
        for label, items in (("clause", self.clauses), ("rule", self.rules), ("word list", self.lexicons)):
            for status in ("added", "changed", "removed"):
                n = sum(1 for i in items if i.status == status)
                if n:
                    parts.append(f"{n} {label}{'s' if n != 1 else ''} {status}")
        return "; ".join(parts) if parts else "no changes"


_WORDS = re.compile(r"\s+|[^\s]+")


def word_diff(old: str, new: str) -> tuple[list[Piece], list[Piece]]:
    """The old and the new text as pieces, marking the words each side alone has."""
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    left: list[Piece] = []
    right: list[Piece] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            left.append(Piece("".join(a[i1:i2]), "same"))
            right.append(Piece("".join(b[j1:j2]), "same"))
            continue
        if i2 > i1:
            left.append(Piece("".join(a[i1:i2]), "removed"))
        if j2 > j1:
            right.append(Piece("".join(b[j1:j2]), "added"))
    return left, right


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list) and value and hasattr(value[0], "when"):
        return "\n".join(f"when {case.when}: {case.severity}" for case in value)
    if isinstance(value, list) and all(isinstance(v, dict) and "text" in v for v in value):
        return "\n".join(f"- {v['text']}" for v in value)
    if isinstance(value, list):
        return ", ".join(map(str, value))
    if isinstance(value, dict):
        return "\n".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


def _rule_fields(old: Rule, new: Rule) -> list[FieldChange]:
    changes = []
    for name in RULE_FIELDS:
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            changes.append(FieldChange(name, FIELD_LABELS.get(name, name), _show(before), _show(after)))
    return changes


def diff_packs(old: Protocol, new: Protocol, old_name: str = "", new_name: str = "") -> PackDiff:
    clauses: list[ClauseChange] = []
    for cid in [*old.clauses, *(c for c in new.clauses if c not in old.clauses)]:
        before, after = old.clauses.get(cid), new.clauses.get(cid)
        if before is None and after is not None:
            clauses.append(ClauseChange(cid, after.title, "added", new=[Piece(after.text, "added")]))
        elif after is None and before is not None:
            clauses.append(ClauseChange(cid, before.title, "removed", old=[Piece(before.text, "removed")]))
        elif before is not None and after is not None and (before.text, before.title) != (after.text, after.title):
            left, right = word_diff(before.text, after.text)
            clauses.append(ClauseChange(cid, after.title, "changed", left, right))
    rules: list[RuleChange] = []
    for rid in [*old.rules, *(r for r in new.rules if r not in old.rules)]:
        before_rule, after_rule = old.rules.get(rid), new.rules.get(rid)
        if before_rule is None and after_rule is not None:
            fields = [FieldChange(n, FIELD_LABELS.get(n, n), "", _show(getattr(after_rule, n))) for n in RULE_FIELDS]
            rules.append(RuleChange(rid, after_rule.title, "added", [f for f in fields if f.new]))
        elif after_rule is None and before_rule is not None:
            rules.append(RuleChange(rid, before_rule.title, "removed"))
        elif before_rule is not None and after_rule is not None:
            changed = _rule_fields(before_rule, after_rule)
            if changed:
                rules.append(RuleChange(rid, after_rule.title, "changed", changed))
    lexicons: list[LexiconChange] = []
    for name in sorted(set(old.lexicons) | set(new.lexicons)):
        before_terms, after_terms = old.lexicons.get(name), new.lexicons.get(name)
        if before_terms is None:
            lexicons.append(LexiconChange(name, "added", added=list(after_terms or [])))
        elif after_terms is None:
            lexicons.append(LexiconChange(name, "removed", removed=list(before_terms)))
        else:
            added = [t for t in after_terms if t not in set(before_terms)]
            removed = [t for t in before_terms if t not in set(after_terms)]
            if added or removed:
                lexicons.append(LexiconChange(name, "changed", added, removed))
    return PackDiff(old_name or old.version or old.id, new_name or new.version or new.id, clauses, rules, lexicons)
