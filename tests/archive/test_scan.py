"""The scan end to end: every format at once, the report files, exit statuses."""

from __future__ import annotations

import csv
import json
import re

import pytest

from councilguard.archive import ScanFilters, run_scan
from councilguard.cli.main import main

SMALL = [
    "council-sent.mbox",
    "truncated.mbox",
    "broken-mime.eml",
    "maildir",
    "eml-folder",
    "twitter-archive.zip",
    "facebook-export",
    "posts.jsonl",
]


@pytest.fixture(scope="module")
def scanned(tmp_path_factory, archives):
    out = tmp_path_factory.mktemp("scan")
    summary = run_scan([archives / name for name in SMALL], out, processes=1, mapping="text=message,sent_at=when")
    return summary, out


def _jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_it_checks_every_message_of_every_format(scanned):
    summary, _ = scanned
    # 5 + 2 mbox, 1 eml, 2 maildir, 3 in the folder, 3 tweets, 2 Facebook posts, 2 JSONL rows.
    assert summary.checked == 20
    assert summary.skipped == 2  # a photo-only Facebook post and a line that is not JSON
    assert summary.errors == 0 and not summary.interrupted


def test_it_finds_the_breaches_planted_in_the_archives(scanned):
    _, out = scanned
    found = {(r["source"]["locator"], f["rule"]) for r in _jsonl(out / "findings.jsonl") for f in r["findings"]}
    assert ("byte 0", "party-political-use") in found  # election material from a council address
    assert any(rule == "malware-risk" for _, rule in found)  # the .docm attachment
    assert ("2026/closed-session.eml", "confidential-information") in found
    assert ("tweet 1900000000000000002", "personal-attack") in found
    assert ("new/1772700000.M2P1.mail", "offensive-content") in found


def test_every_finding_traces_back_to_its_message(scanned, archives):
    _, out = scanned
    for record in _jsonl(out / "findings.jsonl"):
        source = record["source"]
        assert source["archive"].startswith(str(archives))
        assert source["locator"] and source["key"] == record["id"]
        assert record["findings"] and all(f["clauses"] for f in record["findings"])
    by_id = {r["source"]["message_id"]: r for r in _jsonl(out / "findings.jsonl")}
    assert "<sent-1@havering.gov.uk>" in by_id


def test_findings_csv_has_one_row_per_finding(scanned):
    summary, out = scanned
    with (out / "findings.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == summary.findings
    polling = next(r for r in rows if r["rule"] == "party-political-use")
    assert polling["message_id"] == "<sent-1@havering.gov.uk>" and polling["severity"] == "block"
    assert polling["spans"]


def test_the_html_report_is_self_contained_and_shows_charts_spans_and_clauses(scanned, protocol):
    _, out = scanned
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "<svg" in page and "Findings by rule" in page and "Messages by month" in page
    assert "<mark>" in page
    # Nothing fetched from elsewhere: no scripts, stylesheets or images by URL.
    assert not re.search(r"<(script|link|img)\b", page)
    assert not re.search(r"""(src|href)=["']https?:""", page)
    clause = protocol.clauses["ICT.email-address"]
    assert clause.text.split("\n")[0][:60] in page.replace("&#x27;", "'")
    assert "council-sent.mbox · byte 0 · Message-ID &lt;sent-1@havering.gov.uk&gt;" in page


def test_the_skipped_list_says_what_was_skipped_and_why(scanned):
    _, out = scanned
    with (out / "skipped.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    reasons = sorted(r["reason"] for r in rows)
    assert reasons[0].startswith("not JSON")
    assert reasons[1].startswith("post has no text")


def test_the_command_exits_1_when_messages_need_review(tmp_path, archives, capsys):
    status = main(["scan", str(archives / "maildir"), "-o", str(tmp_path / "out"), "-j", "1"])
    assert status == 1
    err = capsys.readouterr().err
    assert "Checked 2 messages" in err and "Report:" in err


def test_the_command_exits_0_when_nothing_needs_review(tmp_path, archives):
    status = main(
        [
            "scan",
            str(archives / "twitter-archive"),
            "-o",
            str(tmp_path / "out"),
            "-j",
            "1",
            "-q",
            "--rules",
            "malware-risk",
        ]
    )
    assert status == 0
    assert json.loads((tmp_path / "out" / "summary.json").read_text())["checked"] == 3


def test_the_api_reports_progress_as_it_goes(tmp_path, archives):
    seen = []
    run_scan([archives / "council-sent.mbox"], tmp_path, processes=1, progress=seen.append)
    assert seen[-1].done == 5 and seen[-1].total == 5
    assert seen[-1].checked == 5 and seen[-1].flagged >= 2


def test_a_scan_on_two_local_processes_finds_what_one_process_finds(tmp_path, archives):
    sources = [archives / "council-sent.mbox", archives / "maildir", archives / "eml-folder"]
    one = run_scan(sources, tmp_path / "one", processes=1, filters=ScanFilters())
    two = run_scan(sources, tmp_path / "two", processes=2)
    assert two.workers == 2
    assert (tmp_path / "one" / "findings.jsonl").read_text() == (tmp_path / "two" / "findings.jsonl").read_text()
    assert one.findings_by_rule == two.findings_by_rule


def test_findings_csv_writes_formula_like_cells_as_text(tmp_path):
    """Issue 11: "=cmd|' /C calc'!A0" in a scanned subject went into findings.csv as a formula."""
    archive = tmp_path / "posts.jsonl"
    hostile = {
        "text": "Vote Labour on Thursday! You are an IDIOT.",
        "subject": "=cmd|' /C calc'!A0",
        "sender": "@SUM(1+1)",
        "channel": "email",
        "account": "council",
    }
    archive.write_text(json.dumps(hostile) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    run_scan([archive], out, processes=1, mapping="text=text,subject=subject,sender=sender")
    with (out / "findings.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows, "the hostile message raised no finding"
    for row in rows:
        for cell in row.values():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert rows[0]["subject"] == "'=cmd|' /C calc'!A0"


@pytest.mark.parametrize("cell", ["=1+1", "+44 1708", "-2", "@x", "\tx", "\rx"])
def test_a_cell_a_spreadsheet_would_read_as_a_formula_is_written_as_text(cell):
    from councilguard.archive.report.tables import spreadsheet_cell

    assert spreadsheet_cell(cell) == "'" + cell
    assert spreadsheet_cell("plain") == "plain" and spreadsheet_cell(0.9) == 0.9
