"""``serve --worker``: one task worker beside the server, started and stopped with it.

So that ``make run`` serves everything from one command. The worker is a child process in
its own session (a Ctrl-C in the terminal reaches the server alone, which then stops the
worker once, gracefully: a running scan is queued again); it exits by itself if the server
is killed outright, and is started again if it dies while the server runs. In production,
run ``councilguard worker`` as a service of its own instead (see the README).
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator

log = logging.getLogger("councilguard.worker")

RESTART_AFTER_SECONDS = 5.0
STOP_WAIT_SECONDS = 60.0
COMMAND = [sys.executable, "-m", "councilguard.cli", "worker", "--exit-with-parent"]


class Supervisor(threading.Thread):
    def __init__(self, command: list[str] | None = None):
        super().__init__(name="worker-supervisor", daemon=True)
        self.command = command or [*COMMAND, str(os.getpid())]
        self.stopping = threading.Event()
        self.process: subprocess.Popen | None = None
        self._lock = threading.Lock()

    def _spawn(self) -> subprocess.Popen:
        return subprocess.Popen(self.command, start_new_session=True)

    def run(self) -> None:
        while not self.stopping.is_set():
            with self._lock:
                if self.stopping.is_set():
                    return
                self.process = self._spawn()
            code = self.process.wait()
            if self.stopping.is_set():
                return
            log.warning("the task worker exited (status %s); starting another in %ss", code, RESTART_AFTER_SECONDS)
            self.stopping.wait(RESTART_AFTER_SECONDS)

    def stop(self) -> None:
        with self._lock:
            self.stopping.set()
            process = self.process
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=STOP_WAIT_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def supervised_worker() -> Iterator[Supervisor]:
    supervisor = Supervisor()
    supervisor.start()
    try:
        yield supervisor
    finally:
        supervisor.stop()
