"""A draft's time budget: once spent, the draft is answered with what was found and a note
(issue 11, item 2). A clock that jumps stands in for a slow draft: no timing here."""

from __future__ import annotations

import itertools

import pytest

from councilguard.checker.engine import BUDGET_ENV, DEFAULT_BUDGET, BudgetError, Checker, budget_from_env

DRAFT = {"text": "Vote Labour on Thursday! You are an IDIOT.", "channel": "email", "account": "council"}


def _jumping_clock(step: float):
    ticks = itertools.count()
    return lambda: next(ticks) * step


def test_a_draft_within_its_budget_is_checked_by_every_rule_and_has_no_notes():
    result = Checker().check(DRAFT)
    assert result.notes == []
    assert "notes" not in result.to_dict()
    assert result.verdict == "do-not-send"


def test_a_draft_that_spends_its_budget_is_answered_with_what_was_found_and_a_note():
    full = Checker().check(DRAFT)
    # Every reading of the clock is a minute later: the budget is spent after the first rule.
    hurried = Checker(budget=30, clock=_jumping_clock(60.0)).check(DRAFT)
    assert len(hurried.notes) == 1
    note = hurried.notes[0]
    assert "time budget of 30 s spent" in note and "not checked" in note
    assert set(hurried.rules()) <= set(full.rules())
    assert len(hurried.rules()) < len(full.rules())
    out = hurried.to_dict()
    assert out["notes"] == hurried.notes and out["verdict"] in ("ok", "review", "do-not-send")


def test_the_budget_setting_defaults_to_thirty_seconds_and_reads_a_number_of_seconds():
    assert budget_from_env({}) == DEFAULT_BUDGET == 30.0
    assert budget_from_env({BUDGET_ENV: " 2.5 "}) == 2.5
    assert budget_from_env({BUDGET_ENV: ""}) == DEFAULT_BUDGET


@pytest.mark.parametrize("raw", ["ten", "0", "-1", "nan", "inf", "1e9", "5s"])
def test_a_budget_setting_that_is_not_seconds_in_range_is_refused_naming_the_variable(raw):
    with pytest.raises(BudgetError) as caught:
        budget_from_env({BUDGET_ENV: raw})
    assert BUDGET_ENV in str(caught.value) and repr(raw) in str(caught.value)


def test_a_checker_refuses_a_budget_that_is_not_positive():
    with pytest.raises(BudgetError):
        Checker(budget=0)
