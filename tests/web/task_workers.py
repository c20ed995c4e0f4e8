"""A real ``councilguard worker`` in a subprocess, on the test's own database.

For the tests that need the queue as it runs in production (the database backend, a
separate process that can be killed); the rest run queued tasks at once (conftest's casework_settings).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.db import connection

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def database_url() -> str:
    """The test database (not the developer's), as COUNCILGUARD_DATABASE_URL writes it."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def worker_environment() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        COUNCILGUARD_DATABASE_URL=database_url(),
        COUNCILGUARD_COMPLAINTS_DIR=str(settings.COUNCILGUARD_COMPLAINTS_DIR),
        COUNCILGUARD_SCAN_PROCESSES=str(settings.COUNCILGUARD_SCAN_PROCESSES),
        DJANGO_SETTINGS_MODULE="councilguard.web.settings",
        # A test worker runs the tasks its test queues and nothing else: after 07:30 a
        # real worker would also enqueue the day's duties (test_worker_schedule covers those).
        COUNCILGUARD_DAILY_DUTIES_AT="off",
    )
    return env


def start_worker(log: Path) -> subprocess.Popen:
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "councilguard.cli", "worker", "--interval", "0.2"],
            env=worker_environment(),
            stdout=out,
            stderr=subprocess.STDOUT,
        )


@contextlib.contextmanager
def running_worker(log: Path) -> Iterator[subprocess.Popen]:
    """A worker for the block; stopped (or killed, if it will not stop) at the end."""
    process = start_worker(log)
    try:
        yield process
    finally:
        stop(process)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
