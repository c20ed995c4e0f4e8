"""Scans that stop before the end: the officer's Stop button, a server restart or crash.
A scan whose server process has gone is marked interrupted when anyone looks, and a
resumed scan carries on from the scanner's journal without checking anything twice."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from councilguard.archive import ScanFilters, run_scan, runner
from councilguard.web.casework import scan_jobs
from councilguard.web.casework.complaint_models import ArchiveScan, Complaint
from councilguard.web.governance.models import AuditEntry

from .conftest import ARCHIVES, sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("casework_settings")]
MAILBOX = "council-sent.mbox"
SENDER = "cllr.anna.webb@havering.gov.uk"


def _upload(client, complaint):  # noqa: ANN001, ANN202
    archive = SimpleUploadedFile(MAILBOX, (ARCHIVES / MAILBOX).read_bytes())
    url = reverse("casework:scan-start", args=[complaint.pk])
    # The mailbox is Anna Webb's sent items: only what she sent is scanned.
    return client.post(url, {"archives": [archive], "social_account": "personal", "senders": SENDER})


def _dead_pid() -> int:
    """The id of a process that has exited, as a server's is after a restart."""
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    return int(child.stdout)


@pytest.fixture
def stopped_after_two(monkeypatch):
    """The next scan is stopped (as by the Stop button) once two messages are done."""
    monkeypatch.setattr(runner, "BATCH_ITEMS", 1)
    monkeypatch.setattr(scan_jobs, "STOP_POLL_SECONDS", 0.0)
    original = scan_jobs._progress_saver

    def saver(scan_id):  # noqa: ANN001, ANN202
        save = original(scan_id)

        def save_then_press_stop(progress):  # noqa: ANN001, ANN202
            save(progress)
            if progress.done >= 2:
                ArchiveScan.objects.filter(pk=scan_id).update(stop_requested=True)

        return save_then_press_stop

    monkeypatch.setattr(scan_jobs, "_progress_saver", saver)
    return monkeypatch


@pytest.fixture
def interrupted_scan(mo_client, complaint, stopped_after_two) -> ArchiveScan:
    _upload(mo_client, complaint)
    stopped_after_two.undo()
    return ArchiveScan.objects.get()


def _full_scan(tmp_path, complaint: Complaint):  # noqa: ANN202
    return run_scan(
        [ARCHIVES / MAILBOX],
        tmp_path / "direct",
        processes=1,
        author=complaint.member.register_id,
        filters=ScanFilters(senders=(SENDER,)),
    )


def test_a_stopped_scan_keeps_its_work_and_resumes_without_checking_anything_twice(
    mo_client, complaint, interrupted_scan, tmp_path, monitoring_officer
):
    scan = interrupted_scan
    assert scan.status == ArchiveScan.Status.INTERRUPTED
    assert 2 <= scan.done < scan.total
    page = mo_client.get(scan.get_absolute_url()).content.decode()
    assert "Resume the scan" in page and "What the scan found before it stopped" in page

    response = mo_client.post(reverse("casework:scan-resume", args=[complaint.pk, scan.pk]))
    assert response.status_code == 302
    resumed = ArchiveScan.objects.get(pk=scan.pk)
    assert resumed.status == ArchiveScan.Status.FINISHED
    assert resumed.summary["resumed"] == scan.done  # read from the journal, not checked again
    full = _full_scan(tmp_path, complaint)
    assert (resumed.checked, resumed.flagged) == (full.checked, full.flagged)
    assert resumed.summary["findings_by_rule"] == full.findings_by_rule
    entry = AuditEntry.objects.get(model="casework.ArchiveScan", action="changed")
    assert entry.actor == monitoring_officer and entry.changes["status"][1] == "resumed"


def test_a_scan_left_running_by_a_server_that_has_gone_is_marked_interrupted_and_resumes(
    mo_client, complaint, interrupted_scan, tmp_path
):
    # What a restart leaves behind: the row still says running, its process is gone.
    ArchiveScan.objects.filter(pk=interrupted_scan.pk).update(
        status=ArchiveScan.Status.RUNNING,
        owner=f"{scan_jobs.HOST}:{_dead_pid()}:before-restart",
        heartbeat_at=timezone.now(),
    )
    page = mo_client.get(interrupted_scan.get_absolute_url()).content.decode()
    scan = ArchiveScan.objects.get(pk=interrupted_scan.pk)
    assert scan.status == ArchiveScan.Status.INTERRUPTED
    assert "The server stopped while this scan was running" in page
    mo_client.post(reverse("casework:scan-resume", args=[complaint.pk, scan.pk]))
    scan.refresh_from_db()
    assert scan.status == ArchiveScan.Status.FINISHED
    assert scan.checked == _full_scan(tmp_path, complaint).checked


