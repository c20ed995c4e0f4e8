"""Running archive scans in the background of the web server.

``start(scan_id)`` runs ``councilguard.archive.run_scan`` in a thread of this process
(at most COUNCILGUARD_SCAN_CONCURRENCY at once; the others wait as "queued"), saving
progress on the ArchiveScan row as it goes. Nothing else is needed to run: no broker, no
worker service. With COUNCILGUARD_SCAN_IN_BACKGROUND off (the tests) the scan runs
before ``start`` returns.

A server restart or crash kills the threads and leaves rows saying "running". Each row
names its owner (host, process id, a per-process token) and carries a heartbeat;
``recover_interrupted`` (called whenever complaints are looked at) marks a scan
interrupted when its owner is gone: a dead process on this host at once, a silent one
elsewhere after STALE_AFTER. An interrupted scan resumes where it stopped, because the
scanner keeps a journal of every message it has finished.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connections
from django.utils import timezone

from councilguard.archive import ScanFilters, ScanProgress, ScanUsageError, run_scan

from . import scan_files
from .complaint_models import ArchiveScan

log = logging.getLogger(__name__)

HOST = socket.gethostname()[:60]
OWNER = f"{HOST}:{os.getpid()}:{uuid.uuid4().hex[:12]}"
HEARTBEAT_SECONDS = 15.0
STALE_AFTER = timedelta(seconds=90)
PROGRESS_EVERY_SECONDS = 1.0
STOP_POLL_SECONDS = 2.0

_threads: dict[int, threading.Thread] = {}
_threads_lock = threading.Lock()
_slots: threading.BoundedSemaphore | None = None


def _setting(name: str, default: Any) -> Any:
    return getattr(settings, name, default)


def _slot() -> threading.BoundedSemaphore:
    global _slots
    with _threads_lock:
        if _slots is None:
            _slots = threading.BoundedSemaphore(max(1, _setting("COUNCILGUARD_SCAN_CONCURRENCY", 2)))
        return _slots


# --- Starting ---------------------------------------------------------------------------


def ownership() -> dict[str, Any]:
    """The fields that make this process the owner of a scan row (set when it is queued,
    so a scan is never without a live owner between the click and the thread starting)."""
    return {"owner": OWNER, "heartbeat_at": timezone.now()}


def start(scan_id: int) -> None:
    """Run the queued scan in the background (or now, when background scans are off)."""
    if not _setting("COUNCILGUARD_SCAN_IN_BACKGROUND", True):
        run(scan_id)
        return
    thread = threading.Thread(target=_in_thread, args=(scan_id,), name=f"archive-scan-{scan_id}", daemon=True)
    with _threads_lock:
        _threads[scan_id] = thread
    thread.start()


def _in_thread(scan_id: int) -> None:
    heartbeat = _Heartbeat(scan_id)
    heartbeat.start()
    try:
        with _slot():
            run(scan_id)
    except Exception:  # a thread's exception would otherwise vanish into stderr
        log.exception("archive scan %s: the background job failed", scan_id)
    finally:
        heartbeat.finished.set()
        with _threads_lock:
            _threads.pop(scan_id, None)
        # The thread's own database connection, which nothing else would ever close.
        connections.close_all()


def is_running_here(scan_id: int) -> bool:
    """A thread of this process has the scan (running, or queued for a free slot)."""
    with _threads_lock:
        return scan_id in _threads


def wait(scan_id: int, timeout: float) -> bool:
    """Wait for this process's thread for the scan to end; False if it is still running.

    The row says "finished" a moment before the thread has closed its connections and
    let go of the scan, so whoever needs the thread gone must wait for the thread."""
    with _threads_lock:
        thread = _threads.get(scan_id)
    if thread is not None:
        thread.join(timeout)
    return not is_running_here(scan_id)


# --- Running ----------------------------------------------------------------------------


def _filters(options: dict[str, Any]) -> ScanFilters:
    def moment(value: str | None) -> datetime | None:
        return datetime.fromisoformat(value) if value else None

    # Only what the member sent or posted: messages from the member's addresses and
    # handles (recorded when the scan was started). A scan recorded before senders were
    # kept has none, and resumes as it ran.
    senders = tuple(options.get("senders") or ())
    return ScanFilters(
        since=moment(options.get("since")),
        until=moment(options.get("until")),
        senders=senders,
        keep_without_sender=bool(senders) and bool(options.get("keep_without_sender", True)),
    )


class _Heartbeat(threading.Thread):
    """Says every HEARTBEAT_SECONDS that the scan's process is alive, while the scan waits
    for a free slot and while one large message keeps it from reporting progress."""

    def __init__(self, scan_id: int):
        super().__init__(name=f"archive-scan-{scan_id}-heartbeat", daemon=True)
        self.scan_id = scan_id
        self.finished = threading.Event()

    def run(self) -> None:
        try:
            while not self.finished.wait(HEARTBEAT_SECONDS):
                ArchiveScan.objects.filter(pk=self.scan_id, owner=OWNER).update(heartbeat_at=timezone.now())
        finally:
            connections.close_all()


def _progress_saver(scan_id: int) -> Callable[[ScanProgress], None]:
    last = [0.0]

    def save(progress: ScanProgress) -> None:
        now = time.monotonic()
        if now - last[0] < PROGRESS_EVERY_SECONDS and progress.done != progress.total:
            return
        last[0] = now
        ArchiveScan.objects.filter(pk=scan_id, owner=OWNER).update(
            done=progress.done,
            total=progress.total,
            checked=progress.checked,
            flagged=progress.flagged,
            skipped=progress.skipped,
            rate=round(progress.rate, 1),
            heartbeat_at=timezone.now(),
        )

    return save


def _stop_requested(scan_id: int) -> Callable[[], bool]:
    """The officer's "Stop" button, read from the row at most every STOP_POLL_SECONDS."""
    state = {"checked": 0.0, "stop": False}

    def stop() -> bool:
        now = time.monotonic()
        if not state["stop"] and now - state["checked"] >= STOP_POLL_SECONDS:
            state["checked"] = now
            state["stop"] = ArchiveScan.objects.filter(pk=scan_id, stop_requested=True).exists()
        return bool(state["stop"])

    return stop


