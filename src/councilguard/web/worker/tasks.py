"""The daily duties as tasks: the management commands, run by a worker.

Each command is safe to run any number of times (each notice is recorded and sent once),
so a duty run again after its worker died sends nothing twice. What the command printed
is the task's result."""

from __future__ import annotations

import time
from io import StringIO

from django.core.management import call_command
from django_tasks import task


def _command(name: str) -> list[str]:
    out = StringIO()
    call_command(name, stdout=out)
    return out.getvalue().splitlines()


@task()
def deadlines() -> list[str]:
    """The ICT Service Desk's reminders and escalations (``councilguard deadlines``)."""
    return _command("deadlines")


@task()
def casework_reminders() -> list[str]:
    """Reminders to the Monitoring Officer about complaint deadlines."""
    return _command("casework_reminders")


@task()
def casework_retention() -> list[str]:
    """Closed cases past their retention period deleted."""
    return _command("casework_retention")


@task()
def ping(sent_at: float) -> float:
    """A worker's health check (and bench/task_queue_bench.py's probe): the seconds from
    ``sent_at`` (time.time() when enqueued) to the task starting."""
    return time.time() - sent_at