def test_a_scan_on_another_server_is_left_alone_while_its_heartbeat_is_fresh(complaint):
    fresh = ArchiveScan.objects.create(
        complaint=complaint,
        status=ArchiveScan.Status.RUNNING,
        owner="scanner-2.havering.local:4242:abc",
        heartbeat_at=timezone.now() - timedelta(seconds=10),
    )
    silent = ArchiveScan.objects.create(
        complaint=complaint,
        status=ArchiveScan.Status.RUNNING,
        owner="scanner-3.havering.local:4242:def",
        heartbeat_at=timezone.now() - scan_jobs.STALE_AFTER - timedelta(seconds=5),
    )
    assert scan_jobs.recover_interrupted() == 1
    fresh.refresh_from_db()
    silent.refresh_from_db()
    assert fresh.status == ArchiveScan.Status.RUNNING
    assert silent.status == ArchiveScan.Status.INTERRUPTED


def test_a_finished_scan_cannot_be_resumed_or_stopped(mo_client, complaint):
    _upload(mo_client, complaint)
    scan = ArchiveScan.objects.get()
    for action in ("scan-resume", "scan-stop"):
        response = mo_client.post(reverse(f"casework:{action}", args=[complaint.pk, scan.pk]))
        assert response.status_code == 409
    scan.refresh_from_db()
    assert scan.status == ArchiveScan.Status.FINISHED and not scan.stop_requested


def test_the_stop_button_asks_a_running_scan_to_stop(mo_client, complaint):
    running = ArchiveScan.objects.create(
        complaint=complaint, status=ArchiveScan.Status.RUNNING, **scan_jobs.ownership()
    )
    # Registered as this process's job, as start() does, so it is not taken for a dead one.
    scan_jobs._threads[running.pk] = None
    try:
        page = mo_client.get(running.get_absolute_url()).content.decode()
        assert "Stop the scan" in page and "scan-progress.mjs" in page
        response = mo_client.post(reverse("casework:scan-stop", args=[complaint.pk, running.pk]))
    finally:
        scan_jobs._threads.pop(running.pk, None)
    assert response.status_code == 302
    running.refresh_from_db()
    assert running.stop_requested and running.status == ArchiveScan.Status.RUNNING


def test_resuming_someone_elses_scan_through_this_complaint_changes_nothing(
    mo_client, complaint, interrupted_scan, councillor, monitoring_officer
):
    other = Complaint.objects.create(
        complainant_name="A Resident",
        member=councillor.member,
        received_on=complaint.received_on,
        summary="Another matter.",
    )
    url = reverse("casework:scan-resume", args=[other.pk, interrupted_scan.pk])
    assert mo_client.post(url).status_code == 404
    forger = sign_in(Client(enforce_csrf_checks=True), monitoring_officer)
    own = reverse("casework:scan-resume", args=[complaint.pk, interrupted_scan.pk])
    assert forger.post(own).status_code == 403
    interrupted_scan.refresh_from_db()
    assert interrupted_scan.status == ArchiveScan.Status.INTERRUPTED


@pytest.mark.django_db(transaction=True)
def test_in_the_background_the_scan_runs_in_a_thread_and_the_page_follows_it(
    complaint_settings, monitoring_officer, councillor
):
    complaint_settings.COUNCILGUARD_SCAN_IN_BACKGROUND = True
    officer = monitoring_officer
    complaint = Complaint.objects.create(
        complainant_name="Pat Resident",
        member=councillor.member,
        received_on=timezone.localdate(),
        summary="Background scan.",
    )
    client = sign_in(Client(), officer)
    assert _upload(client, complaint).status_code == 302
    scan = ArchiveScan.objects.get()
    status_url = reverse("casework:scan-status", args=[complaint.pk, scan.pk])
    deadline = time.monotonic() + 120
    seen = []
    while time.monotonic() < deadline:
        status = client.get(status_url).json()
        seen.append(status["status"])
        if not status["active"]:
            break
        time.sleep(0.2)
    assert seen[-1] == "finished", seen
    assert "interrupted" not in seen  # a live scan is never mistaken for a dead one
    assert scan_jobs.wait(scan.pk, timeout=30)  # and the thread lets go of it
