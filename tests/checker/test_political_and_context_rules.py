"""The political and context rules on realistic drafts nobody wrote the rules from.

Each rule gets positives (drafts a Monitoring Officer would want flagged) and hard
negatives (everyday councillor posts and e-mails that share its words). Personas: Cllr
Anna Webb (Labour, West Ward) writes from her council address or her own accounts;
residents and officers receive. The rules' own examples, and the cases beside them in
cases/<rule-id>.yaml, run in test_rule_examples.py; these look closer at the findings.
"""

from __future__ import annotations

import pytest

from tests.checker.rule_cases import case_draft

COUNCIL = "cllr.anna.webb@havering.gov.uk"
HOTMAIL = "annawebb77@hotmail.com"


def council_email(text: str, to: str = "d.lee@gmail.com", **extra) -> dict:
    return {
        "text": text,
        "channel": "email",
        "account": "council",
        "sender": COUNCIL,
        "recipients": {"to": [to]},
        **extra,
    }


def personal_email(text: str, to: str = "priya.shah@havering.gov.uk", **extra) -> dict:
    return {
        "text": text,
        "channel": "email",
        "account": "personal",
        "sender": HOTMAIL,
        "recipients": {"to": [to]},
        **extra,
    }


def post(text: str, account: str = "personal", platform: str = "facebook", **extra) -> dict:
    return {"text": text, "channel": "social", "account": account, "platform": platform, **extra}


def severity_of(checker, draft: dict, rule: str) -> str | None:
    for finding in checker.check(draft).findings:
        if finding.rule == rule:
            return finding.severity
    return None


# --- party-political-use ---------------------------------------------------------------


def test_the_finding_cites_the_email_clause_and_points_to_a_party_address(checker):
    result = checker.check(
        case_draft("party-political-use", "it_blocks_election_material_from_a_council_account", "vote-labour")
    )
    finding = next(f for f in result.findings if f.rule == "party-political-use")
    assert "ICT.email-address" in finding.clauses
    assert "party or personal address" in finding.suggestion
    assert any("vote labour" in s.text.lower() for s in finding.spans)
    assert result.verdict == "do-not-send"


# --- digital-imprint -----------------------------------------------------------------------


def test_the_imprint_suggestion_gives_the_form_of_words(checker):
    finding = next(
        f
        for f in checker.check(
            case_draft("digital-imprint", "it_warns_when_online_election_material_has_no_imprint", "vote-lib-dem")
        ).findings
        if f.rule == "digital-imprint"
    )
    assert "Promoted by NAME on behalf of NAME, ADDRESS" in finding.suggestion


# --- official-capacity ----------------------------------------------------------------------


def test_official_capacity_never_changes_the_verdict(checker):
    result = checker.check(
        case_draft("official-capacity", "it_notes_official_capacity_as_information_only", "signed-cllr")
    )
    assert result.verdict == "ok"


# --- copyright-risk --------------------------------------------------------------------------


# Five sentences of a (fictional) local news story: the kind of extract that gets pasted
# into a Facebook post whole.
RECORDER_ARTICLE = (
    "Residents of Harold Hill have waited more than two years for the leisure centre to reopen, "
    "and the latest report to cabinet suggests another delay of at least six months. Costs have "
    "risen sharply since the contract was signed, and officers now warn that the final bill "
    "could be far higher than the figure approved in 2023. Swimming clubs have moved to "
    "Hornchurch and Brentwood, and parents say lessons are now out of reach for many families "
    "without a car. The council said it remained committed to the project and would publish a "
    "revised timetable in the summer."
)


def test_a_mail_out_copying_an_article_to_many_residents_is_publishing_it(checker):
    draft = council_email(f'From this week\'s Recorder: "{RECORDER_ARTICLE}"')
    draft["recipients"] = {"bcc": [f"resident{i}@example.com" for i in range(25)]}
    assert severity_of(checker, draft, "copyright-risk") == "warn"


# --- all together -------------------------------------------------------------------------------


MY_RULES = {
    "party-political-use",
    "personal-account-council-business",
    "digital-imprint",
    "pre-election-publicity",
    "copyright-risk",
    "personal-safety",
}


@pytest.mark.parametrize(
    "draft",
    [
        council_email(
            "The West Ward spring update: new bins on Mill Street, the swimming pool reopens "
            "on 3 April, and my surgery moves to the community centre.",
            to="westward-residents@northvale-ra.org",
        ),
        post("Great to see so many families at the West Ward fun day. Thank you to the park rangers and volunteers!"),
        council_email(
            "Thank you for contacting me, Mr Lee. I've asked the council's environmental health team to visit."
        ),
        post("Congratulations to Hornchurch FC on promotion - what a season!", platform="twitter"),
        post("The consultation on Romford's new market layout closes on Friday - have your say online."),
    ],
    ids=["ward-newsletter", "fun-day", "casework-reply", "football", "consultation"],
)
def test_everyday_councillor_drafts_raise_none_of_these_rules(checker, draft):
    raised = {f.rule for f in checker.check(draft).findings if f.severity in ("warn", "block")}
    assert raised & MY_RULES == set()
