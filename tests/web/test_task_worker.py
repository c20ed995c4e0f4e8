"""``councilguard worker`` as it runs in production: a separate process on the database
backend. Killed outright during a scan, it loses and duplicates nothing: the next worker
hands the scan's task back to the queue and resumes it from the scanner's journal."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from councilguard.archive.importers import mbox
from councilguard.archive.journal import read_records
from councilguard.web.casework import scan_files, scan_jobs
from councilguard.web.casework.complaint_models import ArchiveScan
from councilguard.web.worker.models import Worker

from .task_workers import DATABASE_BACKEND, running_worker, start_worker

pytestmark = pytest.mark.django_db(transaction=True)
REAL_MBOX = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "mail" / "spamassassin-public-corpus.mbox"
MESSAGES = 400


@pytest.fixture
def queue(casework_settings):
    casework_settings.TASKS = DATABASE_BACKEND
    return casework_settings


def _first_messages(count: int) -> bytes:
    offsets = [int(i.key.rsplit("#", 1)[1]) for _, i in zip(range(count + 1), mbox.split(REAL_MBOX), strict=False)]
    with REAL_MBOX.open("rb") as handle:
        return handle.read(offsets[-1])


def _queued_scan(complaint) -> ArchiveScan:  # noqa: ANN001
    """A scan of 400 real messages, queued as the upload view queues one. No sender filter
    (a scan recorded before senders were kept): every message is checked."""
    scan = ArchiveScan.objects.create(
        complaint=complaint,
        options={"author": complaint.member.register_id, "social_account": "personal", "senders": []},
    )
    upload = SimpleUploadedFile("sent.mbox", _first_messages(MESSAGES))
    scan.files = scan_files.store_uploads(complaint.pk, scan.pk, [upload])
    scan.save(update_fields=["files"])
    scan_jobs.start(scan.pk)
    return scan


def _wait(condition, seconds: float, what: str) -> None:  # noqa: ANN001
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.25)
    raise AssertionError(f"gave up waiting: {what}")


def test_a_worker_killed_during_a_scan_loses_and_duplicates_nothing(queue, complaint, mo_client, tmp_path):
    scan = _queued_scan(complaint)
    log = tmp_path / "worker.log"
    first = start_worker(log)
    try:
        _wait(lambda: ArchiveScan.objects.get(pk=scan.pk).done >= 20, 240, f"the first worker to scan ({log})")
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=30)
    finally:
        if first.poll() is None:
            first.kill()
    killed = ArchiveScan.objects.get(pk=scan.pk)
    assert killed.status == ArchiveScan.Status.RUNNING and 20 <= killed.done < MESSAGES
    task = DBTaskResult.objects.get()
    assert task.status == "RUNNING" and task.worker_ids == [killed.owner]
    page = mo_client.get(scan.get_absolute_url()).content.decode()
    assert "No task worker is running, so this scan is waiting" in page

    with running_worker(log):
        _wait(lambda: not ArchiveScan.objects.get(pk=scan.pk).active, 300, f"the next worker to finish ({log})")
        status = mo_client.get(reverse("casework:scan-status", args=[complaint.pk, scan.pk])).json()
    finished = ArchiveScan.objects.get(pk=scan.pk)
    assert finished.status == ArchiveScan.Status.FINISHED, finished.error
    assert status["status"] == "finished" and not status["active"]
    # Nothing lost, nothing twice: each message once in the journal, the second worker
    # took the first one's over instead of checking them again.
    keys = [r["key"] for r in read_records(scan_files.report_dir(complaint.pk, scan.pk) / "journal.jsonl")]
    assert len(keys) == len(set(keys)) == MESSAGES == finished.total
    assert finished.summary["resumed"] >= killed.done
    assert finished.checked + finished.skipped == MESSAGES
    # The same task, run again by the next worker; the dead worker's registration is gone.
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL" and len(task.worker_ids) == 2 and task.worker_ids[0] == killed.owner
    assert not Worker.objects.filter(pk=killed.owner).exists()


def test_a_worker_asked_to_stop_queues_its_scan_again_for_the_next_worker(queue, complaint, tmp_path):
    scan = _queued_scan(complaint)
    log = tmp_path / "worker.log"
    first = start_worker(log)
    try:
        _wait(lambda: ArchiveScan.objects.get(pk=scan.pk).done >= 20, 240, f"the first worker to scan ({log})")
        first.send_signal(signal.SIGTERM)
        assert first.wait(timeout=120) == 0
    finally:
        if first.poll() is None:
            first.kill()
    waiting = ArchiveScan.objects.get(pk=scan.pk)
    assert waiting.status == ArchiveScan.Status.QUEUED and waiting.done < MESSAGES
    assert not Worker.objects.exists()  # it said goodbye
    with running_worker(log):
        _wait(lambda: not ArchiveScan.objects.get(pk=scan.pk).active, 300, f"the next worker to finish ({log})")
    finished = ArchiveScan.objects.get(pk=scan.pk)
    assert finished.status == ArchiveScan.Status.FINISHED and finished.summary["resumed"] >= waiting.done
    assert finished.checked + finished.skipped == MESSAGES
    # Two runs: the first ended by handing the scan back, the second finished it.
    runs = list(DBTaskResult.objects.order_by("enqueued_at").values_list("status", "return_value"))
    assert runs == [("SUCCESSFUL", "queued"), ("SUCCESSFUL", "finished")]
