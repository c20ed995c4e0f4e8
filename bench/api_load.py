"""The JSON API under load: throughput, p50/p99 latency and errors of POST /api/v1/check
with 20 concurrent clients, measured by wrk (a load tool, in its own process) against
`councilguard serve --demo` on 127.0.0.1, with 1 and 2 server processes, on SQLite and on
PostgreSQL, beside the checker alone on one thread in the same run.

    .venv/bin/python bench/api_load.py [--connections 20] [--duration 20] [--threads 8]
                                       [--pg-url postgres://postgres@127.0.0.1:5432/postgres]

Each server gets a throw-away database (a SQLite file in a temporary folder, or a
PostgreSQL database created for the run and dropped after it). Per server: a warm-up, the
load at 20 clients, then one client alone, whose mean latency less the checker's time on
the same drafts is the request's overhead (HTTP, waitress, Django, the token, the rate
count, the register's context, the statistics, JSON). The checker alone runs on exactly
the drafts the API checks (with the demo councillor's register context filled in), in a
process of its own with nothing else running, before and after the servers.
The figures go to docs/performance.md under "API under load".
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
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
    latency = re.search(r"Latency\s+(\S+)\s+\S+\s+(\S+)", output)
    figures["mean_ms"], figures["max_ms"] = _ms(latency.group(1)), _ms(latency.group(2))
    figures["requests"] = float(re.search(r"(\d+) requests in", output).group(1))
    figures["rps"] = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    figures["non_2xx"] = float(non_2xx.group(1)) if non_2xx else 0.0
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    figures["socket_errors"] = float(sum(int(g) for g in errors.groups())) if errors else 0.0
    return figures


CHECKER_ALONE = r"""
import json, sys, time
import django
django.setup()
from django.contrib.auth import get_user_model
from councilguard.checker import Draft
from councilguard.web.api.views import _with_context
from councilguard.web.checks.service import checker
user = get_user_model().objects.get(username=sys.argv[1])
bodies = json.load(open(sys.argv[2]))
# The drafts as the API checks them: the register's context for the member filled in.
drafts = [Draft.from_dict(_with_context(user, b)) for b in bodies]
engine = checker()
for d in drafts[:5]:
    engine.check(d)
rounds = int(sys.argv[3])
# Copies run at once start their timed rounds together (a wall-clock time in argv[4]).
if len(sys.argv) > 4:
    time.sleep(max(0.0, float(sys.argv[4]) - time.time()))
started = time.perf_counter()
for _ in range(rounds):
    for d in drafts:
        engine.check(d)
print(json.dumps({"ms": (time.perf_counter() - started) / (rounds * len(drafts)) * 1000}))
"""


def checker_alone_ms(env: dict[str, str], bodies_file: Path, rounds: int = 3) -> float:
    """Milliseconds a draft for the checker alone, one thread, on the API's drafts."""
    done = subprocess.run(
        [str(BIN / "python"), "-c", CHECKER_ALONE, MEMBER, str(bodies_file), str(rounds)],
        env=env, check=True, capture_output=True, text=True, cwd=REPO,
    )  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])["ms"]


def checkers_at_once_rps(env: dict[str, str], bodies_file: Path, copies: int, rounds: int = 6) -> float:
    """Drafts a second from ``copies`` processes of the checker alone, run at once with no
    server: the most that as many server processes could reach on this machine, whatever
    HTTP and Django cost. On a machine whose cores share caches, memory bandwidth or a
    host's time, it is less than ``copies`` times one thread's."""
    start_at = time.time() + 25  # after every copy has imported and warmed up
    children = [
        subprocess.Popen(
            [str(BIN / "python"), "-c", CHECKER_ALONE, MEMBER, str(bodies_file), str(rounds), str(start_at)],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
            cwd=REPO,
        )  # fmt: skip
        for _ in range(copies)
    ]
    ms = [json.loads(child.communicate()[0].strip().splitlines()[-1])["ms"] for child in children]
    return sum(1000 / m for m in ms)


