"""``councilguard serve [--demo] [--host H] [--port P] [--behind-proxy]``: migrate, optionally
load the demo data, collect the static files and serve the web app with waitress (a
production WSGI server; whitenoise serves the static files).

Behind a reverse proxy that ends TLS (nginx, Caddy), ``--behind-proxy`` (or
``COUNCILGUARD_BEHIND_PROXY=true``) has waitress take the scheme and the client's address
from the proxy's X-Forwarded-Proto and X-Forwarded-For, for requests from
``COUNCILGUARD_TRUSTED_PROXY`` only. Without it waitress removes those headers, the app
sees plain HTTP, and with HTTPS on every request would be redirected to itself."""

from __future__ import annotations

import argparse
import contextlib
import ipaddress
import os
import signal
import socket
import sys
import threading
import time

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


def waitress_options(threads: int, behind_proxy: bool, trusted_proxy: str) -> dict:
    """waitress's settings: with a proxy in front, believe only the two headers the app
    needs from it (the scheme, for redirects, Secure cookies and HSTS; the client's address,
    for the per-address limits) and only from the proxy's address."""
    options: dict = {"threads": threads, "ident": "CouncilGuard"}
    if behind_proxy:
        options |= {
            "trusted_proxy": trusted_proxy,
            "trusted_proxy_count": 1,
            "trusted_proxy_headers": {"x-forwarded-proto", "x-forwarded-for"},
            "clear_untrusted_proxy_headers": True,
        }
    return options


def _serve_in_processes(application, sock: socket.socket, processes: int, options: dict) -> None:  # noqa: ANN001
    """Pre-fork: every process serves the one listening socket with its own threads and
    its own checker. Python threads share one core for the checker's pure-Python work,
    so throughput on several cores comes from processes; each takes new connections only
    while it has the fewest (``balanced_accept``), so kept-alive clients spread evenly.
    Children end with the parent."""
    from waitress import serve

    from .balanced_accept import BalancedServer, ConnectionCounts

    if processes == 1:
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        try:
            serve(application, sockets=[sock], **options)
        finally:
            _write_buffers()
        return
    counts = ConnectionCounts(processes)
    children: list[int] = []
    for slot in range(1, processes):
        pid = os.fork()
        if pid == 0:  # a worker: serve until the parent tells it to stop, or is gone
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            # Stopped by the parent's SIGTERM: leave waitress's loop, write what is buffered.
            signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
            _exit_when_orphaned(os.getppid())
            try:
                BalancedServer(application, sock, counts, slot, **options).run()
            finally:
                _write_buffers()
                os._exit(0)  # never the parent's atexit handlers or finally blocks
        children.append(pid)
    # A service manager stops the server with SIGTERM: let `finally` write what is buffered
    # and stop the workers.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        BalancedServer(application, sock, counts, 0, **options).run()
    finally:
        _write_buffers()
        for pid in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        for pid in children:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)


def _write_buffers() -> None:
    """What a process holds for the database in memory (the API's statistics rows)."""
    from .checks.service import flush_statistics

    try:
        flush_statistics()
    except Exception as exc:  # noqa: BLE001 - stopping anyway: say what was lost
        print(f"could not write the API's last statistics: {exc}", file=sys.stderr)


def _exit_when_orphaned(parent: int) -> None:
    """A worker whose parent was killed outright (SIGKILL) must not serve on alone."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        _write_buffers()
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


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
    p.add_argument(
        "--behind-proxy",
        action="store_true",
        help="a reverse proxy ends TLS in front: trust its X-Forwarded-Proto and X-Forwarded-For "
        "(from COUNCILGUARD_TRUSTED_PROXY, default 127.0.0.1); same as COUNCILGUARD_BEHIND_PROXY=true",
    )
    p.set_defaults(func=cmd_serve)


def _prepare_environment(host: str, behind_proxy: bool = False) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "councilguard.web.settings")
    if behind_proxy:
        os.environ["COUNCILGUARD_BEHIND_PROXY"] = "true"
    from .config import env_bool

    if _is_loopback(host) and not env_bool("COUNCILGUARD_BEHIND_PROXY", False):
        # Plain HTTP on this machine only: Secure cookies would never be sent back. (Behind
        # a proxy on this machine, the usual set-up, browsers speak HTTPS to the proxy.)
        os.environ.setdefault("COUNCILGUARD_HTTPS", "false")
    if not os.environ.get("COUNCILGUARD_ALLOWED_HOSTS") and host not in ("0.0.0.0", "::", ""):
        os.environ["COUNCILGUARD_ALLOWED_HOSTS"] = ",".join(
            dict.fromkeys([host if ":" not in host else f"[{host}]", "127.0.0.1", "localhost", "[::1]"])
        )


def cmd_serve(args: argparse.Namespace) -> int:
    from django.core.exceptions import ImproperlyConfigured

    from councilguard.cli.errors import BadInput

    try:
        _prepare_environment(args.host, args.behind_proxy)
    except ImproperlyConfigured as exc:
        raise BadInput(f"configuration: {exc}") from None
    import django
    from django.conf import settings
    from django.core.management import call_command
    from django.db import DatabaseError

    from .config import configured_secrets, scrub

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
        # A driver's message may quote the connection string: never print its password.
        message = scrub(f"database {settings.DATABASES['default']['NAME']}: {exc}".strip(), configured_secrets())
        raise BadInput(message) from None
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
    if settings.BEHIND_PROXY:
        print(f"Behind a proxy: X-Forwarded-Proto and X-Forwarded-For are trusted from {settings.TRUSTED_PROXY}")
    elif settings.HTTPS:
        print(
            "HTTPS is on: cookies are Secure, so sign in through the TLS proxy in front "
            "(start with --behind-proxy so the app knows which requests came over HTTPS)"
        )
    options = waitress_options(args.threads, settings.BEHIND_PROXY, settings.TRUSTED_PROXY)
    if args.worker:
        from .worker.supervise import supervised_worker

        print("A task worker runs beside the server (archive scans, daily duties).", flush=True)
    with sock, supervised_worker() if args.worker else contextlib.nullcontext():
        _serve_in_processes(application, sock, args.processes, options)
    return 0


if __name__ == "__main__":  # pragma: no cover - `python -m councilguard.web.serve`
    parser = argparse.ArgumentParser(prog="councilguard")
    add_parser(parser.add_subparsers(dest="command", required=True))
    ns = parser.parse_args(["serve", *sys.argv[1:]])
    sys.exit(ns.func(ns))