def _versions(pack_id: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The pack a scan starts from (the version named when it was asked for) and every
    adopted version by the date it came into force, as directories the scan's worker
    processes load: each message is checked against the version in force when it was sent."""
    from councilguard.web.governance.models import ProtocolVersion
    from councilguard.web.governance.protocols import materialise

    adopted = ProtocolVersion.objects.filter(status=ProtocolVersion.Status.ADOPTED, in_force_from__isnull=False)
    adopted = adopted.select_related("decision__meeting__committee", "decision__item").order_by("in_force_from")
    timeline = tuple((v.in_force_from.isoformat(), str(materialise(v))) for v in adopted)
    named = ProtocolVersion.objects.filter(pack_id=pack_id).first()
    return (str(materialise(named)) if named else pack_id), timeline


def run(scan_id: int) -> ArchiveScan:
    """Run (or resume) one scan to the end in this thread, and record how it ended."""
    claimed = ArchiveScan.objects.filter(pk=scan_id, status=ArchiveScan.Status.QUEUED).update(
        status=ArchiveScan.Status.RUNNING,
        owner=OWNER,
        heartbeat_at=timezone.now(),
        started_at=timezone.now(),
        error="",
    )
    scan = ArchiveScan.objects.select_related("complaint").get(pk=scan_id)
    if not claimed:
        log.warning("archive scan %s: not queued (%s), not started", scan_id, scan.status)
        return scan
    options = scan.options
    ended: dict[str, Any]
    try:
        protocol, timeline = _versions(options.get("protocol") or settings.COUNCILGUARD_PROTOCOL)
        summary = run_scan(
            scan_files.source_paths(scan.complaint_id, scan.pk, scan.files),
            scan_files.report_dir(scan.complaint_id, scan.pk),
            engine="local",
            processes=_setting("COUNCILGUARD_SCAN_PROCESSES", 1),
            filters=_filters(options),
            protocol=protocol,
            timeline=timeline,
            mapping=options.get("mapping") or None,
            social_account=options.get("social_account") or "personal",
            author=options.get("author"),
            progress=_progress_saver(scan_id),
            stop=_stop_requested(scan_id),
        )
    except ScanUsageError as exc:
        ended = {"status": ArchiveScan.Status.FAILED, "error": str(exc)}
    except Exception as exc:  # noqa: BLE001 - recorded on the row for the officer to see
        log.exception("archive scan %s failed", scan_id)
        ended = {
            "status": ArchiveScan.Status.FAILED,
            "error": f"The scan stopped with an internal error ({type(exc).__name__}: {exc}).",
        }
    else:
        ended = {
            "status": ArchiveScan.Status.INTERRUPTED if summary.interrupted else ArchiveScan.Status.FINISHED,
            "summary": _summary_of(summary),
            "done": summary.checked + summary.filtered + summary.skipped + summary.errors,
            "total": summary.total,
            "checked": summary.checked,
            "flagged": summary.flagged,
            "skipped": summary.skipped + summary.errors,
            "rate": round(summary.messages_per_second, 1),
        }
    ArchiveScan.objects.filter(pk=scan_id, owner=OWNER).update(
        finished_at=timezone.now(), heartbeat_at=timezone.now(), stop_requested=False, **ended
    )
    scan.refresh_from_db()
    return scan


def _summary_of(summary: Any) -> dict[str, Any]:
    """What the scan page shows when the scan is over: the scanner's summary.json (counts
    by rule, skip reasons) with the run's own figures."""
    import json

    path = summary.report.get("summary")
    try:
        written = json.loads(path.read_text(encoding="utf-8")) if path else {}
    except (OSError, ValueError):
        written = {}
    return {
        **written,
        "checked": summary.checked,
        "flagged": summary.flagged,
        "findings": summary.findings,
        "findings_by_rule": summary.findings_by_rule,
        "filtered": summary.filtered,
        "skipped": summary.skipped,
        "errors": summary.errors,
        "resumed": summary.resumed,
        "seconds": round(summary.elapsed_seconds, 2),
        "messages_per_second": round(summary.messages_per_second, 1),
    }


