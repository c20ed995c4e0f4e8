"""Every rule's own examples are tests: each `bad` must raise the rule, each `good` must not.

This is what keeps the generated rule documentation honest."""

from __future__ import annotations

import pytest

from councilguard.checker import Checker, load_protocol

PACK = load_protocol()
EXAMPLE_DEFAULTS = {"channel": "social"}


def _cases(kind: str):
    for rule in PACK.rules.values():
        for i, example in enumerate(getattr(rule, f"examples_{kind}")):
            yield pytest.param(rule.id, example, id=f"{rule.id}-{kind}-{i + 1}")


@pytest.fixture(scope="module")
def full_checker():
    return Checker(PACK)


@pytest.mark.parametrize(("rule_id", "example"), list(_cases("bad")))
def test_each_bad_example_raises_its_rule(full_checker, rule_id, example):
    result = full_checker.check({**EXAMPLE_DEFAULTS, **example})
    assert rule_id in result.rules(), f"{rule_id} missed: {example['text']!r} -> {result.rules()}"


@pytest.mark.parametrize(("rule_id", "example"), list(_cases("good")))
def test_each_good_example_does_not_raise_its_rule(full_checker, rule_id, example):
    result = full_checker.check({**EXAMPLE_DEFAULTS, **example})
    assert rule_id not in result.rules(), f"{rule_id} false alarm: {example['text']!r}"


def test_every_rule_has_a_failing_and_a_passing_example():
    missing = [r.id for r in PACK.rules.values() if not r.examples_bad or not r.examples_good]
    assert missing == []
