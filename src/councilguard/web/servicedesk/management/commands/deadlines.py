"""``manage.py deadlines [--today YYYY-MM-DD]`` (also ``councilguard deadlines``)."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from ...deadlines import run


class Command(BaseCommand):
    help = (
        "Send the ICT Service Desk's reminders and escalations, and end leavers' sign-ins when due. Safe to run twice."
    )

    def add_arguments(self, parser):  # noqa: ANN001
        parser.add_argument("--today", help="count from this date instead of today (YYYY-MM-DD)")

    def handle(self, *args, **options):  # noqa: ANN002, ANN003
        today = None
        if options["today"]:
            try:
                today = date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError(f"--today {options['today']!r} is not a date: write it as YYYY-MM-DD") from None
        report = run(today)
        for line in report.lines():
            self.stdout.write(line)
        if report.failed:
            raise CommandError(f"{len(report.failed)} notice(s) could not be sent; the next run tries them again")
