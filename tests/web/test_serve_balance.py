"""`councilguard serve --processes 2` under kept-alive clients: the connections spread
evenly over the processes (each takes new ones only while it has the fewest), so neither
core idles while the other queues every request."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_two_processes(tmp_path: Path, port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "COUNCILGUARD_HOME": str(tmp_path),
        "COUNCILGUARD_DATABASE_URL": f"sqlite:///{tmp_path}/serve.sqlite3",
        "DJANGO_SETTINGS_MODULE": "councilguard.web.settings",
    }
    command = [str(BIN / "councilguard"), "serve", "--host", "127.0.0.1", "--port", str(port), "--processes", "2"]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)


def wait_until_answering(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/openapi.json", timeout=5):
                return
        except OSError:
            assert server.poll() is None, "the server exited before answering"
            assert time.monotonic() < deadline, "the server did not answer within two minutes"
            time.sleep(0.5)


def connections_held(pid: int, port: int) -> int:
    return sum(
        1
        for c in psutil.Process(pid).net_connections(kind="tcp")
        if c.status == psutil.CONN_ESTABLISHED and c.laddr and c.laddr.port == port
    )


def test_twenty_kept_alive_clients_split_ten_and_ten_between_two_processes(tmp_path):
    port = free_port()
    server = serve_two_processes(tmp_path, port)
    clients: list[http.client.HTTPConnection] = []
    try:
        wait_until_answering(port, server)
        # Opened in a burst, as a load tool or a proxy's pool opens them; each sends a
        # request and keeps its connection.
        for _ in range(20):
            client = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            client.connect()
            clients.append(client)
        for client in clients:
            client.request("GET", "/api/v1/openapi.json")
        for client in clients:
            response = client.getresponse()
            response.read()
            assert response.status == 200
        (worker,) = psutil.Process(server.pid).children()
        held = sorted([connections_held(server.pid, port), connections_held(worker.pid, port)])
        assert sum(held) == 20
        assert held[1] - held[0] <= 1, f"the connections split {held[0]}/{held[1]}"
    finally:
        for client in clients:
            client.close()
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
