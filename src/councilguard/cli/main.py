"""``councilguard``: check drafts, list and explain rules, scan archives, serve the app.

Exit statuses (the contract's): 0 ok, 1 review or do-not-send, 2 bad usage or input.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..checker.draft import MAX_TEXT_CHARS, Draft, DraftError
from ..checker.protocol import DEFAULT_PACK, ProtocolError
from .errors import EXIT_FINDINGS, EXIT_OK, EXIT_STOPPED, BadInput, fail

# Read at most this much from one input: enough for any draft the checker accepts in
# JSON (escapes included) and small enough that a stray disk image is refused quickly.
MAX_INPUT_BYTES = MAX_TEXT_CHARS * 6 + 65_536


def _read_bytes(source: str) -> bytes:
    try:
        if source == "-":
            data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        else:
            with open(source, "rb") as handle:
                data = handle.read(MAX_INPUT_BYTES + 1)
    except FileNotFoundError:
        raise BadInput(f"{source}: no such file") from None
    except IsADirectoryError:
        raise BadInput(f"{source}: is a directory, not a file") from None
    except OSError as exc:
        raise BadInput(f"{source}: cannot be read ({exc.strerror})") from None
    if len(data) > MAX_INPUT_BYTES:
        raise BadInput(
            f"{source}: input is larger than {MAX_INPUT_BYTES:,} bytes; a draft may be at most "
            f"{MAX_TEXT_CHARS:,} characters (split it, or use `councilguard scan` for archives)"
        )
    return data


def _decode(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise BadInput(f"{source}: not valid UTF-8 (line {line}, byte {exc.start}); save it as UTF-8") from None


def _recipients(values: list[str] | None) -> list[str]:
    return [a.strip() for v in values or [] for a in v.split(",") if a.strip()]


def _draft_from_options(text: str, args: argparse.Namespace) -> dict[str, Any]:
    draft: dict[str, Any] = {"text": text}
    for name in ("id", "channel", "account", "platform", "subject", "sender", "bio", "author", "sent_at"):
        value = getattr(args, name, None)
        if value is not None:
            draft[name] = value
    recipients = {k: _recipients(getattr(args, k)) for k in ("to", "cc", "bcc")}
    if any(recipients.values()):
        draft["recipients"] = recipients
        draft.setdefault("channel", "email")
    for flag in ("reply_all", "forwarded", "pre_election"):
        if getattr(args, flag):
            draft[flag] = True
    if args.attach:
        draft["attachments"] = [{"name": name} for name in args.attach]
    if args.image:
        draft["images"] = [{"source": source} for source in args.image]
    if args.committee:
        draft["committees"] = args.committee
    return draft


def _checker(args: argparse.Namespace):  # noqa: ANN202
    from ..checker.engine import Checker

    rules = [r.strip() for r in args.rules.split(",")] if args.rules else None
    checker = Checker(args.protocol, rules=rules)
    if rules:
        unknown = sorted(set(rules) - {r.id for r in checker.rules})
        if unknown:
            raise BadInput(f"--rules: unknown rule {unknown[0]!r} (see `councilguard rules`)")
    return checker


def cmd_check(args: argparse.Namespace) -> int:
    if args.batch:
        from . import batch

        if args.processes is not None and args.processes < 1:
            raise BadInput(f"--processes must be at least 1 (got {args.processes})")
        rules = [r.strip() for r in args.rules.split(",")] if args.rules else None
        return batch.run(_checker(args), args.batch, args.processes, args.protocol, rules)
    source = args.file or "-"
    if source == "-" and sys.stdin.isatty():
        print("Paste the draft, then press Ctrl-D:", file=sys.stderr)
    data = _read_bytes(source)
    text = _decode(data, "stdin" if source == "-" else source)
    if not text.strip():
        raise BadInput(f"{'stdin' if source == '-' else source} is empty: there is nothing to check")
    draft = Draft.from_json(text) if args.json else Draft.from_dict(_draft_from_options(text, args))
    checker = _checker(args)
    result = checker.check(draft)
    if args.format == "json":
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        from ..render import render_text

        sys.stdout.write(render_text(result, draft.text, checker.protocol, sys.stdout))
    return EXIT_OK if result.verdict == "ok" else EXIT_FINDINGS


def cmd_rules(args: argparse.Namespace) -> int:
    from ..checker.protocol import load_protocol
    from ..ruledocs import rule_page, write_docs

    protocol = load_protocol(args.protocol)
    if args.docs:
        written = write_docs(protocol, Path(args.docs))
        print(f"wrote {len(written)} pages to {args.docs}")
        return EXIT_OK
    if args.explain:
        try:
            rule = protocol.rule(args.explain)
        except KeyError:
            raise BadInput(f"no rule {args.explain!r} in {protocol.id} (see `councilguard rules`)") from None
        print(rule_page(rule, protocol))
        return EXIT_OK
    if args.format == "json":
        rows = [
            {
                "id": r.id,
                "title": r.title,
                "severity": r.severity,
                "cites": r.cites,
                "detector": r.detector,
                "enabled": r.enabled,
            }
            for r in protocol.rules.values()
        ]
        print(json.dumps(rows, indent=2))
        return EXIT_OK
    width = max(len(r) for r in protocol.rules)
    print(f"{len(protocol.rules)} rules in {protocol.id} ({protocol.title})\n")
    for rule in protocol.rules.values():
        off = "" if rule.enabled else "  (disabled)"
        print(f"{rule.id:<{width}}  {rule.severity:<6}  {rule.title}{off}")
        print(f"{'':<{width}}          cites {', '.join(rule.cites)}")
    print("\n`councilguard rules --explain ID` shows a rule's page.")
    return EXIT_OK


def _add_check(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "check",
        help="check one draft (or a batch) against the protocol",
        description="Check a draft e-mail or post. Exit 0: ok; 1: review or do not send; 2: bad input.",
    )
    p.add_argument("file", nargs="?", help="the draft: a text file, or - for standard input (default)")
    p.add_argument("--json", action="store_true", help="the input is a Draft JSON object (see the contract)")
    p.add_argument("--batch", metavar="FILE.jsonl", help="check one Draft JSON per line; one Result JSON per line out")
    p.add_argument(
        "--processes",
        "-j",
        type=int,
        metavar="N",
        help="with --batch: checking processes (default: every core; a batch of one chunk is checked in this one)",
    )
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--id")
    p.add_argument("--channel", choices=("email", "social"))
    p.add_argument("--account", choices=("council", "personal", "party"))
    p.add_argument(
        "--platform",
        choices=("twitter", "facebook", "instagram", "linkedin", "youtube", "blog", "snapchat", "tiktok", "other"),
    )
    p.add_argument("--subject")
    p.add_argument("--sender", help="the address it is sent from")
    p.add_argument("--to", action="append", help="recipient address(es), comma-separated; repeatable")
    p.add_argument("--cc", action="append")
    p.add_argument("--bcc", action="append")
    p.add_argument("--reply-all", dest="reply_all", action="store_true")
    p.add_argument("--forwarded", action="store_true")
    p.add_argument("--attach", action="append", metavar="NAME", help="an attachment's file name; repeatable")
    p.add_argument("--image", action="append", metavar="SOURCE", help="an image's URL or upload:FILE; repeatable")
    p.add_argument("--sent-at", dest="sent_at", metavar="ISO8601")
    p.add_argument("--bio", help="the profile bio of the account it is posted from")
    p.add_argument("--author", help="the member's id in the register")
    p.add_argument("--committee", action="append", help="a committee the author sits on; repeatable")
    p.add_argument("--pre-election", dest="pre_election", action="store_true")
    p.add_argument("--protocol", default=DEFAULT_PACK, help="a pack name or a pack directory")
    p.add_argument("--rules", help="only these rules, comma-separated")
    p.set_defaults(func=cmd_check)


def _add_rules(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("rules", help="list the rules, or explain one")
    p.add_argument("--explain", metavar="ID", help="print one rule's page")
    p.add_argument("--docs", metavar="DIR", help="write every rule's page (Markdown) into DIR")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--protocol", default=DEFAULT_PACK)
    p.set_defaults(func=cmd_rules)


def _add_elsewhere(sub: argparse._SubParsersAction) -> None:
    """Subcommands whose modules live beside their areas (archive, web). They import only
    the standard library until they run, so they are always there; an import that fails
    is a bug to see, not a subcommand to leave out."""
    from ..archive.scan_cli import add_parser as add_scan
    from ..web.serve import add_parser as add_serve
    from ..web.servicedesk.cli import add_parser as add_deadlines
    from ..web.worker.cli import add_parser as add_worker

    for add in (add_scan, add_serve, add_deadlines, add_worker):
        add(sub)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="councilguard",
        description="Check councillors' e-mails and posts against the council's ICT and social media protocols.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    _add_check(sub)
    _add_rules(sub)
    _add_elsewhere(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except BadInput as exc:
        return fail(str(exc))
    except DraftError as exc:
        return fail(f"bad draft: {exc}")
    except ProtocolError as exc:
        return fail(f"protocol pack: {exc}")
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        return EXIT_STOPPED


if __name__ == "__main__":
    sys.exit(main())
