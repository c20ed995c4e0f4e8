"""Every rule's own examples, and the cases beside it in ``cases/<rule-id>.yaml``, are tests.

Each `bad` example must raise the rule and each `good` one must not: this is what keeps the
generated rule documentation honest. Each case is decided as its ``expect`` says (see
cases/README.md): the realistic drafts and hard negatives beyond the examples, kept as data
beside the rule rather than as Python lists."""

from __future__ import annotations

import pytest
import yaml

from councilguard.checker import Checker, load_protocol
from tests.checker.rule_cases import CASES_DIR, case_blocks

PACK = load_protocol()
EXAMPLE_DEFAULTS = {"channel": "social"}


def _cases():
    for rule in PACK.rules.values():
        for kind, expect in (("bad", "raised"), ("good", "not-raised")):
            for i, example in enumerate(getattr(rule, f"examples_{kind}")):
                yield pytest.param(rule.id, expect, example, id=f"{rule.id}-{kind}-{i + 1}")
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for rule_id, name, expect, drafts in case_blocks(path, PACK.rules):
            for key, draft in drafts:
                yield pytest.param(rule_id, expect, draft, id=f"{rule_id}/{name}/{expect}/{key}")


def severity_of(checker: Checker, rule_id: str, draft: dict) -> str | None:
    """The severity the rule is raised at for this draft, or None when it is not raised."""
    result = checker.check({**EXAMPLE_DEFAULTS, **draft})
    return next((f.severity for f in result.findings if f.rule == rule_id), None)


def decided_as_expected(expect: str, severity: str | None) -> bool:
    if expect == "raised":
        return severity is not None
    if expect == "not-raised":
        return severity is None
    if expect == "below-warn":
        return severity not in ("warn", "block")
    return severity == expect


@pytest.fixture(scope="module")
def full_checker():
    return Checker(PACK)


@pytest.mark.parametrize(("rule_id", "expect", "draft"), list(_cases()))
def test_each_example_and_case_is_decided_as_it_says(full_checker, rule_id, expect, draft):
    severity = severity_of(full_checker, rule_id, draft)
    assert decided_as_expected(expect, severity), f"{rule_id} expected {expect}, got {severity}: {draft['text']!r}"


def test_every_rule_has_a_failing_and_a_passing_example():
    missing = [r.id for r in PACK.rules.values() if not r.examples_bad or not r.examples_good]
    assert missing == []


def test_a_case_file_naming_a_case_twice_is_refused(tmp_path):
    path = tmp_path / "tone.yaml"
    path.write_text(
        "rule: tone\ncases:\n  shouting:\n    expect: advise\n    drafts: [A]\n  shouting:\n    expect: advise\n    drafts: [B]\n"
    )
    with pytest.raises(yaml.constructor.ConstructorError, match="'shouting' is given twice"):
        case_blocks(path, PACK.rules)


def test_a_case_file_must_name_its_rule_and_a_known_expectation(tmp_path):
    path = tmp_path / "tone.yaml"
    path.write_text("rule: tonne\ncases: {}\n")
    with pytest.raises(ValueError, match="tone.yaml: rule must be 'tone'"):
        case_blocks(path, PACK.rules)
    path.write_text("rule: tone\ncases:\n  shouting:\n    expect: loud\n    drafts: [A]\n")
    with pytest.raises(ValueError, match="shouting: expect must be one of block, warn"):
        case_blocks(path, PACK.rules)
