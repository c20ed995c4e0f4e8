"""The task queue, measured: django-tasks' database backend (SQLite and PostgreSQL, run by
``councilguard worker``) beside procrastinate on PostgreSQL, on the same machine in the same
run. Written to docs/task-queue.md by ``make bench-queue``.

For each queue, with one worker process:
* enqueue→start latency: 20 no-op tasks enqueued one at a time into an idle worker
  (a random pause between them), from the row's enqueue time to its start time;
* throughput: 300 no-op tasks queued before the worker starts, from the first start to
  the last finish;
* a worker killed (SIGKILL) while running a task: is the task run again by the next
  worker without anyone acting, and after how long.

procrastinate runs in a venv of its own (.venv-queue-bench, made by the Makefile), so it
never reaches the runtime environment; this script calls it with ``--procrastinate``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PG = os.environ.get("QUEUE_BENCH_PG", "postgres://postgres@127.0.0.1:5432/cg_queue_bench")
PG_PROCRASTINATE = os.environ.get("QUEUE_BENCH_PG_PROCRASTINATE", "postgres://postgres@127.0.0.1:5432/cg_queue_pq")
LATENCY_SAMPLES, THROUGHPUT_TASKS = 20, 300
KILL_WAIT_SECONDS = 120


def _ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:.0f} ms (p90 {sorted(values)[int(len(values) * 0.9) - 1] * 1000:.0f})"


def _wait(condition, seconds: float) -> bool:  # noqa: ANN001
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


# --- django-tasks, database backend ---------------------------------------------------


def django_tasks(url: str, interval: float) -> dict:
    env = {**os.environ, "COUNCILGUARD_DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "councilguard.web.settings"}
    env["COUNCILGUARD_DAILY_DUTIES_AT"] = "off"
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    from councilguard.web.worker import tasks
    from councilguard.web.worker.models import Worker

    call_command("migrate", verbosity=0)
    DBTaskResult.objects.all().delete()
    Worker.objects.all().delete()
    command = [sys.executable, "-m", "councilguard.cli", "worker", "--interval", str(interval)]

    def worker() -> subprocess.Popen:
        return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def finished(ids: list) -> bool:
        return DBTaskResult.objects.filter(pk__in=ids, status="SUCCESSFUL").count() == len(ids)

    process = worker()
    _wait(lambda: Worker.objects.exists(), 60)
    latencies = []
    for _ in range(LATENCY_SAMPLES):
        time.sleep(random.uniform(0.05, interval * 1.5))
        result = tasks.ping.enqueue(time.time())
        _wait(lambda r=result: finished([r.id]), 30)
        row = DBTaskResult.objects.get(pk=result.id)
        latencies.append((row.started_at - row.enqueued_at).total_seconds())
    process.send_signal(signal.SIGTERM)
    process.wait()

    ids = [tasks.ping.enqueue(time.time()).id for _ in range(THROUGHPUT_TASKS)]
    process = worker()
    _wait(lambda: finished(ids), 600)
    process.send_signal(signal.SIGTERM)
    process.wait()
    rows = DBTaskResult.objects.filter(pk__in=ids)
    first = min(r.started_at for r in rows)
    last = max(r.finished_at for r in rows)
    throughput = THROUGHPUT_TASKS / (last - first).total_seconds()

    # Killed while running. The project has no task that only sleeps, so the row is put
    # in the state a kill during it leaves: RUNNING, claimed by the worker then killed.
    # (tests/web/test_task_worker.py kills a worker during a real scan.)
    slow = tasks.ping.enqueue(time.time())
    first_worker = worker()
    _wait(lambda: DBTaskResult.objects.filter(pk=slow.id).exclude(status="READY").exists(), 30)
    DBTaskResult.objects.filter(pk=slow.id).update(status="RUNNING", finished_at=None)
    os.kill(first_worker.pid, signal.SIGKILL)
    first_worker.wait()
    killed_at = time.monotonic()
    second = worker()
    rerun = _wait(lambda: DBTaskResult.objects.filter(pk=slow.id, status="SUCCESSFUL").exists(), KILL_WAIT_SECONDS)
    recovered = time.monotonic() - killed_at
    second.send_signal(signal.SIGTERM)
    second.wait()
    return {
        "latency": _ms(latencies),
        "throughput": f"{throughput:.0f} tasks/s",
        "killed": f"run again by the next worker {recovered:.1f} s after the kill (its start-up included)"
        if rerun
        else f"not run again within {KILL_WAIT_SECONDS} s",
    }


# --- procrastinate ----------------------------------------------------------------------

PROCRASTINATE_APP = """
import time
from procrastinate import App, PsycopgConnector
import os
app = App(connector=PsycopgConnector(conninfo=os.environ["PQ_URL"]))

@app.task(name="ping")
def ping(sent_at):
    return time.time() - sent_at

@app.task(name="slow")
def slow():
    time.sleep(3600)
