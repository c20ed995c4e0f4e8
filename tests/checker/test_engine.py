"""The engine: severity from context, one finding per rule, and no work for rules the
draft's context has already switched off."""

from __future__ import annotations

from councilguard.checker import Draft
from councilguard.checker.engine import draft_facts, muted_by_context


def facts_for(protocol, **fields):
    draft = Draft.from_dict({"text": "Vote Labour on Thursday!", **fields})
    return draft, draft_facts(draft, protocol)


def test_campaigning_rules_are_not_even_run_for_a_personal_account(protocol):
    draft, facts = facts_for(protocol, channel="social", account="personal")
    assert muted_by_context(protocol.rules["party-political-use"], facts, draft)


def test_campaigning_rules_run_for_the_council_address(protocol):
    draft, facts = facts_for(protocol, channel="email", account="council")
    assert not muted_by_context(protocol.rules["party-political-use"], facts, draft)


def test_a_rule_whose_severity_needs_a_hit_fact_is_always_run(protocol):
    draft, facts = facts_for(protocol, channel="social")
    assert not muted_by_context(protocol.rules["predetermination"], facts, draft)


def test_a_case_whose_draft_level_condition_fails_is_passed_over_before_any_scan(protocol):
    # To council officers alone, with no reply-all or forward: the one case that needs a
    # hit's fact (recipient_is_subject) also needs outside recipients, so no hit could
    # raise the rule, and it is not run.
    rule = protocol.rules["email-distribution-personal-data"]
    inside = {"to": ["streetcare@havering.gov.uk"]}
    draft, facts = facts_for(protocol, channel="email", sender="cllr.anna.webb@havering.gov.uk", recipients=inside)
    assert muted_by_context(rule, facts, draft)
    outside = {"to": ["secretary@northvale-ra.org"]}
    draft, facts = facts_for(protocol, channel="email", sender="cllr.anna.webb@havering.gov.uk", recipients=outside)
    assert not muted_by_context(rule, facts, draft)


def test_a_case_that_needs_a_hit_fact_still_leaves_the_rule_to_run_when_it_could_hold(protocol):
    draft, facts = facts_for(protocol, channel="email", recipients={"to": ["d.lee@gmail.com"]})
    assert not muted_by_context(protocol.rules["personal-data"], facts, draft)
    draft, facts = facts_for(protocol, channel="social")
    assert not muted_by_context(protocol.rules["personal-data"], facts, draft)


def test_one_finding_per_rule_with_overlapping_spans_merged(checker):
    result = checker.check({"text": "You moron. You absolute moron, you idiot."})
    rules = result.rules()
    assert len(rules) == len(set(rules))
    for finding in result.findings:
        ends = [s.end for s in finding.spans]
        starts = [s.start for s in finding.spans]
        assert all(e <= s for e, s in zip(ends, starts[1:], strict=False))


def test_spans_quote_the_original_text_exactly(checker):
    text = "Ｙｏｕ are a ｍｏｒｏｎ and a sh1t councillor"
    result = checker.check({"text": text})
    for finding in result.findings:
        for span in finding.spans:
            assert text[span.start : span.end] == span.text


def test_the_verdict_follows_the_most_serious_finding(checker):
    assert checker.check({"text": "Lovely day at the fete"}).verdict == "ok"
    assert checker.check({"text": "The portfolio holder is a spineless coward."}).verdict == "review"
    assert checker.check({"text": "Anyone who backs this is a f*cking moron."}).verdict == "do-not-send"


def test_checking_drafts_in_a_batch_gives_exactly_what_checking_each_alone_gives(checker):
    from tests.conftest import spec_examples

    drafts = [Draft.from_dict({k: v for k, v in e.items() if k != "expect"}) for e in spec_examples()]
    drafts.append(
        Draft.from_dict(
            {
                "text": "Mrs Patel at 41 Harrow Drive, NV4 2PD (07911 123456) has dementia.\n\n"
                "> On Monday Mr Graham Oduya <graham.oduya@example.com> wrote:\n> Call me on 07700 900123.",
                "channel": "email",
                "recipients": {"to": ["housing@example.org"]},
            }
        )
    )
    one_by_one = [checker.check(d).to_dict() for d in drafts]
    assert any(r["findings"] for r in one_by_one)
    assert [r.to_dict() for r in checker.check_batch(drafts)] == one_by_one


def test_a_batch_of_no_drafts_is_an_empty_list(checker):
    assert checker.check_batch([]) == []
