"""The project's own hate and abuse suite (hate_suite/*.yaml), run through the checker.

A hateful case (or an obscene one aimed at no one) must raise offensive-content at
block; any other case must not raise it at all. Cases the checker still gets wrong are
listed in hate_suite/known_misses.txt, so each case's test says plainly whether it
behaves as recorded; the summary fails below the floor recorded here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from training import hate_suite

from councilguard.checker import Checker, load_protocol

CHECKER = Checker(load_protocol())
CASES = hate_suite.load()
KNOWN_MISSES = {
    line.strip()
    for line in (Path(__file__).parent / "hate_suite" / "known_misses.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
}
# Measured when the suite landed (issue 10): macro 0.601 with the checker as the issue
# found it, 0.688 with canonical text, 0.944 after widening the lexicons on this very
# suite (so that figure is in-distribution). The floor is that, less a small margin.
MACRO_FLOOR = 0.92
HATEFUL_FLOOR = 0.90
NON_HATEFUL_FLOOR = 0.90


def test_the_suite_covers_every_functionality_with_ten_to_fifteen_cases():
    per = {}
    for case in CASES:
        per[case.functionality] = per.get(case.functionality, 0) + 1
    assert len(per) >= 20
    assert all(10 <= n <= 15 for n in per.values()), per
    assert {c.group for c in CASES} >= {
        "travellers", "eastern_europeans", "estate", "muslims", "jews", "disabled", "trans", "gay", "black",
        "asylum_seekers", "women",
    }  # fmt: skip


def test_every_known_miss_is_a_case_of_the_suite():
    assert {c.text for c in CASES} >= KNOWN_MISSES


@pytest.mark.parametrize("case", CASES, ids=[f"{c.functionality}:{c.text[:40]}" for c in CASES])
def test_each_case_raises_offensive_content_exactly_when_it_should(case):
    correct, severity = hate_suite.outcome(CHECKER, case)
    if case.text in KNOWN_MISSES:
        assert not correct, "this known miss now passes: take it off hate_suite/known_misses.txt"
    else:
        expected = "block" if case.expect_block else "not raised"
        assert correct, f"expected {expected}, got {severity or 'not raised'}"


def test_the_suite_scores_at_or_above_its_recorded_floor():
    score = hate_suite.score(CHECKER, CASES)
    report = "\n".join(hate_suite.table(score))
    assert score.macro >= MACRO_FLOOR, report
    assert hate_suite.Score.ratio(score.hateful) >= HATEFUL_FLOOR, report
    assert hate_suite.Score.ratio(score.non_hateful) >= NON_HATEFUL_FLOOR, report
