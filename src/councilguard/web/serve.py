"""``councilguard serve [--demo] [--host H] [--port P]``: migrate, optionally load the demo
data, collect the static files and serve the web app with waitress (a production WSGI
server; whitenoise serves the static files)."""

from __future__ import annotations

import argparse
import contextlib
import ipaddress
import os
import signal
import socket
import sys

from councilguard.processes import exit_when_orphaned

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


def _processes(value: str) -> int:
    try:
        processes = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if not 1 <= processes <= 64:
        raise argparse.ArgumentTypeError(f"{processes} is not between 1 and 64")
    return processes


def _serve_in_processes(application, sock: socket.socket, processes: int, threads: int) -> None:  # noqa: ANN001
    """Pre-fork: every process serves the one listening socket with its own threads and
    its own checker. Python threads share one core for the checker's pure-Python work,
    so throughput on several cores comes from processes. Children end with the parent."""
    from waitress import serve

    children: list[int] = []
    for _ in range(processes - 1):
        pid = os.fork()
        if pid == 0:  # a worker: serve until the parent tells it to stop, or is gone
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            exit_when_orphaned()
            try:
                serve(application, sockets=[sock], threads=threads, ident="CouncilGuard")
            finally:
                os._exit(0)
        children.append(pid)
    if children:
        # A service manager stops the server with SIGTERM: let `finally` stop the workers.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        serve(application, sockets=[sock], threads=threads, ident="CouncilGuard")
    finally:
        for pid in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        for pid in children:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)


def _listen(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(1024)
    return sock


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
    p.add_argument("--threads", type=_threads, default=8, help="worker threads per process (default 8)")
    p.add_argument(
        "--processes",
        type=_processes,
        default=1,
        help="server processes sharing the port (default 1); the checker is CPU-bound, so one per core serves most",
    )
    p.add_argument(
        "--worker",
        action="store_true",
        help="also run a task worker (archive scans, daily duties), started and stopped with the server",
    )
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

    from .wsgi import application

    shown = f"[{args.host}]" if ":" in args.host else args.host
    try:
        sock = _listen(args.host, args.port)
    except OSError as exc:
        raise BadInput(f"cannot listen on {shown}:{args.port}: {exc.strerror or exc}") from None
    workers = f", {args.processes} processes" if args.processes > 1 else ""
    print(f"\nCouncilGuard is serving on http://{shown}:{args.port}/{workers}  (Ctrl-C to stop)", flush=True)
    if args.worker:
        from .worker.supervise import supervised_worker

        print("A task worker runs beside the server (archive scans, daily duties).", flush=True)
    with sock, supervised_worker() if args.worker else contextlib.nullcontext():
        _serve_in_processes(application, sock, args.processes, args.threads)
    return 0


if __name__ == "__main__":  # pragma: no cover - `python -m councilguard.web.serve`
    parser = argparse.ArgumentParser(prog="councilguard")
    add_parser(parser.add_subparsers(dest="command", required=True))
    ns = parser.parse_args(["serve", *sys.argv[1:]])
    sys.exit(ns.func(ns))
