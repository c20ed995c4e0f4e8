"""`councilguard serve --worker` (what `make run` runs): a task worker beside the server,
started again if it dies, stopped with the server, and gone when the server is killed."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.request

import psutil
import pytest

from .test_serve_processes import BIN, alive, free_port


def _wait(condition, seconds: float, what: str):  # noqa: ANN001, ANN202
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.25)
    raise AssertionError(f"gave up waiting: {what}")


def _worker_of(server: subprocess.Popen) -> int | None:
    # The supervisor's thread starts the worker, so it is not among the main thread's
    # children in /proc: psutil reads every thread's.
    try:
        children = psutil.Process(server.pid).children()
    except psutil.NoSuchProcess:
        return None
    for child in children:
        try:
            if "worker" in child.cmdline():
                return child.pid
        except psutil.NoSuchProcess:
            continue
    return None


@pytest.fixture
def server(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "COUNCILGUARD_HOME": str(tmp_path),
        "COUNCILGUARD_DATABASE_URL": f"sqlite:///{tmp_path}/serve.sqlite3",
        "DJANGO_SETTINGS_MODULE": "councilguard.web.settings",
    }
    process = subprocess.Popen(
        [str(BIN / "councilguard"), "serve", "--host", "127.0.0.1", "--port", str(port), "--worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )

    def answers() -> bool:
        assert process.poll() is None, "the server exited before answering"
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/openapi.json", timeout=5) as response:
                return response.status == 200
        except OSError:
            return False

    try:
        _wait(answers, 120, "the server to answer")
        yield process
    finally:
        for pid in [p for p in [_worker_of(process)] if p]:
            os.kill(pid, signal.SIGKILL)
        if process.poll() is None:
            process.kill()
        process.wait()


def test_ctrl_c_stops_the_server_and_its_worker(server):
    worker = _wait(lambda: _worker_of(server), 60, "the worker to start")
    server.send_signal(signal.SIGINT)
    server.wait(timeout=90)
    assert not alive(worker)


def test_a_worker_that_dies_is_started_again_and_a_killed_server_leaves_no_worker(server):
    first = _wait(lambda: _worker_of(server), 60, "the worker to start")
    os.kill(first, signal.SIGKILL)
    second = _wait(lambda: (w := _worker_of(server)) and w != first and w, 60, "another worker")
    os.kill(server.pid, signal.SIGKILL)
    server.wait(timeout=30)
    _wait(lambda: not alive(second), 30, "the orphaned worker to exit")
