"""Archive scans as tasks, run by ``councilguard worker`` (never in the web server).

``start(scan_id)`` gives the queued scan a new ``run_id`` and enqueues ``run_scan_task``
with it, in the caller's transaction: with the database backend the task row and the scan
row are committed together, so no scan waits for a task that was never queued. The task
runs ``councilguard.archive.run_scan``, saving progress on the ArchiveScan row as it goes
and reading the officer's Stop button from it.

Only the run a scan's ``run_id`` names may touch it, so a task queued twice for one scan
does nothing the second time. A worker killed during a scan (kill -9, a power cut) leaves
its task RUNNING; the next worker hands it back to the queue (``worker.liveness``) and the
same run resumes where it stopped, from the scanner's journal of finished messages. A
worker asked to stop (Ctrl-C, SIGTERM) stops the scan between batches and queues it again.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskContext, task

from councilguard.archive import ScanFilters, ScanProgress, ScanUsageError, run_scan
from councilguard.web.worker import liveness
from councilguard.web.worker.process import stopping

from . import scan_files
from .complaint_models import ArchiveScan

log = logging.getLogger(__name__)

PROGRESS_EVERY_SECONDS = 1.0
STOP_POLL_SECONDS = 2.0
NO_WORKER_NOTE = (
    "No task worker is running, so this scan is waiting. It carries on from where it stopped "
    "when a worker starts: ask whoever runs CouncilGuard to start one (councilguard worker)."
)


# --- Starting ---------------------------------------------------------------------------


def start(scan_id: int) -> None:
    """Queue a run of the scan (inside the caller's transaction, if there is one)."""
    run_id = uuid.uuid4()
    with transaction.atomic():
        ArchiveScan.objects.filter(pk=scan_id).update(run_id=run_id)
        run_scan_task.enqueue(scan_id, str(run_id))


def resume(scan_id: int) -> bool:
    """Queue an interrupted or failed scan again; False if it was not one."""
    with transaction.atomic():
        requeued = ArchiveScan.objects.filter(
            pk=scan_id, status__in=(ArchiveScan.Status.INTERRUPTED, ArchiveScan.Status.FAILED)
        ).update(status=ArchiveScan.Status.QUEUED, error="", stop_requested=False, owner="")
        if requeued:
            start(scan_id)
    return bool(requeued)


def worker_gone(scan: ArchiveScan) -> bool:
    """The scan is waiting or running, and no live worker has it or could take it."""
    if not scan.active:
        return False
    if scan.status == ArchiveScan.Status.RUNNING and scan.owner:
        return not liveness.is_alive(scan.owner)
    return not liveness.any_alive()


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


def _progress_saver(scan_id: int, run_id: str) -> Callable[[ScanProgress], None]:
    last = [0.0]

    def save(progress: ScanProgress) -> None:
        now = time.monotonic()
        if now - last[0] < PROGRESS_EVERY_SECONDS and progress.done != progress.total:
            return
        last[0] = now
        ArchiveScan.objects.filter(pk=scan_id, run_id=run_id).update(
            done=progress.done,
            total=progress.total,
            checked=progress.checked,
            flagged=progress.flagged,
            skipped=progress.skipped,
            rate=round(progress.rate, 1),
        )

    return save


def _stop_requested(scan_id: int) -> Callable[[], bool]:
    """The officer's "Stop" button, read from the row at most every STOP_POLL_SECONDS,
    or the worker asked to stop."""
    state = {"checked": 0.0, "stop": False}

    def stop() -> bool:
        if stopping.is_set():
            return True
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


@task(takes_context=True)
def run_scan_task(context: TaskContext, scan_id: int, run_id: str) -> str:
    """The task: run (or resume) one scan to the end, and record how it ended."""
    worker_id = context.task_result.worker_ids[-1] if context.task_result.worker_ids else ""
    return run(scan_id, run_id, worker_id).status


def run(scan_id: int, run_id: str, worker_id: str = "") -> ArchiveScan:
    """Run the scan in this process, if ``run_id`` is its current run and it is active.

    A run handed back after its worker died finds the row still RUNNING under the dead
    worker: it is the same run, so it takes the scan over and resumes it."""
    claimed = ArchiveScan.objects.filter(pk=scan_id, run_id=run_id, status__in=ArchiveScan.ACTIVE).update(
        status=ArchiveScan.Status.RUNNING, owner=worker_id[:100], error=""
    )
    scan = ArchiveScan.objects.select_related("complaint").get(pk=scan_id)
    if not claimed:
        log.warning("archive scan %s: run %s is not its current run (%s), not started", scan_id, run_id, scan.status)
        return scan
    if scan.started_at is None:
        ArchiveScan.objects.filter(pk=scan_id).update(started_at=timezone.now())
    options = scan.options
    ended: dict[str, Any]
    try:
        protocol, timeline = _versions(options.get("protocol") or settings.COUNCILGUARD_PROTOCOL)
        summary = run_scan(
            scan_files.source_paths(scan.complaint_id, scan.pk, scan.files),
            scan_files.report_dir(scan.complaint_id, scan.pk),
            engine="local",
            processes=settings.COUNCILGUARD_SCAN_PROCESSES,
            filters=_filters(options),
            protocol=protocol,
            timeline=timeline,
            mapping=options.get("mapping") or None,
            social_account=options.get("social_account") or "personal",
            author=options.get("author"),
            progress=_progress_saver(scan_id, run_id),
            stop=_stop_requested(scan_id),
        )
    except ScanUsageError as exc:
        ended = {"status": ArchiveScan.Status.FAILED, "error": web_wording(exc)}
    except Exception as exc:  # noqa: BLE001 - recorded on the row for the officer to see
        log.exception("archive scan %s failed", scan_id)
        ended = {
            "status": ArchiveScan.Status.FAILED,
            "error": f"The scan stopped with an internal error ({type(exc).__name__}: {exc}).",
        }
    except BaseException:
        # The worker told to stop at once (a second Ctrl-C): the backend records this task
        # as failed, so the scan goes back to the queue as a new run before the worker ends.
        _queue_again(scan_id, run_id, {})
        raise
    else:
        if summary.interrupted and stopping.is_set() and not _officer_stopped(scan_id):
            # The worker is stopping, not the officer: the scan waits for the next worker.
            _queue_again(scan_id, run_id, _figures(summary))
            scan.refresh_from_db()
            return scan
        ended = {
            "status": ArchiveScan.Status.INTERRUPTED if summary.interrupted else ArchiveScan.Status.FINISHED,
            "summary": _summary_of(summary),
            **_figures(summary),
        }
    ArchiveScan.objects.filter(pk=scan_id, run_id=run_id).update(
        finished_at=timezone.now(), stop_requested=False, **ended
    )
    scan.refresh_from_db()
    return scan


def _queue_again(scan_id: int, run_id: str, figures: dict[str, Any]) -> None:
    with transaction.atomic():
        if ArchiveScan.objects.filter(pk=scan_id, run_id=run_id).update(
            status=ArchiveScan.Status.QUEUED, owner="", **figures
        ):
            start(scan_id)
    log.info("archive scan %s: queued again, its worker is stopping", scan_id)


# How the scan page words each of run_scan's domain errors: in the upload form's terms.
WEB_WORDING = {
    "archives": "The uploaded files",
    "format": "The format",
    "output": "The scan's report folder",
    "social_account": "The social media account",
    "mapping": "The column mapping",
    "rules": "The rules",
    "since": "The start date",
    "until": "The end date",
    "engine": "The scanner",
    "processes": "The scanner",
    "address": "The scanner",
}


def web_wording(error: ScanUsageError) -> str:
    if error.setting == "dates":
        return "The start date is after the end date: no message could match. Start a scan with other dates."
    return f"{WEB_WORDING[error.setting]}: {error.message}."


def _officer_stopped(scan_id: int) -> bool:
    return ArchiveScan.objects.filter(pk=scan_id, stop_requested=True).exists()


def _figures(summary: Any) -> dict[str, Any]:
    return {
        "done": summary.checked + summary.filtered + summary.skipped + summary.errors,
        "total": summary.total,
        "checked": summary.checked,
        "flagged": summary.flagged,
        "skipped": summary.skipped + summary.errors,
        "rate": round(summary.messages_per_second, 1),
    }


def _summary_of(summary: Any) -> dict[str, Any]:
    """What the scan page shows when the scan is over: the scanner's summary.json (counts
    by rule, skip reasons) with the run's own figures."""
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
