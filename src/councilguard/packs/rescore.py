"""Testing a draft version before it is proposed: its rules' own examples, and the
reference drafts shipped with the package re-scored against the version in force.

The reference drafts (``reference-drafts.yaml``) are fictional: everyday posts and
e-mails that should pass, and breaches of every rule. They are not a measure of the
checker (that is ``make eval``); they show a committee what a change would catch and
clear that the version in force does not, with the drafts that changed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ..checker.engine import Checker
from ..checker.protocol import Protocol
from ..checker.result import Result

REFERENCE_DRAFTS = Path(__file__).with_name("reference-drafts.yaml")
# A rule's examples are posts unless they say otherwise (as the parametrised test reads them).
EXAMPLE_DEFAULTS = {"channel": "social"}


@cache
def reference_drafts() -> tuple[dict[str, Any], ...]:
    """The shipped reference drafts, each with an ``id``, a ``text`` and its context."""
    data = yaml.safe_load(REFERENCE_DRAFTS.read_text(encoding="utf-8"))
    return tuple(data["drafts"])


@dataclass
class ExampleFailure:
    rule: str
    kind: str  # "bad" (must be caught) or "good" (must pass)
    text: str
    raised: list[str]

    @property
    def problem(self) -> str:
        if self.kind == "bad":
            return f"is not caught by {self.rule}"
        return f"is wrongly caught by {self.rule}"


def example_failures(protocol: Protocol, checker: Checker | None = None) -> list[ExampleFailure]:
    """Each rule's examples on its own version: every ``bad`` must raise the rule, every
    ``good`` must not. Empty when the version's documentation tells the truth."""
    checker = checker or Checker(protocol)
    failures = []
    for rule in protocol.rules.values():
        if not rule.enabled:
            continue
        for kind, examples in (("bad", rule.examples_bad), ("good", rule.examples_good)):
            for example in examples:
                raised = checker.check({**EXAMPLE_DEFAULTS, **example}).rules()
                if (rule.id in raised) != (kind == "bad"):
                    failures.append(ExampleFailure(rule.id, kind, example["text"], raised))
    return failures


@dataclass
class ChangedDraft:
    id: str
    text: str
    before: str  # the severity under the version in force, "" when not raised
    after: str


@dataclass
class RuleRescore:
    rule: str
    caught: list[ChangedDraft] = field(default_factory=list)  # raised now, not before
    cleared: list[ChangedDraft] = field(default_factory=list)  # raised before, not now
    regraded: list[ChangedDraft] = field(default_factory=list)  # raised by both, at another severity

    @property
    def changed(self) -> int:
        return len(self.caught) + len(self.cleared) + len(self.regraded)


@dataclass
class Rescore:
    drafts: int
    rules: list[RuleRescore]
    verdicts_changed: list[dict[str, str]]

    @property
    def changed(self) -> int:
        return sum(r.changed for r in self.rules)


def _severities(result: Result) -> dict[str, str]:
    return {f.rule: f.severity for f in result.findings}


def _results(checker: Checker, drafts: tuple[dict[str, Any], ...]) -> list[Result]:
    # ``breaches`` (what the draft was written to show) is for readers, not the checker.
    return [checker.check({k: v for k, v in d.items() if k != "breaches"}) for d in drafts]


@cache
def _in_force_results(checker: Checker) -> tuple[Result, ...]:
    return tuple(_results(checker, reference_drafts()))


def rescore(
    in_force: Protocol, draft: Protocol, drafts: tuple[dict[str, Any], ...] | None = None, *,
    in_force_checker: Checker | None = None,
) -> Rescore:  # fmt: skip
    """Every reference draft under both versions; per rule, the drafts whose outcome changed."""
    items = drafts if drafts is not None else reference_drafts()
    old_checker = in_force_checker or Checker(in_force)
    # The version in force's answers do not change between tests of drafts: once per process.
    before = list(_in_force_results(old_checker)) if drafts is None else _results(old_checker, items)
    after = _results(Checker(draft), items)
    by_rule: dict[str, RuleRescore] = {}
    order = [*draft.rules, *(r for r in in_force.rules if r not in draft.rules)]
    verdicts = []
    for item, old, new in zip(items, before, after, strict=True):
        was, now = _severities(old), _severities(new)
        for rule_id in set(was) | set(now):
            if was.get(rule_id) == now.get(rule_id):
                continue
            changed = ChangedDraft(str(item["id"]), item["text"], was.get(rule_id, ""), now.get(rule_id, ""))
            entry = by_rule.setdefault(rule_id, RuleRescore(rule_id))
            if rule_id not in was:
                entry.caught.append(changed)
            elif rule_id not in now:
                entry.cleared.append(changed)
            else:
                entry.regraded.append(changed)
        if old.verdict != new.verdict:
            verdicts.append({"id": str(item["id"]), "before": old.verdict, "after": new.verdict})
    rules = sorted(by_rule.values(), key=lambda r: order.index(r.rule) if r.rule in order else len(order))
    return Rescore(len(items), rules, verdicts)


def test_report(in_force: Protocol, draft: Protocol, *, in_force_checker: Checker | None = None) -> dict[str, Any]:
    """The whole test of a draft version, as plain data a web app can store: the example
    failures (none, or it cannot be proposed) and the re-scoring."""
    failures = example_failures(draft)
    scored = rescore(in_force, draft, in_force_checker=in_force_checker)
    return {
        "examples": sum(len(r.examples_bad) + len(r.examples_good) for r in draft.rules.values() if r.enabled),
        "failures": [asdict(f) | {"problem": f.problem} for f in failures],
        "drafts": scored.drafts,
        "changed": scored.changed,
        "rules": [asdict(r) | {"changed": r.changed} for r in scored.rules],
        "verdicts_changed": scored.verdicts_changed,
    }


test_report.__test__ = False  # type: ignore[attr-defined]  # not a pytest test, despite its name
