"""Scans that stop before the end: the officer's Stop button, a worker stopped or killed.
A stopped scan resumes from the scanner's journal without checking anything twice; a scan
whose worker was killed is taken over by the next worker (tests/web/test_task_worker.py
kills a real one)."""

from __future__ import annotations

import subprocess
import sys
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from councilguard.archive import ScanFilters, run_scan, runner
from councilguard.web.casework import scan_jobs
from councilguard.web.casework.complaint_models import ArchiveScan, Complaint
from councilguard.web.governance.models import AuditEntry
from councilguard.web.worker import liveness
from councilguard.web.worker.models import Worker

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

    def saver(scan_id, run_id):  # noqa: ANN001, ANN202
        save = original(scan_id, run_id)

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


def test_a_finished_scan_cannot_be_resumed_or_stopped(mo_client, complaint):
    _upload(mo_client, complaint)
    scan = ArchiveScan.objects.get()
    for action in ("scan-resume", "scan-stop"):
        response = mo_client.post(reverse(f"casework:{action}", args=[complaint.pk, scan.pk]))
        assert response.status_code == 409
    scan.refresh_from_db()
    assert scan.status == ArchiveScan.Status.FINISHED and not scan.stop_requested


def test_the_stop_button_asks_a_running_scan_to_stop(mo_client, complaint):
    running = ArchiveScan.objects.create(complaint=complaint, status=ArchiveScan.Status.RUNNING)
    page = mo_client.get(running.get_absolute_url()).content.decode()
    assert "Stop the scan" in page and "scan-progress.mjs" in page
    response = mo_client.post(reverse("casework:scan-stop", args=[complaint.pk, running.pk]))
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


def test_a_run_that_is_not_the_scans_current_run_changes_nothing(mo_client, complaint, interrupted_scan):
    # A task queued twice for one scan (or a stale one): only the run the row names runs it.
    scan = interrupted_scan
    assert scan_jobs.resume(scan.pk)
    scan.refresh_from_db()
    assert scan.status == ArchiveScan.Status.FINISHED
    finished = (scan.checked, scan.summary, scan.finished_at)
    ArchiveScan.objects.filter(pk=scan.pk).update(status=ArchiveScan.Status.QUEUED)
    assert scan_jobs.run(scan.pk, str(uuid.uuid4())).status == ArchiveScan.Status.QUEUED
    scan.refresh_from_db()
    assert (scan.checked, scan.summary, scan.finished_at) == finished


def test_a_scan_whose_worker_has_died_tells_the_officer_it_waits_for_a_worker(mo_client, complaint):
    dead = Worker.objects.create(
        id=f"{liveness.HOST}:{_dead_pid()}:gone",
        host=liveness.HOST,
        pid=_dead_pid(),
        started_at=timezone.now(),
        heartbeat_at=timezone.now(),
    )
    scan = ArchiveScan.objects.create(complaint=complaint, status=ArchiveScan.Status.RUNNING, owner=dead.id)
    page = mo_client.get(scan.get_absolute_url()).content.decode()
    assert "No task worker is running, so this scan is waiting" in page
    assert "Stop the scan" in page  # still the officer's to stop


def test_a_scan_on_a_live_worker_says_nothing_about_workers(mo_client, complaint):
    alive = liveness.register(liveness.new_worker_id())
    scan = ArchiveScan.objects.create(complaint=complaint, status=ArchiveScan.Status.RUNNING, owner=alive.id)
    page = mo_client.get(scan.get_absolute_url()).content.decode()
    assert "No task worker is running" not in page


def test_the_scan_page_words_a_scan_that_cannot_run_in_the_upload_forms_terms():
    from councilguard.archive import ScanUsageError

    mapping = ScanUsageError("mapping", "'colour' is not a draft field; use one of text, subject")
    assert (
        scan_jobs.web_wording(mapping) == "The column mapping: 'colour' is not a draft field; use one of text, subject."
    )
    dates = scan_jobs.web_wording(ScanUsageError("dates", "the start is after the end: no message could match"))
    assert dates.startswith("The start date is after the end date") and "--" not in dates
