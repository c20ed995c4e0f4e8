"""The contract's examples (shared/spec/examples.jsonl): each draft raises exactly the
rules it expects at warn or block, and an empty expectation means it passes clean."""

from __future__ import annotations

import pytest

from tests.conftest import spec_examples

EXAMPLES = spec_examples()


@pytest.mark.parametrize("example", EXAMPLES, ids=[e["id"] for e in EXAMPLES])
def test_spec_example_raises_exactly_the_expected_rules(checker, example):
    draft = {k: v for k, v in example.items() if k != "expect"}
    result = checker.check(draft)
    raised = {f.rule for f in result.findings if f.severity in ("block", "warn")}
    assert raised == set(example["expect"]), result.to_dict()["findings"]
    assert result.id == example["id"]
