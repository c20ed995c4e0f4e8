"""``councilguard serve [--demo] [--host H] [--port P]``: migrate, optionally load the demo
data, collect the static files and serve the web app with waitress (a production WSGI
server; whitenoise serves the static files)."""

from __future__ import annotations

import argparse
import ipaddress
import os
import sys

LOOPBACK_NAMES = {"localhost", "localhost.localdomain"}


def _is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not between 1 and 65535")
    return port


def _threads(value: str) -> int:
    try:
        threads = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number") from None
    if not 1 <= threads <= 256:
        raise argparse.ArgumentTypeError(f"{threads} is not between 1 and 256")
    return threads


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "serve",
        help="serve the web app (migrates the database first)",
        description="Serve the CouncilGuard web app with waitress. The database comes from "
        "COUNCILGUARD_DATABASE_URL (SQLite under var/ by default); see .env.example.",
    )
    p.add_argument("--demo", action="store_true", help="load the demo data and print how to sign in")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=_port, default=8000, help="port to listen on (default 8000)")
    p.add_argument("--threads", type=_threads, default=8, help="worker threads (default 8)")
    p.set_defaults(func=cmd_serve)


def _prepare_environment(host: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "councilguard.web.settings")
    if _is_loopback(host):
        # Plain HTTP on this machine only: Secure cookies would never be sent back.
        os.environ.setdefault("COUNCILGUARD_HTTPS", "false")
    if not os.environ.get("COUNCILGUARD_ALLOWED_HOSTS") and host not in ("0.0.0.0", "::", ""):
        os.environ["COUNCILGUARD_ALLOWED_HOSTS"] = ",".join(
            dict.fromkeys([host if ":" not in host else f"[{host}]", "127.0.0.1", "localhost", "[::1]"])
        )


def cmd_serve(args: argparse.Namespace) -> int:
    from councilguard.cli import BadInput

    _prepare_environment(args.host)
    import django
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import call_command
    from django.db import DatabaseError

    try:
        django.setup()
    except ImproperlyConfigured as exc:
        raise BadInput(f"configuration: {exc}") from None
    if not settings.GOVUK_FRONTEND_DIR.is_dir():
        raise BadInput(
            f"GOV.UK Frontend is not installed ({settings.GOVUK_FRONTEND_DIR} is missing): "
            "run `npm ci` in the repository (make install does), "
            "or set COUNCILGUARD_GOVUK_FRONTEND_DIR"
        )
    try:
        call_command("migrate", interactive=False, verbosity=0)
    except DatabaseError as exc:
        raise BadInput(f"database {settings.DATABASES['default']['NAME']}: {exc}".strip()) from None
    call_command("collectstatic", interactive=False, verbosity=0)
    if args.demo:
        from .register.demo import load_demo, sign_in_help

        counts = load_demo()
        print("Demo data loaded: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
        print(sign_in_help())

    from waitress import serve

    from .wsgi import application

    shown = f"[{args.host}]" if ":" in args.host else args.host
    print(f"\nCouncilGuard is serving on http://{shown}:{args.port}/  (Ctrl-C to stop)", flush=True)
    try:
        serve(application, host=args.host, port=args.port, threads=args.threads, ident="CouncilGuard")
    except OSError as exc:
        raise BadInput(f"cannot listen on {shown}:{args.port}: {exc.strerror or exc}") from None
    return 0


if __name__ == "__main__":  # pragma: no cover - `python -m councilguard.web.serve`
    parser = argparse.ArgumentParser(prog="councilguard")
    add_parser(parser.add_subparsers(dest="command", required=True))
    ns = parser.parse_args(["serve", *sys.argv[1:]])
    sys.exit(ns.func(ns))
