"""``councilguard worker``: run the background tasks (archive scans, the daily duties)."""

from __future__ import annotations

import argparse
import logging
import os


def _interval(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of seconds") from None
    if not 0.05 <= seconds <= 60:
        raise argparse.ArgumentTypeError(f"{seconds} is not between 0.05 and 60 seconds")
    return seconds


def cmd_worker(args: argparse.Namespace) -> int:
    from councilguard.cli.errors import BadInput

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "councilguard.web.settings")
    import django
    from django.core.exceptions import ImproperlyConfigured
    from django.db import DatabaseError

    try:
        django.setup()
    except ImproperlyConfigured as exc:
        raise BadInput(f"configuration: {exc}") from None
    logging.getLogger("councilguard.worker").setLevel(logging.INFO)
    from .process import run

    try:
        run(interval=args.interval, batch=args.batch, exit_with_parent=args.exit_with_parent)
    except DatabaseError as exc:
        raise BadInput(f"database: {exc} (has `councilguard serve` or `manage.py migrate` run?)") from None
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "worker",
        help="run background tasks: archive scans and the daily duties",
        description="Run the tasks the web app queues (archive scans) and the daily duties (deadlines, "
        "casework reminders and retention, at COUNCILGUARD_DAILY_DUTIES_AT). Run one or more beside "
        "`councilguard serve`, on the same database; each runs one task at a time. Ctrl-C or SIGTERM "
        "stops it: a running scan is queued again and resumes on the next worker.",
    )
    p.add_argument(
        "--interval", type=_interval, default=1.0, help="seconds between looks at an empty queue (default 1)"
    )
    p.add_argument("--batch", action="store_true", help="run what is queued, then exit")
    # `serve --worker` starts its worker with its own process id, so a killed server leaves
    # no worker behind (given, not read at start-up: the server may be gone by then).
    p.add_argument("--exit-with-parent", type=int, metavar="PID", help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_worker)
