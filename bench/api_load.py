"""The JSON API under load: p50/p99 latency and throughput of POST /api/v1/check with
20 concurrent clients, measured by wrk (a load tool, in its own process) against
`councilguard serve` on 127.0.0.1 with the demo data.

    .venv/bin/python bench/api_load.py [--connections 20] [--duration 20] [--threads 8]

Everything stays on this machine: a throw-away SQLite database and home directory in a
temporary folder, a server on a free loopback port, and wrk's bounded run against it.
The figures go to docs/performance.md under "API under load".
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from drafts import emails, posts  # noqa: E402
from perfdoc import replace_section  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
MEMBER = "cllr.patel"  # a demo councillor: the API fills her committees and bio from the register


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def issue_token(env: dict[str, str]) -> str:
    code = (
        "import django; django.setup();"
        "from django.contrib.auth import get_user_model;"
        "from councilguard.web.api.models import ApiToken;"
        f"u = get_user_model().objects.get(username={MEMBER!r});"
        "print(ApiToken.issue(u, 'load test')[1])"
    )
    out = subprocess.run([str(BIN / "python"), "-c", code], env=env, check=True, capture_output=True, text=True)
    return out.stdout.strip().splitlines()[-1]


def wait_until_up(url: str, server: subprocess.Popen, limit_s: float = 180) -> None:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped (exit {server.returncode}) before it answered")
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    raise SystemExit(f"the server did not answer {url} within {limit_s:.0f} s")


def lua_script(bodies: list[str], token: str) -> str:
    def lua(s: str) -> str:
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'

    return (
        "local bodies = {\n" + ",\n".join(lua(b) for b in bodies) + "\n}\n"
        "local i = 0\n"
        "request = function()\n"
        "  i = i % #bodies + 1\n"
        '  return wrk.format("POST", "/api/v1/check", {["Content-Type"] = "application/json", '
        f'["Authorization"] = "Bearer {token}"}}, bodies[i])\n'
        "end\n"
    )


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value.strip()).groups()
    return float(number) * _UNITS[unit]


def parse_wrk(output: str) -> dict[str, float]:
    figures: dict[str, float] = {}
    for pct in ("50", "75", "90", "99"):
        found = re.search(rf"^\s+{pct}%\s+(\S+)", output, re.M)
        if found:
            figures[f"p{pct}_ms"] = _ms(found.group(1))
    figures["max_ms"] = _ms(re.search(r"Latency\s+\S+\s+\S+\s+(\S+)", output).group(1))
    figures["requests"] = float(re.search(r"(\d+) requests in", output).group(1))
    figures["rps"] = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    figures["non_2xx"] = float(non_2xx.group(1)) if non_2xx else 0.0
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    figures["socket_errors"] = float(sum(int(g) for g in errors.groups())) if errors else 0.0
    return figures


def checker_alone_ms(drafts: list[dict]) -> float:
    """Milliseconds a draft for the checker alone, in this process: the floor under the API."""
    from councilguard.checker import default_checker

    checker = default_checker()
    checker.check(drafts[0])
    started = time.perf_counter()
    for draft in drafts:
        checker.check(draft)
    return (time.perf_counter() - started) / len(drafts) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=20, help="concurrent clients (default 20)")
    parser.add_argument("--duration", type=int, default=20, help="seconds of load (default 20)")
    parser.add_argument("--threads", type=int, default=8, help="server worker threads (default 8)")
    parser.add_argument(
        "--processes", type=int, default=os.cpu_count() or 1, help="server processes (default: one per core)"
    )
    parser.add_argument("--no-doc", action="store_true", help="print the figures only")
    args = parser.parse_args()
    wrk = shutil.which("wrk")
    if wrk is None:
        print("wrk is not installed: apt-get install wrk (make bench-api does it)", file=sys.stderr)
        return 2

    drafts = posts(60, seed=3) + emails(20, seed=5)
    bodies = [json.dumps(d) for d in drafts]
    alone = checker_alone_ms(drafts)
    port = free_port()
    base = f"http://{HOST}:{port}"
    with tempfile.TemporaryDirectory(prefix="cg-api-load-") as tmp:
        env = {
            **os.environ,
            "COUNCILGUARD_HOME": tmp,
            "COUNCILGUARD_DATABASE_URL": f"sqlite:///{tmp}/load.sqlite3",
            # The load test measures the checker, not the rate limiter.
            "COUNCILGUARD_API_RATE_PER_MINUTE": "1000000",
            "COUNCILGUARD_LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "councilguard.web.settings",
        }
        log = open(Path(tmp) / "server.log", "w")  # noqa: SIM115 - closed after the server stops
        server = subprocess.Popen(
            [str(BIN / "councilguard"), "serve", "--demo", "--host", HOST, "--port", str(port),
             "--threads", str(args.threads), "--processes", str(args.processes)],
            env=env, stdout=log, stderr=subprocess.STDOUT, cwd=REPO,
        )  # fmt: skip
        try:
            wait_until_up(f"{base}/api/v1/openapi.json", server)
            token = issue_token(env)
            # Warm up: the first check loads the protocol pack and the language models.
            warm = urllib.request.Request(
                f"{base}/api/v1/check",
                data=bodies[0].encode(),
                headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
            )
            for _ in range(3):
                urllib.request.urlopen(warm, timeout=120).read()
            script = Path(tmp) / "post.lua"
            script.write_text(lua_script(bodies, token), encoding="utf-8")
            command = [
                wrk, "-t2", f"-c{args.connections}", f"-d{args.duration}s", "--timeout", "30s",
                "--latency", "-s", str(script), base,
            ]  # fmt: skip
            done = subprocess.run(command, capture_output=True, text=True, timeout=args.duration + 120)
            output = done.stdout
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
            log.close()
    print(output)
    figures = parse_wrk(output)
    figures["checker_alone_ms"] = round(alone, 1)
    print(json.dumps(figures, indent=1))
    if figures["non_2xx"] or figures["socket_errors"]:
        print("some requests failed: the figures are not a clean measurement", file=sys.stderr)
    if not args.no_doc:
        replace_section("api-load", markdown(figures, args, len(bodies)))
        print("written to docs/performance.md (API under load)")
    return 0 if not figures["non_2xx"] else 1


def markdown(f: dict[str, float], args: argparse.Namespace, distinct: int) -> str:
    cpu = os.cpu_count()
    ceiling = 1000 / f["checker_alone_ms"]
    cells = [
        str(args.connections),
        f"{f['requests']:.0f}",
        f"{f['rps']:.1f} req/s",
        *(f"{f.get(k, 0):.0f} ms" for k in ("p50_ms", "p75_ms", "p90_ms", "p99_ms", "max_ms")),
        f"{f['non_2xx']:.0f}",
    ]
    row = "| " + " | ".join(cells) + " |"
    return f"""## API under load

