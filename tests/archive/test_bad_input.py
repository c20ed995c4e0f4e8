"""Bad input: the scan goes on, records what it skipped and why, and counts it. Bad
usage: a clear message and exit status 2."""

from __future__ import annotations

import csv
import json
from email.message import EmailMessage

import pytest

from councilguard.archive import ScanFilters, ScanUsageError, run_scan
from councilguard.cli.main import main


def _skipped(out):
    with (out / "skipped.csv").open(encoding="utf-8") as handle:
        return {
            r["locator"] if r["locator"] != "archive" else r["archive"].rsplit("/", 1)[-1]: r["reason"]
            for r in csv.DictReader(handle)
        }


def test_damaged_and_empty_archives_are_recorded_and_the_scan_goes_on(tmp_path, archives):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.mbox").write_bytes(b"")
    (bad / "broken.zip").write_bytes(b"PK\x03\x04 this zip was cut short")
    (bad / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 JFIF")
    empty_maildir = bad / "empty-maildir"
    for sub in ("cur", "new", "tmp"):
        (empty_maildir / sub).mkdir(parents=True)
    sources = [
        archives / "truncated.mbox",
        archives / "broken-mime.eml",
        archives / "not-really.msg",
        bad / "empty.mbox",
        bad / "broken.zip",
        bad / "photo.jpg",
        empty_maildir,
    ]
    summary = run_scan(sources, tmp_path / "out", processes=1)
    assert summary.checked == 3  # two from the truncated mbox, the broken-MIME message
    skipped = _skipped(tmp_path / "out")
    assert skipped["not-really.msg"].startswith("not an Outlook .msg file")
    assert skipped["empty.mbox"] == "the file is empty"
    assert "without data/tweets.js" in skipped["broken.zip"]
    assert skipped["photo.jpg"].startswith("not a format the scanner reads")
    assert skipped["empty-maildir"] == "no messages in this archive"
    assert summary.skipped == 5
    page = (tmp_path / "out" / "report.html").read_text()
    assert "Skipped and failed" in page and "no messages in this archive" in page
    assert json.loads((tmp_path / "out" / "summary.json").read_text())["skipped"] == 5


def test_a_50_megabyte_attachment_is_recorded_by_name_and_size_only(tmp_path):
    msg = EmailMessage()
    msg["From"] = "cllr.anna.webb@havering.gov.uk"
    msg["To"] = "planning@havering.gov.uk"
    msg["Subject"] = "Survey"
    msg["Date"] = "Tue, 10 Mar 2026 09:00:00 +0000"
    msg.set_content("The survey files are attached.")
    msg.add_attachment(bytes(50 * 1024 * 1024), maintype="application", subtype="zip", filename="survey.zip")
    mailbox = tmp_path / "big.mbox"
    mailbox.write_bytes(b"From cllr.anna.webb@havering.gov.uk Tue Mar 10 09:00:00 2026\n" + bytes(msg) + b"\n")
    summary = run_scan([mailbox], tmp_path / "out", processes=1)
    assert summary.checked == 1 and summary.skipped == 0
    journal = (tmp_path / "out" / "journal.jsonl").read_text()
    assert len(journal) < 10_000  # the record holds the attachment's name and size, not its bytes


def test_a_message_over_the_size_limit_is_skipped_and_the_next_one_checked(tmp_path, monkeypatch):
    from councilguard.archive.importers import mbox

    monkeypatch.setattr(mbox, "MAX_MESSAGE_BYTES", 1000)
    mailbox = tmp_path / "two.mbox"
    mailbox.write_bytes(
        b"From a@example.org Mon Mar  2 09:00:00 2026\nFrom: a@example.org\nSubject: big\n\n" + b"x" * 5000 + b"\n\n"
        b"From a@example.org Mon Mar  2 10:00:00 2026\n"
        b"From: a@example.org\nSubject: small\n\nHello.\n"
    )
    summary = run_scan([mailbox], tmp_path / "out", processes=1)
    assert summary.checked == 1 and summary.skipped == 1
    assert "over the 1,000-byte limit" in list(_skipped(tmp_path / "out").values())[0]


def test_a_missing_archive_is_bad_usage(tmp_path, capsys):
    assert main(["scan", str(tmp_path / "nowhere.mbox"), "-o", str(tmp_path / "out")]) == 2
    assert "nowhere.mbox: no such file or folder" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--since", "last week"], "--since: 'last week' is not a date"),
        (["--rules", "no-such-rule"], "--rules: unknown rule 'no-such-rule'"),
        (["--map", "colour=body"], "--map: 'colour' is not a draft field"),
        (["--processes", "0"], "--processes must be at least 1"),
        (["--since", "2026-05-01", "--until", "2026-04-01"], "--since is after --until"),
        (["--address", "ray://head:10001"], "--address is for --engine ray"),
    ],
)
def test_bad_options_get_a_clear_message_and_exit_2(tmp_path, archives, capsys, options, message):
    status = main(["scan", str(archives / "maildir"), "-o", str(tmp_path / "out"), "-j", "1", *options])
    assert status == 2
    assert message in capsys.readouterr().err


def test_an_output_that_is_a_file_is_bad_usage(tmp_path, archives, capsys):
    target = tmp_path / "report.txt"
    target.write_text("not a folder")
    assert main(["scan", str(archives / "maildir"), "-o", str(target)]) == 2
    assert "is a file, not a folder" in capsys.readouterr().err


def test_a_message_the_checker_fails_on_is_an_error_and_the_rest_of_its_chunk_is_checked(tmp_path, monkeypatch):
    from councilguard.checker.engine import Checker

    real_check = Checker.check

    def fails_on_the_poisoned_message(self, draft):
        if "POISON" in draft.text:
            raise RuntimeError("the checker tripped")
        return real_check(self, draft)

    def batch_fails(self, drafts):
        raise RuntimeError("the batch tripped")

    monkeypatch.setattr(Checker, "check", fails_on_the_poisoned_message)
    monkeypatch.setattr(Checker, "check_batch", batch_fails)
    mailbox = tmp_path / "three.mbox"
    mailbox.write_bytes(
        b"".join(
            f"From a@example.org Mon Mar  2 0{i}:00:00 2026\nFrom: a@example.org\nSubject: m{i}\n\n{body}\n\n".encode()
            for i, body in enumerate(["Hello.", "POISON here.", "You absolute moron."])
        )
    )
    summary = run_scan([mailbox], tmp_path / "out", processes=1)
    assert summary.checked == 2 and summary.errors == 1
    reasons = list(_skipped(tmp_path / "out").values())
    assert len(reasons) == 1 and "RuntimeError: the checker tripped" in reasons[0]
    assert "offensive-content" in summary.findings_by_rule


@pytest.mark.parametrize(
    ("arguments", "setting", "message"),
    [
        ({"mapping": "colour=body"}, "mapping", "'colour' is not a draft field"),
        ({"format": "pdf"}, "format", "'pdf' is not one of mbox, maildir"),
        ({"social_account": "shared"}, "social_account", "'shared' is not one of"),
        ({"filters": ScanFilters(rules=("no-such-rule",))}, "rules", "unknown rule 'no-such-rule'"),
    ],
)
def test_run_scan_raises_domain_errors_that_name_the_setting_in_no_interfaces_words(
    tmp_path, archives, arguments, setting, message
):
    with pytest.raises(ScanUsageError) as raised:
        run_scan([archives / "maildir"], tmp_path / "out", processes=1, **arguments)
    assert raised.value.setting == setting
    assert str(raised.value).startswith(message)
    assert "--" not in str(raised.value)  # the CLI adds its options, the web app its labels