def run_wrk(wrk: str, script: Path, base: str, connections: int, duration: int) -> dict[str, float]:
    threads = min(2, connections)
    command = [
        wrk, f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "30s",
        "--latency", "-s", str(script), base,
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=duration + 120)
    return parse_wrk(done.stdout)


def _post(connection: http.client.HTTPConnection, token: str, body: str) -> tuple[int, float]:
    """(status, the checker's milliseconds from Server-Timing) of one POST /api/v1/check."""
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    connection.request("POST", "/api/v1/check", body=body.encode(), headers=headers)
    response = connection.getresponse()
    response.read()
    timing = re.search(r"check;dur=([\d.]+)", response.headers.get("Server-Timing", ""))
    return response.status, float(timing.group(1)) if timing else float("nan")


def warm_up(port: int, token: str, bodies: list[str], parallel: int) -> None:
    """Until every process and thread answers quickly: the first checks in a process load
    the protocol pack and the models (tens of seconds on a loaded machine)."""

    def one(_: int) -> float:
        connection = http.client.HTTPConnection(HOST, port, timeout=600)
        started = time.perf_counter()
        for body in bodies[:4]:
            _post(connection, token, body)
        connection.close()
        return time.perf_counter() - started

    with ThreadPoolExecutor(max_workers=parallel) as pool:
        for _ in range(20):
            if max(pool.map(one, range(parallel))) < 5:
                return


def one_client(port: int, token: str, bodies: list[str], seconds: float) -> dict[str, float]:
    """One client, one request after another on a kept-alive connection: the mean latency,
    and the mean of each request's latency less the checker's time in that same request."""
    connection = http.client.HTTPConnection(HOST, port, timeout=120)
    latencies, overheads, errors = [], [], 0
    deadline = time.monotonic() + seconds
    i = 0
    while time.monotonic() < deadline or i < len(bodies):
        started = time.perf_counter()
        status, checked_ms = _post(connection, token, bodies[i % len(bodies)])
        elapsed = (time.perf_counter() - started) * 1000
        i += 1
        if status != 200:
            errors += 1
            continue
        latencies.append(elapsed)
        overheads.append(elapsed - checked_ms)
    connection.close()
    overheads.sort()
    return {
        "one_client_mean_ms": statistics.fmean(latencies),
        "one_client_requests": float(len(latencies)),
        "one_client_errors": float(errors),
        "overhead_ms": statistics.fmean(overheads),
        "overhead_p50_ms": statistics.median(overheads),
    }


class PostgresDatabase:
    """A database created for one server and dropped after it."""

    def __init__(self, admin_url: str, name: str):
        import psycopg

        self.admin_url, self.name, self.psycopg = admin_url, name, psycopg
        with psycopg.connect(admin_url, autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}"')
            db.execute(f'CREATE DATABASE "{name}"')
        parts = urllib.parse.urlsplit(admin_url)
        self.url = urllib.parse.urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))

    def drop(self) -> None:
        with self.psycopg.connect(self.admin_url, autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def measure(
    args: argparse.Namespace, wrk: str, bodies: list[str], engine: str, processes: int, database_url: str, tmp: str
) -> dict[str, float]:
    port = free_port()
    base = f"http://{HOST}:{port}"
    env = server_env(tmp, database_url)
    log = open(Path(tmp) / f"server-{engine}-{processes}.log", "w")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [str(BIN / "councilguard"), "serve", "--demo", "--host", HOST, "--port", str(port),
         "--threads", str(args.threads), "--processes", str(processes)],
        env=env, stdout=log, stderr=subprocess.STDOUT, cwd=REPO,
    )  # fmt: skip
    try:
        wait_until_up(f"{base}/api/v1/openapi.json", server)
        token = issue_token(env)
        script = Path(tmp) / "post.lua"
        script.write_text(lua_script(bodies, token), encoding="utf-8")
        warm_up(port, token, bodies, processes * args.threads)
        load_before = os.getloadavg()[0]
        figures = run_wrk(wrk, script, base, args.connections, args.duration)
        figures |= one_client(port, token, bodies, args.single_duration)
        figures["load_before"] = load_before
        figures["load_after"] = os.getloadavg()[0]
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    return figures