`make bench-api` (`bench/api_load.py`): `councilguard serve --demo` (waitress,
{args.processes} processes of {args.threads} threads, SQLite, every rule on) on 127.0.0.1, and from a second process **wrk** with
{args.connections} concurrent connections for {args.duration} s, each request a `POST /api/v1/check`
with a bearer token; the bodies cycle through {distinct} drafts from `bench/drafts.py` (tweet-sized
posts and ~2 KB e-mails). The API fills each draft's context from the register for the demo
councillor, checks it and records the statistics row, as in production. Warmed up first.
Machine: {cpu} cores, Python {platform.python_version()}.

| clients | requests | throughput | p50 | p75 | p90 | p99 | max | non-2xx |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|
{row}

For scale, the checker alone takes {f["checker_alone_ms"]:.0f} ms a draft on these bodies in one
thread of the benchmark's own process (about {ceiling:.0f} drafts a second one after another); the
server's figure against that shows what its threads on {cpu} cores add (spaCy and numpy release
the GIL for part of each check) and what a request's own work costs (token lookup, the
register's context, the statistics row, JSON). With 20 clients the requests queue, so latency
is roughly the queue depth times one request's time. Throughput grows with server processes
(`councilguard serve --processes N`, each with its own checker), up to one per core.
"""


if __name__ == "__main__":
    sys.exit(main())
