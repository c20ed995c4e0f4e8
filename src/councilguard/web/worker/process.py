"""One ``councilguard worker`` process: django-tasks' database worker, plus what it lacks.

Beside the backend's loop (claim the next READY task, run it, record the result), a
housekeeping thread beats for this worker, hands the tasks of dead workers back, and
enqueues the daily duties. A first Ctrl-C or SIGTERM sets ``stopping``: a running scan
stops between batches and queues itself again (``casework.scan_jobs``), so a restart
never waits for a long scan nor loses it; a second one ends the worker at once.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from types import FrameType

from django.db import DatabaseError, connections
from django_tasks_db.management.commands.db_worker import Worker as DatabaseWorker

from councilguard.processes import exit_when_orphaned

from . import liveness, schedule

log = logging.getLogger("councilguard.worker")

HOUSEKEEPING_SECONDS = 60.0
QUEUES = ("default",)

# Set when the worker has been asked to stop; long tasks read it (see scan_jobs).
stopping = threading.Event()


class _Worker(DatabaseWorker):
    def shutdown(self, signum: int, frame: FrameType | None) -> None:
        stopping.set()
        super().shutdown(signum, frame)


def housekeeping(worker_id: str) -> None:
    """Hand back dead workers' tasks and enqueue the day's duties (each worker does it;
    the database keeps it to once)."""
    handed = liveness.hand_back_abandoned()
    if handed:
        log.warning("handed %s task(s) of stopped workers back to the queue", handed)
    for duty in schedule.enqueue_due():
        log.info("enqueued today's %s", duty)


class _Housekeeper(threading.Thread):
    def __init__(self, worker_id: str):
        super().__init__(name="worker-housekeeping", daemon=True)
        self.worker_id = worker_id
        self.finished = threading.Event()

    def run(self) -> None:
        since_housekeeping = 0.0
        while not self.finished.wait(liveness.HEARTBEAT_SECONDS):
            try:
                if not liveness.beat(self.worker_id):
                    # Taken for dead (frozen past STALE_AFTER) and its task handed on:
                    # running on would run that task twice.
                    log.error("worker %s was taken for stopped and its task handed on; exiting", self.worker_id)
                    os._exit(1)
                since_housekeeping += liveness.HEARTBEAT_SECONDS
                if since_housekeeping >= HOUSEKEEPING_SECONDS:
                    since_housekeeping = 0.0
                    housekeeping(self.worker_id)
            except DatabaseError:  # the database away for a moment: try again next beat
                log.exception("worker housekeeping failed")
            finally:
                connections.close_all()


def run(*, interval: float = 1.0, batch: bool = False, exit_with_parent: int | None = None) -> None:
    """Run tasks until stopped (or, with ``batch``, until the queue is empty); with
    ``exit_with_parent``, a process id, exit when that process is no longer the parent."""
    if exit_with_parent is not None:
        exit_when_orphaned(exit_with_parent)
    stopping.clear()
    worker_id = liveness.new_worker_id()
    liveness.register(worker_id)
    housekeeper = _Housekeeper(worker_id)
    try:
        housekeeping(worker_id)
        housekeeper.start()
        worker = _Worker(
            queue_names=list(QUEUES),
            interval=interval,
            batch=batch,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        before = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
        worker.configure_signals()
        log.info("worker %s started", worker_id)
        try:
            worker.run()
        finally:
            for sig, handler in before.items():  # as they were, for a caller that goes on
                signal.signal(sig, handler)
    finally:
        housekeeper.finished.set()
        liveness.unregister(worker_id)
        log.info("worker %s stopped", worker_id)