"""


def procrastinate(url: str) -> dict:
    folder = Path(tempfile.mkdtemp())
    (folder / "pqapp.py").write_text(PROCRASTINATE_APP)
    sys.path.insert(0, str(folder))
    os.environ["PQ_URL"] = url
    env = {**os.environ, "PYTHONPATH": str(folder)}
    import psycopg
    from pqapp import app  # type: ignore[import-not-found]

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    app.open()
    app.schema_manager.apply_schema()
    command = [sys.executable, "-m", "procrastinate", "--app=pqapp.app", "worker", "--concurrency=1"]

    def worker() -> subprocess.Popen:
        return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def query(sql: str, *args):  # noqa: ANN202
        with psycopg.connect(url) as conn:
            return conn.execute(sql, args).fetchall()

    def status(job_id: int) -> str:
        return query("select status from procrastinate_jobs where id = %s", job_id)[0][0]

    def times(job_id: int) -> dict:
        return dict(query("select type::text, at from procrastinate_events where job_id = %s", job_id))

    process = worker()
    time.sleep(3)
    latencies = []
    for _ in range(LATENCY_SAMPLES):
        time.sleep(random.uniform(0.05, 1.5))
        job = app.tasks["ping"].defer(sent_at=time.time())
        _wait(lambda j=job: status(j) == "succeeded", 30)
        events = times(job)
        latencies.append((events["started"] - events["deferred"]).total_seconds())
    process.send_signal(signal.SIGTERM)
    process.wait()

    jobs = [app.tasks["ping"].defer(sent_at=time.time()) for _ in range(THROUGHPUT_TASKS)]
    process = worker()
    _wait(
        lambda: (
            query("select count(*) from procrastinate_jobs where status = 'succeeded'")[0][0]
            >= len(jobs) + LATENCY_SAMPLES
        ),
        600,
    )
    process.send_signal(signal.SIGTERM)
    process.wait()
    first = min(times(j)["started"] for j in jobs)
    last = max(times(j)["succeeded"] for j in jobs)
    throughput = THROUGHPUT_TASKS / (last - first).total_seconds()

    slow = app.tasks["slow"].defer()
    first_worker = worker()
    _wait(lambda: status(slow) == "doing", 30)
    os.kill(first_worker.pid, signal.SIGKILL)
    first_worker.wait()
    second = worker()
    rerun = _wait(lambda: len(times(slow)) > 2 or status(slow) != "doing", 60)
    import asyncio

    async def stalled_ids() -> list[int]:
        async with app.open_async():
            return [j.id for j in await app.job_manager.get_stalled_jobs()]

    stalled = asyncio.run(stalled_ids())
    second.send_signal(signal.SIGTERM)
    second.wait()
    return {
        "latency": _ms(latencies),
        "throughput": f"{throughput:.0f} tasks/s",
        "killed": "run again by the next worker"
        if rerun
        else f"left 'doing' for 60 s; get_stalled_jobs() then lists it ({slow in stalled}): "
        "re-running it needs a periodic task of one's own (procrastinate's documented recipe)",
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--one", choices=["sqlite", "postgres", "procrastinate"])
    parser.add_argument("--interval", type=float, default=1.0)
    parser.add_argument("--procrastinate-python", default=str(REPO / ".venv-queue-bench" / "bin" / "python"))
    args = parser.parse_args()
    if args.one == "sqlite":
        url = f"sqlite:///{Path(tempfile.mkdtemp()) / 'queue-bench.sqlite3'}"
        print(json.dumps(django_tasks(url, args.interval)))
        return 0
    if args.one == "postgres":
        print(json.dumps(django_tasks(PG, args.interval)))
        return 0
    if args.one == "procrastinate":
        print(json.dumps(procrastinate(PG_PROCRASTINATE)))
        return 0
    rows = []
    for name, python, extra in [
        ("django-tasks, SQLite, worker polling every 1 s", sys.executable, ["--one", "sqlite"]),
        ("django-tasks, PostgreSQL, polling every 1 s", sys.executable, ["--one", "postgres"]),
        ("django-tasks, PostgreSQL, polling every 0.1 s", sys.executable, ["--one", "postgres", "--interval", "0.1"]),
        ("procrastinate 3.10, PostgreSQL (LISTEN/NOTIFY)", args.procrastinate_python, ["--one", "procrastinate"]),
    ]:
        out = subprocess.run([python, __file__, *extra], capture_output=True, text=True, check=True)
        rows.append((name, json.loads(out.stdout.strip().splitlines()[-1])))
        print(name, rows[-1][1], flush=True)
    load = os.getloadavg()
    table = [
        "| queue | enqueue→start (median, p90) | small tasks, one worker | worker killed during a task |",
        "|---|---|---|---|",
        *[f"| {n} | {r['latency']} | {r['throughput']} | {r['killed']} |" for n, r in rows],
        "",
        f"One worker process each; {LATENCY_SAMPLES} latency samples, {THROUGHPUT_TASKS} tasks for throughput; "
        f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores (other work shares them).",
    ]
    print("\n".join(table))
    return 0


if __name__ == "__main__":
    sys.exit(main())
