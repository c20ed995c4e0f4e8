"""The language rules: how the pack grades and cites them, and the drafts whose findings
need a closer look than "raised or not". The realistic drafts beyond the rules' own
examples (ward work, planning, licensing, budgets, officers, cabinet, contractors and
residents, with hard negatives such as "I'm minded to support" or "drinks reception") are
data beside each rule in cases/<rule-id>.yaml, run by test_rule_examples.py."""

# The drafts are whole sentences, quoted as a councillor would write them: splitting
# them to fit the line length would make the tests harder to read.
# ruff: noqa: E501

from __future__ import annotations

import pytest

from councilguard.checker import Checker, load_protocol

LANGUAGE_RULES = [
    "offensive-content",
    "personal-attack",
    "defamation-risk",
    "predetermination",
    "confidential-information",
    "council-view-misrepresented",
    "personal-financial-interest",
    "tone",
    "posting-in-haste",
    "indecent-or-illegal",
    "account-sharing",
]


@pytest.fixture(scope="module")
def checker():
    return Checker(load_protocol())


def _draft(text_or_draft: str | dict) -> dict:
    draft = {"text": text_or_draft} if isinstance(text_or_draft, str) else dict(text_or_draft)
    draft.setdefault("channel", "social")
    return draft


def severity_of(checker: Checker, rule: str, text_or_draft: str | dict) -> str | None:
    """The severity the rule is raised at for this draft, or None when it is not raised."""
    result = checker.check(_draft(text_or_draft))
    return next((f.severity for f in result.findings if f.rule == rule), None)


def test_every_language_rule_is_in_the_pack_with_a_why_a_suggestion_and_configure_notes():
    pack = load_protocol()
    for rule_id in LANGUAGE_RULES:
        rule = pack.rule(rule_id)
        assert rule.why and rule.suggestion and rule.configure, rule_id
        assert len(rule.examples_bad) >= 3 and len(rule.examples_good) >= 3, rule_id


def test_the_language_rules_cite_and_grade_as_the_rule_catalogue_says():
    pack = load_protocol()
    expected = {
        "offensive-content": (["ICT.unacceptable.2", "SM.dont.4", "SM.dont.7"], "block"),
        "personal-attack": (["ICT.unacceptable.3", "SM.dont.4"], "warn"),
        "defamation-risk": (["SM.libel", "ICT.unacceptable.8"], "warn"),
        "predetermination": (["SM.predetermination"], "warn"),
        "confidential-information": (["SM.dont.5", "SM.do.6"], "block"),
        "council-view-misrepresented": (["SM.dont.6"], "warn"),
        "personal-financial-interest": (["SM.dont.9"], "warn"),
        "tone": (["SM.tone"], "advise"),
        "posting-in-haste": (["SM.dont.1"], "advise"),
        "indecent-or-illegal": (["ICT.unacceptable.1", "SM.dont.7"], "block"),
        "account-sharing": (["ICT.unacceptable.6"], "warn"),
    }
    for rule_id, (cites, severity) in expected.items():
        rule = pack.rule(rule_id)
        assert (rule.cites, rule.severity) == (cites, severity), rule_id


# --- council-view-misrepresented --------------------------------------------------------


def test_the_leader_and_cabinet_may_state_the_councils_position(checker):
    text = "The council's position is that the ULEZ expansion should be scrapped."
    assert severity_of(checker, "council-view-misrepresented", text) == "warn"
    # A pack loaded afresh is the test's own to configure: give it an executive role.
    pack = load_protocol()
    pack.executive_roles = [*pack.executive_roles, "Cabinet Member for Environment"]
    with_roles = Checker(pack)
    draft = {"text": text, "roles": ["Cabinet Member for Environment"]}
    assert severity_of(with_roles, "council-view-misrepresented", draft) is None
    assert (
        severity_of(with_roles, "council-view-misrepresented", {"text": text, "roles": ["Ward councillor"]}) == "warn"
    )


# --- the clean contract examples stay clean ----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The West Ward spring update: new bins on Mill Street, the swimming pool reopens on 3 April, and my surgery moves to the community centre.",
        "Great to see so many families at the West Ward fun day. Thank you to the park rangers and volunteers!",
        "The application for the old library site goes to committee next month. I'd encourage residents to comment on the planning portal so their views are considered.",
        "Thank you for contacting me, Mr Lee. I've asked the council's environmental health team to visit your street this week.",
    ],
)
def test_everyday_ward_posts_raise_no_language_rule_at_warn_or_block(checker, text):
    result = checker.check({"text": text, "channel": "social", "committees": ["Planning Committee"]})
    raised = [f.rule for f in result.findings if f.rule in LANGUAGE_RULES and f.severity in ("warn", "block")]
    assert raised == []


def test_a_prejudiced_generalisation_only_the_model_recognises_warns_but_never_blocks(checker):
    result = checker.check({"text": "Muslims are all terrorist sympathisers."})
    finding = next(f for f in result.findings if f.rule == "offensive-content")
    assert finding.severity == "warn"
    assert finding.evidence["model_scores"]["offensive"] >= 0.5


def test_a_word_list_hit_beside_a_high_model_score_still_blocks(checker):
    result = checker.check({"text": "Muslims are all terrorist sympathisers and sh1t."})
    assert next(f.severity for f in result.findings if f.rule == "offensive-content") == "block"


def test_each_any_signal_of_a_composite_is_a_hit_with_its_own_facts_and_spans():
    from councilguard.checker.detectors import composite
    from councilguard.checker.draft import Draft
    from councilguard.checker.text import Analysis

    text = "Rats by the bins and foxes in the park."
    params = {
        "any": [
            {"terms": ["rats"], "fact": {"animal": "rat"}},
            {"terms": ["foxes"], "fact": {"animal": "fox"}},
        ]
    }
    hits = composite.detect(Analysis(Draft.from_dict({"text": text}), None), params)
    assert [(h.facts["animal"], [text[s:e] for s, e in h.spans]) for h in hits] == [
        ("rat", ["Rats"]),
        ("fox", ["foxes"]),
    ]


def test_a_quoted_slur_is_still_someone_elses_words_when_the_model_scores_the_whole_sentence(checker):
    result = checker.check({"text": "Someone posted 'Travellers are scum' on my page. Reported."})
    finding = next(f for f in result.findings if f.rule == "offensive-content")
    assert finding.severity == "warn"