def server_env(tmp: str, database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "COUNCILGUARD_HOME": tmp,
        "COUNCILGUARD_DATABASE_URL": database_url,
        # Counted as in production, but high enough that the load is never refused.
        "COUNCILGUARD_API_RATE_PER_MINUTE": "1000000",
        "COUNCILGUARD_LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "councilguard.web.settings",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=20, help="concurrent clients (default 20)")
    parser.add_argument("--duration", type=int, default=20, help="seconds of load per server (default 20)")
    parser.add_argument("--single-duration", type=int, default=10, help="seconds of one client alone (default 10)")
    parser.add_argument("--threads", type=int, default=8, help="server worker threads per process (default 8)")
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("COUNCILGUARD_BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
        help="a PostgreSQL server to create the benchmark's databases on ('' to skip PostgreSQL)",
    )
    parser.add_argument("--processes", default="1,2", help="server processes to measure, comma-separated")
    parser.add_argument("--databases", default="sqlite,postgresql", help="which to measure, comma-separated")
    parser.add_argument("--no-doc", action="store_true", help="print the figures only")
    args = parser.parse_args()
    wrk = shutil.which("wrk")
    if wrk is None:
        print("wrk is not installed: apt-get install wrk (make bench-api does it)", file=sys.stderr)
        return 2
    counts = [int(n) for n in args.processes.split(",")]

    # Posts and e-mails interleaved (a fixed shuffle): in order, all 20 clients would send
    # e-mails at once, then posts, and the latencies would measure the phases.
    drafts = posts(60, seed=3) + emails(20, seed=5)
    random.Random(11).shuffle(drafts)
    bodies = [json.dumps(d) for d in drafts]
    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="cg-api-load-") as tmp:
        bodies_file = Path(tmp) / "bodies.json"
        bodies_file.write_text(json.dumps(drafts), encoding="utf-8")
        # The checker alone needs the demo register for the member's context: a first
        # SQLite database, loaded once, serves it (and the SQLite servers start from it).
        anchor_db = f"sqlite:///{tmp}/anchor.sqlite3"
        subprocess.run(
            [str(BIN / "python"), "-m", "councilguard.web.manage", "migrate", "-v0"],
            env=server_env(tmp, anchor_db), check=True, cwd=REPO,
        )  # fmt: skip
        subprocess.run(
            [str(BIN / "python"), "-m", "councilguard.web.manage", "load_demo"],
            env=server_env(tmp, anchor_db), check=True, cwd=REPO, capture_output=True,
        )  # fmt: skip
        alone_before = checker_alone_ms(server_env(tmp, anchor_db), bodies_file)
        print(f"checker alone: {alone_before:.2f} ms a draft", flush=True)
        most = max(counts)
        at_once = checkers_at_once_rps(server_env(tmp, anchor_db), bodies_file, most) if most > 1 else None
        if at_once:
            print(f"checker alone in {most} processes at once: {at_once:.1f} drafts/s", flush=True)
        engines = [("SQLite", None)] + ([("PostgreSQL", args.pg_url)] if args.pg_url else [])
        engines = [(name, admin) for name, admin in engines if name.lower() in args.databases.lower().split(",")]
        for engine, admin in engines:
            for processes in counts:
                pg = None
                if admin:
                    pg = PostgresDatabase(admin, f"cg_bench_api_{os.getpid()}_{processes}")
                    url = pg.url
                else:
                    url = f"sqlite:///{tmp}/load-{processes}.sqlite3"
                try:
                    figures = measure(args, wrk, bodies, engine, processes, url, tmp)
                finally:
                    if pg is not None:
                        pg.drop()
                figures |= {"engine": engine, "processes": processes}
                print(json.dumps(figures), flush=True)
                rows.append(figures)
        alone_after = checker_alone_ms(server_env(tmp, anchor_db), bodies_file)
        print(f"checker alone again: {alone_after:.2f} ms a draft", flush=True)
    alone = (alone_before + alone_after) / 2
    for row in rows:
        row["ratio"] = row["rps"] / (1000 / alone)
    summary = {
        "checker_alone_ms": [round(alone_before, 2), round(alone_after, 2)],
        "checkers_at_once": {"processes": most, "rps": at_once and round(at_once, 1)},
        "rows": rows,
    }
    print(json.dumps(summary, indent=1))
    failed = any(r["non_2xx"] or r["socket_errors"] or r["one_client_errors"] for r in rows)
    if failed:
        print("some requests failed: the figures are not a clean measurement", file=sys.stderr)
    if not args.no_doc:
        replace_section("api-load", markdown(rows, args, len(bodies), alone_before, alone_after, (most, at_once)))
        print("written to docs/performance.md (API under load)")
    return 1 if failed else 0


