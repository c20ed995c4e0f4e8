"""Stopping a scan and resuming it without redoing finished work."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from councilguard.archive import ScanUsageError, run_scan
from councilguard.archive import runner as scan_runner
from councilguard.archive.journal import read_records


def _keys(out: Path) -> list[str]:
    return [r["key"] for r in read_records(out / "journal.jsonl")]


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(scan_runner, "BATCH_ITEMS", 2)


def _stop_after(batches: int):
    calls = {"n": 0}

    def progress(_):
        calls["n"] += 1

    def stop() -> bool:
        return calls["n"] > batches

    return progress, stop


def test_a_stopped_scan_resumes_without_checking_finished_messages_again(tmp_path, archives, small_batches):
    sources = [archives / "council-sent.mbox", archives / "maildir", archives / "eml-folder"]
    progress, stop = _stop_after(2)
    first = run_scan(sources, tmp_path / "out", processes=1, progress=progress, stop=stop)
    assert first.interrupted
    done_first = _keys(tmp_path / "out")
    assert 0 < len(done_first) < 10
    page = (tmp_path / "out" / "report.html").read_text()
    assert "stopped before the end" in page

    second = run_scan(sources, tmp_path / "out", processes=1)
    assert not second.interrupted
    assert second.resumed == len(done_first)
    assert second.processed == 10 - len(done_first)
    keys = _keys(tmp_path / "out")
    assert len(keys) == len(set(keys)) == 10

    whole = run_scan(sources, tmp_path / "whole", processes=1)
    assert (tmp_path / "out" / "findings.jsonl").read_text() == (tmp_path / "whole" / "findings.jsonl").read_text()
    assert whole.findings_by_rule == second.findings_by_rule


def test_a_record_torn_by_a_crash_is_redone_and_the_journal_stays_readable(tmp_path, archives, small_batches):
    progress, stop = _stop_after(1)
    run_scan([archives / "council-sent.mbox"], tmp_path, processes=1, progress=progress, stop=stop)
    journal = tmp_path / "journal.jsonl"
    done = _keys(tmp_path)
    with journal.open("a") as handle:
        handle.write('{"key": "half-written reco')
    summary = run_scan([archives / "council-sent.mbox"], tmp_path, processes=1)
    assert summary.resumed == len(done)
    lines = journal.read_text().splitlines()
    assert all(json.loads(line)["key"] for line in lines)
    assert len(lines) == 5


def test_resuming_with_other_settings_is_refused(tmp_path, archives):
    run_scan([archives / "maildir"], tmp_path, processes=1)
    from councilguard.archive import ScanFilters

    with pytest.raises(ScanUsageError, match="other settings"):
        run_scan([archives / "maildir"], tmp_path, processes=1, filters=ScanFilters(rules=("tone",)))
    summary = run_scan(
        [archives / "maildir"],
        tmp_path,
        processes=1,
        filters=ScanFilters(rules=("tone",)),
        restart=True,
    )
    assert summary.resumed == 0 and summary.checked == 2


def _first_messages(source: Path, target: Path, count: int) -> None:
    from councilguard.archive.importers import mbox

    offsets = [int(i.key.rsplit("#", 1)[1]) for _, i in zip(range(count + 1), mbox.split(source), strict=False)]
    with source.open("rb") as handle:
        target.write_bytes(handle.read(offsets[-1]))


def test_ctrl_c_stops_the_command_which_resumes_where_it_stopped(tmp_path, real_mbox):
    mailbox = tmp_path / "first-120.mbox"
    _first_messages(real_mbox, mailbox, 120)
    out = tmp_path / "out"
    command = [
        sys.executable,
        "-m",
        "councilguard.cli",
        "scan",
        str(mailbox),
        "-o",
        str(out),
        "-j",
        "2",
        "-q",
    ]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    journal = out / "journal.jsonl"
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and process.poll() is None:
        if journal.exists() and journal.stat().st_size > 0:
            break
        time.sleep(0.2)
    assert process.poll() is None, process.stderr.read()
    os.kill(process.pid, signal.SIGINT)
    process.wait(timeout=120)
    assert process.returncode == 130
    done = len(_keys(out))
    assert 0 < done < 120

    finished = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert finished.returncode in (0, 1), finished.stderr
    keys = _keys(out)
    assert len(keys) == len(set(keys)) == 120
    summary = json.loads((out / "summary.json").read_text())
    assert summary["complete"] and summary["checked"] + summary["skipped"] == 120


def test_a_scan_killed_outright_takes_its_checking_processes_and_resource_tracker_with_it(tmp_path, real_mbox):
    psutil = pytest.importorskip("psutil")  # the archive extra's (make install has it)
    mailbox = tmp_path / "first-400.mbox"
    _first_messages(real_mbox, mailbox, 400)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "councilguard.cli", "scan", str(mailbox), "-o", str(out), "-j", "2", "-q"]
    process = subprocess.Popen(command, stderr=subprocess.DEVNULL)
    scan = psutil.Process(process.pid)
    journal = out / "journal.jsonl"
    deadline = time.monotonic() + 240
    # Checking has begun: both workers run, and the resource tracker beside them.
    while time.monotonic() < deadline and process.poll() is None:
        if journal.exists() and journal.stat().st_size > 0 and len(scan.children(recursive=True)) >= 3:
            break
        time.sleep(0.2)
    assert process.poll() is None, "the scan ended before it could be killed"
    left_behind = scan.children(recursive=True)
    assert len(left_behind) >= 3
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    _, alive = psutil.wait_procs(left_behind, timeout=60)
    for child in alive:  # never leave them running, whatever the test finds
        child.kill()
    assert [c.pid for c in alive] == []
