"""The API's rate limit is one limit for the site, however many server processes share the
port: with a count per process, two processes let through up to twice the limit."""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .test_serve_processes import free_port

BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
LIMIT = 30


def _server_env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "COUNCILGUARD_HOME": str(tmp_path),
        # The server's own database (the upsert is also tested on PostgreSQL in test_api_check).
        "COUNCILGUARD_DATABASE_URL": f"sqlite:///{tmp_path}/rate.sqlite3",
        "COUNCILGUARD_API_RATE_PER_MINUTE": str(LIMIT),
        "COUNCILGUARD_LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "councilguard.web.settings",
    }


def _issue_token(env: dict[str, str]) -> str:
    code = (
        "import django; django.setup();"
        "from django.contrib.auth.models import Group, User;"
        "from councilguard.web.api.models import ApiToken;"
        "u = User.objects.create_user('cllr.rate', password='Romford#Market9');"
        "u.groups.set(Group.objects.filter(name='councillor'));"
        "print(ApiToken.issue(u, 'rate test')[1])"
    )
    done = subprocess.run([str(BIN / "python"), "-c", code], env=env, check=True, capture_output=True, text=True)
    return done.stdout.strip().splitlines()[-1]


def _post_once(port: int, token: str) -> int:
    # A new connection each time, so the two processes' accept() calls share the requests.
    # The body is not a Draft (no text): counted by the limit, answered 400 without checking.
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        connection.request(
            "POST",
            "/api/v1/check",
            body=json.dumps({"channel": "email"}),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
        )
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def test_two_server_processes_share_one_rate_limit(tmp_path):
    port = free_port()
    env = _server_env(tmp_path)
    server = subprocess.Popen(
        [str(BIN / "councilguard"), "serve", "--host", HOST, "--port", str(port), "--processes", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                connection = http.client.HTTPConnection(HOST, port, timeout=5)
                connection.request("GET", "/api/v1/openapi.json")
                assert connection.getresponse().status == 200
                connection.close()
                break
            except OSError:
                assert server.poll() is None, "the server exited before answering"
                assert time.monotonic() < deadline, "the server did not answer within two minutes"
                time.sleep(0.5)
        token = _issue_token(env)
        # The window is the wall-clock minute: start the burst well inside one.
        while time.time() % 60 > 35:
            time.sleep(0.5)
        with ThreadPoolExecutor(max_workers=12) as pool:
            statuses = Counter(pool.map(lambda _: _post_once(port, token), range(3 * LIMIT)))
        assert statuses == {400: LIMIT, 429: 2 * LIMIT}
    finally:
        server.terminate()
        server.wait(timeout=30)