def markdown(
    rows: list[dict],
    args: argparse.Namespace,
    distinct: int,
    alone_before: float,
    alone_after: float,
    at_once: tuple[int, float | None],
) -> str:
    alone = (alone_before + alone_after) / 2
    copies, at_once_rps = at_once
    ceiling = (
        f"""**The machine's ceiling**: {copies} processes of the checker alone at once, no server:
{at_once_rps:.1f} drafts a second, {at_once_rps / (1000 / alone):.2f}× one thread. No number of server
processes can pass that on this machine, however little a request adds; the API's ratio is read
against it as well as against the target.
"""
        if at_once_rps
        else ""
    )
    lines = []
    for r in rows:
        cells = [
            r["engine"],
            str(r["processes"]),
            f"{r['rps']:.1f} req/s",
            f"{r['ratio']:.2f}×",
            f"{r['p50_ms']:.0f} ms",
            f"{r['p99_ms']:.0f} ms",
            f"{r['non_2xx'] + r['socket_errors']:.0f}",
            f"{r['one_client_mean_ms']:.1f} ms",
            f"{r['overhead_ms']:.2f} ms (median {r['overhead_p50_ms']:.2f})",
            f"{r['load_before']:.1f} / {r['load_after']:.1f}",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    table = "\n".join(lines)
    return f"""## API under load

`make bench-api` (`bench/api_load.py`): `councilguard serve --demo` (waitress, {args.threads} threads a
process, every rule on) on 127.0.0.1, and from a second process **wrk** with {args.connections} concurrent
connections for {args.duration} s, each request a `POST /api/v1/check` with a bearer token; the bodies
cycle through {distinct} drafts from `bench/drafts.py` (tweet-sized posts and ~2 KB e-mails). The API fills
each draft's context from the register for the demo councillor, counts the request against the
shared rate limit and keeps the statistics row, as in production. Warmed up first (every process
answering quickly); then one client alone for {args.single_duration} s, one request after another:
**overhead** is the mean of each request's latency less the checker's time in that same request
(the server's `Server-Timing: check;dur=`), so it is everything else a request costs: HTTP, waitress,
Django, the token, the rate count, the register's context, the statistics, JSON; it is measured
in the same instant as the checker's time, so the machine's load moves both alike. **Checker alone**: the same drafts with the same context, one thread, no server running:
{alone_before:.2f} ms a draft before the servers and {alone_after:.2f} ms after (mean {alone:.2f} ms, so
{1000 / alone:.0f} drafts a second); **ratio** is the API's throughput over that. Load average (1 min)
before and after each server's runs: the machine has {os.cpu_count()} cores and other work on it.
Python {platform.python_version()}.

| database | processes | throughput | ratio | p50 | p99 | errors | one client | overhead | load |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|
{table}

{ceiling}
A load average above the number of cores means requests waited for a core: the checker's
anchor and every latency then measure the machine's queue more than the code, and the
benchmark should be run again on a quiet machine.

Targets (issue 11): with 2 processes on PostgreSQL at least 1.6× the checker's one-thread
throughput, at most 3 ms overhead a request, p99 under 300 ms, no errors. Before this work a
request made about 13 queries (the token, the roles, eight for the register's context, the rate
count in a per-process cache, the statistics rows); now it makes two (the token with its roles and
the register's stamp; the shared rate count) and the statistics are written in bulk every
`COUNCILGUARD_API_STATISTICS_SECONDS`.
"""


if __name__ == "__main__":
    sys.exit(main())
