"""The emoji sets (training/emoji_suite.py) through the checker: the development set,
whose misses were read, must stay at or above the figure it reached; the blind set is
only measured (its figure is recorded in docs/evaluation.md, never tuned on), but it must
load whole and cover every functionality the development set does."""

from training import emoji_suite

from councilguard.checker import Checker

CHECKER = Checker()
# Development figures after the emoji readings and word lists were widened on its misses
# (2026-12-03): macro 0.818, hateful blocked 78%, not hateful raised 13%. Floors: a margin below.
DEV_MACRO_FLOOR = 0.79
DEV_NOT_HATEFUL_RAISED_CEILING = 0.16


def test_the_development_set_scores_at_or_above_its_floor_and_raises_few_innocent_posts():
    figures = emoji_suite.figures(CHECKER, emoji_suite.load(emoji_suite.DEV))
    assert figures["macro"] >= DEV_MACRO_FLOOR, figures
    assert figures["non_hateful_raised"] <= DEV_NOT_HATEFUL_RAISED_CEILING, figures


def test_both_sets_cover_the_same_functionalities_on_both_sides():
    dev, blind = (emoji_suite.load(path) for path in (emoji_suite.DEV, emoji_suite.BLIND))
    assert {c.functionality for c in dev} == {c.functionality for c in blind}
    for cases in (dev, blind):
        assert len(cases) >= 300
        assert {c.hateful for c in cases} == {True, False}


def test_a_friendly_identity_emoji_is_not_raised_and_the_same_emoji_with_vermin_is():
    assert not [
        f
        for f in CHECKER.check({"text": "Eid Mubarak ☪️ to all our Muslim residents", "channel": "social"}).findings
        if f.rule == "offensive-content"
    ]
    raised = [
        f
        for f in CHECKER.check({"text": "Muslims are 🐀🐀", "channel": "social"}).findings
        if f.rule == "offensive-content"
    ]
    assert raised and raised[0].severity == "block"
