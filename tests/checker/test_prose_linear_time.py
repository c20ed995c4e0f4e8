"""The whole check of ordinary prose costs time linear in its length (issue 11).

Hostile text was made linear pattern by pattern (test_linear_time.py); plain e-mails were
not: linking personal details to people, and matching a composite rule's signals to
sentences, each scanned a whole list once per sentence or per detail, so a 200,000-character
e-mail (the contract's limit) cost 23 times a 50,000-character one. Here councillors' e-mails
(the benchmarks' own drafts, with names, addresses, allegations and slogans, so every
detector does its real work) are checked at n and 4n characters. As in test_linear_time.py
the check is the growth ratio in the thread's CPU time with a generous factor, never an
absolute time.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from councilguard.checker import Checker
from councilguard.checker.engine import MAX_BUDGET
from tests.checker.test_linear_time import GROWTH, GROWTH_LIMIT, _cost

N = 50_000  # 4n is the contract's limit of 200,000 characters
DRAFTS = Path(__file__).resolve().parents[2] / "bench" / "drafts.py"


def _prose(length: int) -> str:
    """The benchmarks' councillors' e-mails, one after another, cut to ``length``."""
    spec = importlib.util.spec_from_file_location("bench_drafts", DRAFTS)
    assert spec is not None and spec.loader is not None
    drafts = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(drafts)
    emails = drafts.emails(count=length // 2000 + 1, size=2048)
    text = "\n\n".join(e["text"] for e in emails)
    assert len(text) >= length
    return text[:length]


def test_checking_ordinary_prose_four_times_as_long_costs_about_four_times_as_much(protocol):
    # The budget would cut a slow check short and hide the growth: it is set out of reach.
    checker = Checker(protocol, budget=MAX_BUDGET)
    short, long = _prose(N), _prose(GROWTH * N)
    results = {}

    def check(text: str) -> None:
        results[len(text)] = checker.check({"text": text, "channel": "email", "account": "council"})

    small = _cost(check, short)  # best of two: the first run also loads what the models load lazily
    large = _cost(check, long, repeats=1)
    for result in results.values():
        assert result.notes == []  # checked to the end
        # The steps that were quadratic did their work: details linked to people, and
        # composite rules (defamation, predetermination) matched within sentences.
        assert {"personal-data", "defamation-risk", "predetermination"} <= set(result.rules())
    assert large / small < GROWTH_LIMIT, f"prose {N:,} -> {GROWTH * N:,} characters: {small:.2f}s -> {large:.2f}s"
