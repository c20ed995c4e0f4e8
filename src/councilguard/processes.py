"""Child processes that end with their parent.

A process killed outright (SIGKILL, the OOM killer) runs no clean-up, so whatever it
started must notice by itself: the server's pre-forked processes, the task worker that
``serve --worker`` starts, and a scan's pool of checking processes (300 MB each) would
otherwise run on alone. Linux gives an orphan a new parent, which is what is watched.
"""

from __future__ import annotations

import os
import threading
import time

ORPHAN_POLL_SECONDS = 1.0


def exit_when_orphaned(parent: int | None = None, every: float = ORPHAN_POLL_SECONDS) -> threading.Thread:
    """End this process (at once, running nothing) when ``parent`` is no longer its parent."""
    parent = os.getppid() if parent is None else parent

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(every)
        os._exit(1)

    thread = threading.Thread(target=watch, name="parent-watch", daemon=True)
    thread.start()
    return thread


def default_processes() -> int:
    """The cores this process may run on: how many checking processes to start."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)
