"""``councilguard deadlines``: the ICT Service Desk's scheduled reminders and escalations."""

from __future__ import annotations

import argparse
import os


def cmd_deadlines(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "councilguard.web.settings")
    import django
    from django.core.management import call_command
    from django.core.management.base import CommandError

    django.setup()
    options = {"today": args.today} if args.today else {}
    try:
        call_command("deadlines", **options)
    except CommandError as exc:
        print(f"councilguard deadlines: {exc}")
        return 1 if "could not be sent" in str(exc) else 2
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "deadlines",
        help="send the ICT Service Desk's reminders and escalations (safe to run twice)",
        description="Send due reminders and escalations (return requests, leaver cases, thefts without "
        "a crime number, audits) and end leavers' sign-ins on the day their case says. Each notice is "
        "sent once: running it again sends nothing new. Exit 0: done; 1: some notices failed to send.",
    )
    p.add_argument("--today", metavar="YYYY-MM-DD", help="count from this date instead of today")
    p.set_defaults(func=cmd_deadlines)
