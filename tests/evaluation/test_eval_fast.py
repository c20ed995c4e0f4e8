"""The fast evaluation runs with the test suite: a fixed sample of every held-out test
split, scored by the shipped models, must stay at or above the floor in each model's card
(the same gate as `make eval-fast`)."""

from __future__ import annotations

import pytest
from training import evaluate

from councilguard.checker import models


@pytest.fixture(scope="module")
def fast_evaluation():
    return evaluate.run(fast=True)


def test_no_model_falls_below_its_recorded_floor(fast_evaluation):
    model_failures = [f for f in fast_evaluation.failures if f.startswith("model ")]
    assert model_failures == []


def test_every_shipped_model_is_measured_against_its_floor(fast_evaluation):
    page = fast_evaluation.markdown
    for name in models.available():
        assert f"| `{name}` |" in page.split("## CI floors", 1)[1]


def test_the_page_reports_every_rule_and_the_clean_set(fast_evaluation):
    page = fast_evaluation.markdown
    for rule_id in evaluate.load_protocol().rules:
        assert f"| `{rule_id}` |" in page
    assert "everyday councillor posts and e-mails" in page
    assert "## Personal data" in page
