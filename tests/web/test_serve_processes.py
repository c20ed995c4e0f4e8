"""`councilguard serve --processes 2`: several workers share the port, and stopping the
server stops them all (none is left serving on its own)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children_of(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/status")
    return status.exists() and "zombie" not in status.read_text()


def test_two_server_processes_answer_and_all_stop_with_the_server(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "COUNCILGUARD_HOME": str(tmp_path),
        "COUNCILGUARD_DATABASE_URL": f"sqlite:///{tmp_path}/serve.sqlite3",
        "DJANGO_SETTINGS_MODULE": "councilguard.web.settings",
    }
    server = subprocess.Popen(
        [str(BIN / "councilguard"), "serve", "--host", "127.0.0.1", "--port", str(port), "--processes", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/openapi.json", timeout=5) as response:
                    assert response.status == 200
                    break
            except OSError:
                assert server.poll() is None, "the server exited before answering"
                assert time.monotonic() < deadline, "the server did not answer within two minutes"
                time.sleep(0.5)
        workers = children_of(server.pid)
        assert len(workers) == 1  # the parent serves too: two processes in all
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        deadline = time.monotonic() + 10
        while any(alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(alive(w) for w in workers)
    finally:
        if server.poll() is None:
            server.kill()
