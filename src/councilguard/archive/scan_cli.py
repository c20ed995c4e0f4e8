"""``councilguard scan``: the command-line face of ``run_scan``.

Exit status: 0 when no message has findings that need review, 1 when some do, 2 for
bad usage (the message says what to fix), 130 when stopped with Ctrl-C (run the same
command again to resume).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..checker.draft import ACCOUNTS
from ..checker.protocol import DEFAULT_PACK
from ..cli.errors import EXIT_STOPPED, fail
from .engines import ENGINES
from .importers import IMPORTERS


def add_parser(sub: argparse._SubParsersAction) -> None:
    formats = "\n".join(f"  {name:<9} {imp.description}" for name, imp in IMPORTERS.items())
    p = sub.add_parser(
        "scan",
        help="check every message in mailboxes and social media archives; write a report",
        description=(
            "Check every message in mailboxes and social media exports against the protocol,\n"
            "in parallel, and write report.html, findings.csv, findings.jsonl and skipped.csv\n"
            "into --output. Stop with Ctrl-C; the same command resumes without redoing\n"
            "finished work. Exit status: 0 nothing needs review, 1 some messages do, 2 bad\n"
            "usage, 130 stopped.\n\nFormats (detected unless --format is given):\n" + formats
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "archives",
        nargs="+",
        metavar="ARCHIVE",
        help="mbox, maildir, .eml/.msg file or folder, X or Facebook export, CSV/JSONL",
    )
    p.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="DIR",
        help="folder for the report and the resume journal",
    )
    p.add_argument("--format", choices=list(IMPORTERS), help="read every ARCHIVE as this format")
    p.add_argument(
        "--engine",
        choices=ENGINES,
        default="local",
        help="local processes (default) or a Ray cluster",
    )
    p.add_argument(
        "--processes",
        "-j",
        type=int,
        metavar="N",
        help="worker processes (default: every core; with Ray: every CPU)",
    )
    p.add_argument(
        "--address",
        help="Ray cluster address (ray://head:10001, auto), or 'local' for a private instance",
    )
    p.add_argument(
        "--since",
        metavar="DATE",
        help="only messages sent on or after this date (YYYY-MM-DD or ISO 8601)",
    )
    p.add_argument(
        "--until",
        metavar="DATE",
        help="only messages sent on or before this date (a whole day when a date)",
    )
    p.add_argument(
        "--sender",
        action="append",
        metavar="ADDR",
        help="only messages from this address, domain or pattern (*); repeatable",
    )
    p.add_argument("--rules", help="only these rules, comma-separated (see `councilguard rules`)")
    p.add_argument(
        "--map",
        metavar="FIELD=COLUMN,…",
        help="CSV/JSONL columns for draft fields, e.g. text=body,sent_at=date,sender=from",
    )
    p.add_argument(
        "--social-account",
        choices=ACCOUNTS,
        default="personal",
        help="whose account the social media posts went out from (default personal)",
    )
    p.add_argument("--author", help="the member's id in the register, recorded on every draft")
    p.add_argument("--protocol", default=DEFAULT_PACK, help="a pack name or a pack directory")
    p.add_argument(
        "--restart",
        action="store_true",
        help="discard the earlier results in --output and start again",
    )
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar and no summary")
    p.set_defaults(func=cmd_scan)


class _ProgressBar:
    """tqdm on stderr, only when someone is watching it."""

    def __init__(self, quiet: bool):
        self.bar: Any = None
        self.enabled = not quiet and sys.stderr.isatty()

    def __call__(self, progress: Any) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(
                total=progress.total,
                initial=progress.done,
                unit="msg",
                file=sys.stderr,
                dynamic_ncols=True,
                smoothing=0.1,
            )
        self.bar.update(progress.done - self.bar.n)
        self.bar.set_postfix(findings=progress.flagged, skipped=progress.skipped, refresh=False)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


# How this command words each of run_scan's domain errors: with the option the user typed.
CLI_WORDING = {
    "archives": "{message}",
    "format": "--format: {message}",
    "output": "--output {message}",
    "social_account": "--social-account: {message}",
    "mapping": "--map: {message}",
    "rules": "--rules: {message} (see `councilguard rules`)",
    "since": "--since: {message}",
    "until": "--until: {message}",
    "dates": "--since is after --until: no message could match",
    "engine": "--engine: {message}",
    "processes": "--processes {message}",
    "address": "--address {message}",
}


def cli_wording(error: Any) -> str:
    message = CLI_WORDING[error.setting].format(message=error.message)
    return message.replace("start afresh", "pass --restart")


def cmd_scan(args: argparse.Namespace) -> int:
    from .runner import run_scan
    from .scan_options import ScanFilters, ScanUsageError, parse_day_or_time

    bar = _ProgressBar(args.quiet)
    try:
        if args.processes is not None and args.processes < 1:
            raise ScanUsageError("processes", "must be at least 1")
        if args.address and args.engine != "ray":
            raise ScanUsageError("address", "is for --engine ray")
        filters = ScanFilters(
            since=parse_day_or_time(args.since, "since") if args.since else None,
            until=parse_day_or_time(args.until, "until", end_of_day=True) if args.until else None,
            senders=tuple(args.sender or ()),
            rules=tuple(r.strip() for r in args.rules.split(",") if r.strip()) if args.rules else None,
        )
        summary = run_scan(
            args.archives,
            args.output,
            engine=args.engine,
            processes=args.processes,
            address=args.address,
            filters=filters,
            protocol=args.protocol,
            format=args.format,
            mapping=args.map,
            social_account=args.social_account,
            author=args.author,
            progress=bar,
            restart=args.restart,
        )
    except ScanUsageError as exc:
        return fail(cli_wording(exc), "scan")
    finally:
        bar.close()
    if not args.quiet:
        _print_summary(summary)
    if summary.interrupted:
        return EXIT_STOPPED
    return summary.exit_code


def _print_summary(summary: Any) -> None:
    out = sys.stderr
    if summary.interrupted:
        print(
            f"Stopped. {summary.processed:,} messages done in this run; run the same command again to resume.",
            file=out,
        )
    resumed = f" ({summary.resumed:,} from an earlier run)" if summary.resumed else ""
    print(
        f"Checked {summary.checked:,} messages{resumed} in {summary.elapsed_seconds:.1f} s "
        f"({summary.messages_per_second:.0f}/s on {summary.workers} {summary.engine} workers): "
        f"{summary.flagged:,} need review, {summary.findings:,} findings.",
        file=out,
    )
    if summary.skipped or summary.errors:
        print(f"Skipped {summary.skipped + summary.errors:,} items (see skipped.csv).", file=out)
    if summary.filtered:
        print(f"Left out {summary.filtered:,} messages by the filters.", file=out)
    for rule, count in list(summary.findings_by_rule.items())[:10]:
        print(f"  {count:>7,}  {rule}", file=out)
    print(f"Report: {summary.report['html']}", file=out)
