"""The check page's logic: the check form's one boundary (form to Draft, with the
register's context), and, without Django, segments with highlighted spans, clause
quotes, statistics that keep no text."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from councilguard.checker import Draft
from councilguard.checker.result import Finding, Result, Span
from councilguard.checker.vocabulary import severity_term
from councilguard.web.checks.forms import CheckForm
from councilguard.web_services import (
    MemberContext,
    build_report,
    fill_context,
    personal_data_findings,
    remove_personal_data,
    segments_for,
    statistic_for,
)

WHEN = datetime(2026, 3, 10, 19, 40, tzinfo=UTC)
COUNCILLOR = MemberContext(
    author="anna-webb",
    council_email="cllr.anna.webb@havering.gov.uk",
    committees=("Planning Committee",),
    meetings_attending=(
        {
            "name": "Full Council",
            "start": "2026-03-10T19:00:00+00:00",
            "end": "2026-03-10T22:00:00+00:00",
        },
    ),
    bios={"twitter": "Councillor for West Ward. Views my own."},
    bio="Councillor for West Ward",
    roles=("councillor",),
)


def draft_from_form(fields: dict, context: MemberContext, sent_at: datetime | None = None) -> dict:
    """The Draft the check form builds from ``fields`` for a member with ``context``."""
    form = CheckForm(fields, member_context=lambda **_: context, sent_at=sent_at)
    assert form.is_valid(), form.errors
    assert form.draft is not None
    return form.draft


def _finding(rule: str, severity: str, *spans: tuple[int, int], text: str = "") -> Finding:
    return Finding(
        rule=rule,
        severity=severity,
        clauses=["SM.dont.8"],
        message="m",
        suggestion="s",
        spans=[Span(s, e, text[s:e]) for s, e in spans],
    )


def test_a_social_post_takes_its_context_from_the_register():
    fields = {"text": "Hello", "channel": "social", "account": "personal", "platform": "twitter"}
    draft = draft_from_form(fields, COUNCILLOR, WHEN)
    assert draft["committees"] == ["Planning Committee"]
    assert draft["meetings_attending"][0]["name"] == "Full Council"
    assert draft["bio"] == "Councillor for West Ward. Views my own."
    assert draft["author"] == "anna-webb"
    assert draft["roles"] == ["councillor"]
    assert Draft.from_dict(draft).sent_at == WHEN


def test_a_council_email_is_sent_from_the_members_council_address():
    fields = {
        "text": "Dear residents",
        "channel": "email",
        "account": "council",
        "to": "a@example.org; b@example.org",
        "cc": "",
    }
    draft = draft_from_form(fields, COUNCILLOR, WHEN)
    assert draft["account"] == "council"
    assert draft["sender"] == "cllr.anna.webb@havering.gov.uk"
    assert draft["recipients"]["to"] == ["a@example.org", "b@example.org"]
    assert "bio" not in draft


def test_attachment_names_and_image_sources_are_read_one_a_line():
    fields = {
        "text": "See attached",
        "channel": "social",
        "account": "personal",
        "attachments": "minutes.pdf\r\n\r\ninvoice.pdf.exe",
        "images": "https://news.example.com/photo.jpg",
    }
    draft = draft_from_form(fields, COUNCILLOR)
    assert [a["name"] for a in draft["attachments"]] == ["minutes.pdf", "invoice.pdf.exe"]
    assert draft["images"] == [{"source": "https://news.example.com/photo.jpg"}]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"text": "   ", "channel": "social", "account": "personal"}, "text"),
        ({"text": "Hi", "account": "personal"}, "channel"),
        ({"text": "Hi", "channel": "fax", "account": "personal"}, "channel"),
        ({"text": "Hi", "channel": "social", "account": "stolen"}, "account"),
        ({"text": "Hi", "channel": "social", "account": "personal", "platform": "myspace"}, "platform"),
        ({"text": "Hi", "channel": "email", "account": "council", "to": "not-an-address"}, "to"),
        ({"text": "Hi", "channel": "email", "account": "council", "sender": "me at home"}, "sender"),
        ({"text": "Hi", "channel": "social", "account": "personal", "images": "x\n" * 51}, "images"),
    ],
)
def test_a_form_the_member_must_correct_names_the_field(fields, field):
    form = CheckForm(fields, member_context=lambda **_: COUNCILLOR)
    assert not form.is_valid()
    assert field in form.errors
    assert form.draft is None


def test_the_contracts_own_validation_decides_and_names_the_form_field(monkeypatch):
    # A register entry the contract refuses (a meeting that ends before it starts) is not
    # the member's to fix, so it is reported on the text, in the contract's words.
    broken = MemberContext(
        meetings_attending=({"name": "Cabinet", "start": "2026-03-10T20:00", "end": "2026-03-10T19:00"},)
    )
    form = CheckForm({"text": "Hi", "channel": "social", "account": "personal"}, member_context=lambda **_: broken)
    assert not form.is_valid()
    assert form.errors["text"] == ["meetings_attending[0].end: is before start"]


def test_the_form_asks_the_register_about_the_platform_and_account_the_draft_goes_out_from():
    asked = []

    def register(**about):
        asked.append(about)
        return COUNCILLOR

    form = CheckForm(
        {"text": "Hi", "channel": "social", "account": "council", "platform": "facebook"}, member_context=register
    )
    assert form.is_valid()
    assert asked == [{"platform": "facebook", "account": "council"}]


def test_the_check_form_sends_booleans_to_the_checker_as_booleans():
    fields = {"text": "Fwd: see below", "channel": "email", "account": "council", "forwarded": "on"}
    draft = draft_from_form(fields, COUNCILLOR)
    assert draft["forwarded"] is True and draft["reply_all"] is False


def test_the_framework_free_web_services_never_import_django():
    import subprocess
    import sys

    code = "import sys, councilguard.web_services; print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_api_keeps_context_the_caller_gave_and_fills_what_it_left_out():
    filled = fill_context({"text": "x", "committees": []}, COUNCILLOR)
    assert filled["committees"] == []
    assert filled["pre_election"] is False
    assert filled["meetings_attending"][0]["name"] == "Full Council"


def test_segments_mark_each_findings_spans_and_keep_the_text_whole():
    text = "Vote for us at 22 Canal Side today"
    findings = [
        _finding("a", "warn", (0, 11), text=text),
        _finding("b", "block", (5, 11), (15, 28), text=text),
    ]
    segments = segments_for(text, findings)
    assert "".join(s.text for s in segments) == text
    marked = [(s.text, s.findings, s.severity) for s in segments if s.marked]
    assert marked == [
        ("Vote ", (1,), "warn"),
        ("for us", (1, 2), "block"),
        ("22 Canal Side", (2,), "block"),
    ]
    anchors = {s.anchor: s.text for s in segments if s.anchor}
    assert anchors == {"finding-1-text": "Vote ", "finding-2-text": "for us"}


def test_a_text_with_no_findings_is_one_unmarked_segment():
    segments = segments_for("All fine", [])
    assert [(s.text, s.marked) for s in segments] == [("All fine", False)]


def test_the_report_quotes_the_clause_from_the_protocol_in_force(checker, protocol):
    draft = draft_from_form(
        {
            "text": "Do people ever read the agenda before committee?",
            "channel": "social",
            "account": "personal",
            "platform": "twitter",
        },
        COUNCILLOR,
        WHEN,
    )
    result = checker.check(draft)
    report = build_report(result, draft["text"], protocol)
    assert report.verdict == "review"
    assert report.verdict_colour == "yellow"
    finding = next(f for f in report.findings if f.rule == "meeting-use")
    assert "Full Council" in finding.message
    assert finding.severity_label == severity_term("warn").label == "Likely breach"
    clause = finding.clauses[0]
    assert clause.id == "SM.dont.8"
    assert clause.text == protocol.clauses["SM.dont.8"].text
    assert clause.document == "Social Media Protocol for Members"


def test_statistics_keep_rule_ids_verdict_channel_and_day_but_no_text():
    text = "Call 07911 123456"
    result = Result(id=None, findings=[_finding("personal-data", "block", (5, 17), text=text)], protocol="p")
    stat = statistic_for(result, "social", date(2026, 3, 10))
    assert stat == {
        "day": date(2026, 3, 10),
        "channel": "social",
        "verdict": "do-not-send",
        "rules": ["personal-data"],
        "source": "web",
    }
    assert "07911" not in repr(stat)


def test_removing_the_personal_data_replaces_it_and_the_check_comes_back_clean(checker, protocol):
    draft = draft_from_form(
        {
            "text": "Met Mr Graham Oduya at Flat 3, 22 Canal Side, NV4 2PD about the mould. "
            "His number is 07911 123456.",
            "channel": "social",
            "account": "personal",
            "platform": "facebook",
        },
        MemberContext(),
    )
    first = checker.check(draft)
    assert personal_data_findings(first, protocol)
    cleaned = remove_personal_data(draft["text"], first, protocol)
    assert "07911 123456" not in cleaned and "Oduya" not in cleaned
    assert "the mould" in cleaned
    again = checker.check({**draft, "text": cleaned})
    assert not personal_data_findings(again, protocol)


def test_a_draft_without_personal_data_is_left_as_it_is(checker, protocol):
    text = "Great to see so many families at the West Ward fun day."
    assert remove_personal_data(text, checker.check({"text": text}), protocol) == text
