"""Filters: by date, by sender, by rule."""

from __future__ import annotations

import json

import pytest

from councilguard.archive import ScanFilters, parse_day_or_time, run_scan


def _records(out):
    return [json.loads(line) for line in (out / "journal.jsonl").read_text().splitlines()]


def test_since_and_until_keep_only_messages_sent_in_the_range(tmp_path, archives):
    filters = ScanFilters(
        since=parse_day_or_time("2026-03-05", "since"),
        until=parse_day_or_time("2026-04-06", "until", end_of_day=True),
    )
    summary = run_scan([archives / "council-sent.mbox"], tmp_path, processes=1, filters=filters)
    checked = sorted(r["subject"] for r in _records(tmp_path) if r["status"] == "checked")
    assert checked == ["Fwd: ward plan", "Re: Mill Street bins", "Surgery times"]
    assert summary.filtered == 2
    reasons = sorted(r["reason"] for r in _records(tmp_path) if r["status"] == "filtered")
    assert reasons == ["sent after the end date", "sent before the start date"]


def test_the_sender_filter_matches_an_address_a_domain_or_a_pattern():
    filters = ScanFilters(senders=("cllr.anna.webb@havering.gov.uk",))
    assert filters.sender_matches("Cllr.Anna.Webb@havering.gov.uk")
    assert not filters.sender_matches("priya.shah@havering.gov.uk")
    assert ScanFilters(senders=("havering.gov.uk",)).sender_matches("priya.shah@havering.gov.uk")
    assert ScanFilters(senders=("@havering.gov.uk",)).sender_matches("x@mail.havering.gov.uk")
    assert ScanFilters(senders=("cllr.*@havering.gov.uk",)).sender_matches("cllr.bob@havering.gov.uk")
    assert not ScanFilters(senders=("havering.gov.uk",)).sender_matches("x@nothavering.gov.uk")


def test_the_sender_filter_leaves_out_other_peoples_messages(tmp_path, archives):
    filters = ScanFilters(senders=("cllr.anna.webb@havering.gov.uk",))
    summary = run_scan([archives / "maildir", archives / "twitter-archive"], tmp_path, processes=1, filters=filters)
    assert summary.checked == 2  # the two e-mails; the tweets come from @CllrAnnaWebb
    assert summary.filtered == 3


def test_the_rules_filter_runs_only_the_named_rules(tmp_path, archives):
    filters = ScanFilters(rules=("malware-risk",))
    summary = run_scan([archives / "council-sent.mbox"], tmp_path, processes=1, filters=filters)
    assert summary.findings_by_rule == {"malware-risk": 1}


def test_messages_without_a_date_are_left_out_when_a_date_range_is_asked_for(tmp_path):
    path = tmp_path / "undated.eml"
    path.write_text("From: a@example.org\nTo: b@example.org\nSubject: s\n\nNo date here.\n")
    filters = ScanFilters(since=parse_day_or_time("2020-01-01", "since"))
    summary = run_scan([path], tmp_path / "out", processes=1, filters=filters)
    assert summary.filtered == 1 and summary.checked == 0


@pytest.mark.parametrize("value", ["yesterday", "2026-13-01", "01/02/2026"])
def test_a_date_that_is_not_iso_is_refused(value):
    from councilguard.archive import ScanUsageError

    with pytest.raises(ScanUsageError, match="is not a date"):
        parse_day_or_time(value, "since")