# --- After a restart ----------------------------------------------------------------------


def _owner_is_gone(owner: str, heartbeat_at: datetime | None, now: datetime) -> bool:
    if owner == OWNER:
        return True  # this process owns it, and is_running_here said no thread runs it
    host, _, rest = owner.partition(":")
    pid_text = rest.partition(":")[0]
    if host == HOST and pid_text.isdigit():
        try:
            os.kill(int(pid_text), 0)
        except ProcessLookupError:
            return True  # the server process that ran it has exited
        except PermissionError:
            pass  # a live process of another user: decide by the heartbeat
    return heartbeat_at is None or now - heartbeat_at > STALE_AFTER


def recover_interrupted() -> int:
    """Mark scans whose process has gone as interrupted; returns how many were."""
    now = timezone.now()
    marked = 0
    active = ArchiveScan.objects.filter(status__in=ArchiveScan.ACTIVE)
    for scan_id, owner, heartbeat_at in active.values_list("pk", "owner", "heartbeat_at"):
        if is_running_here(scan_id) or not _owner_is_gone(owner, heartbeat_at, now):
            continue
        marked += ArchiveScan.objects.filter(pk=scan_id, status__in=ArchiveScan.ACTIVE, owner=owner).update(
            status=ArchiveScan.Status.INTERRUPTED,
            error="The server stopped while this scan was running. Resume it to finish: "
            "the messages already checked are kept.",
        )
    if marked:
        log.warning("marked %s archive scan(s) interrupted: their server process has gone", marked)
    return marked


def resume(scan_id: int) -> bool:
    """Queue an interrupted or failed scan again and start it; False if it was not one."""
    requeued = ArchiveScan.objects.filter(
        pk=scan_id, status__in=(ArchiveScan.Status.INTERRUPTED, ArchiveScan.Status.FAILED)
    ).update(status=ArchiveScan.Status.QUEUED, error="", stop_requested=False, **ownership())
    if requeued:
        start(scan_id)
    return bool(requeued)
