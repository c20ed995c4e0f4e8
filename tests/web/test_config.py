"""Settings from the environment are parsed strictly; `councilguard serve` checks its options."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import threading
from datetime import time
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from councilguard.cli.main import build_parser
from councilguard.web.config import (
    SecretsFilter,
    database_from_url,
    env_bool,
    env_int,
    env_list,
    env_proxy_address,
    env_time_or_off,
    secret_key,
)
from councilguard.web.serve import _is_loopback, waitress_options


def _sqlite_connection(db: dict, alias: str):  # noqa: ANN202
    from django.db.backends.sqlite3.base import DatabaseWrapper

    blank = {"USER": "", "PASSWORD": "", "HOST": "", "PORT": "", "TIME_ZONE": None, "TEST": {}}
    return DatabaseWrapper(
        {**blank, **db, "ATOMIC_REQUESTS": False, "AUTOCOMMIT": True, "CONN_MAX_AGE": 0, "CONN_HEALTH_CHECKS": False},
        alias,
    )


def test_on_sqlite_a_transaction_that_reads_then_writes_waits_for_another_writer(tmp_path, django_db_blocker):
    # Begun deferred, the second transaction's read pins a snapshot and its write then
    # fails at once with "database is locked"; begun immediate, it waits for the lock.
    # (A file of its own, not the test database: django_db_blocker only lifts the guard.)
    django_db_blocker.unblock()
    db = database_from_url(f"sqlite:///{tmp_path}/race.sqlite3", tmp_path)
    first = _sqlite_connection(db, "first")
    first.ensure_connection()
    first.cursor().execute("CREATE TABLE versions (id TEXT PRIMARY KEY)")
    first._start_transaction_under_autocommit()
    first.cursor().execute("INSERT INTO versions VALUES ('a')")
    failures: list[Exception] = []

    def draft_another() -> None:
        second = _sqlite_connection(db, "second")
        try:
            second.ensure_connection()
            second._start_transaction_under_autocommit()
            cursor = second.cursor()
            cursor.execute("SELECT count(*) FROM versions WHERE id = 'b'")
            cursor.execute("INSERT INTO versions VALUES ('b')")
            second.commit()
        except Exception as exc:  # noqa: BLE001 - reported below
            failures.append(exc)
        finally:
            second.close()

    worker = threading.Thread(target=draft_another)
    worker.start()
    worker.join(0.5)  # the second waits for the lock the first holds
    first.commit()
    worker.join(10)
    count = first.cursor().execute("SELECT count(*) FROM versions").fetchone()[0]
    first.close()
    django_db_blocker.restore()
    assert failures == [] and count == 2


def test_a_sqlite_url_names_a_file_under_the_home_directory():
    db = database_from_url("sqlite:///var/test.sqlite3", Path("/srv/cg"))
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"] == Path("/srv/cg/var/test.sqlite3")
    assert database_from_url("sqlite:////tmp/x.db", Path("/srv"))["NAME"] == Path("/tmp/x.db")


def test_a_postgres_url_gives_user_host_port_and_name():
    db = database_from_url("postgres://postgres:p%40ss@127.0.0.1:5432/councilguard?sslmode=require", Path("."))
    assert (db["USER"], db["PASSWORD"], db["HOST"], db["PORT"], db["NAME"]) == (
        "postgres",
        "p@ss",
        "127.0.0.1",
        "5432",
        "councilguard",
    )
    assert db["OPTIONS"] == {"server_side_binding": True, "prepare_threshold": 2, "sslmode": "require"}


@pytest.mark.parametrize(
    "url",
    [
        "mysql://root@localhost/cg",
        "postgres://localhost/",
        "postgres://h:notaport/db",
        "sqlite://",
        "nonsense",
    ],
)
def test_an_unsupported_or_malformed_database_url_is_refused(url):
    with pytest.raises(ImproperlyConfigured):
        database_from_url(url, Path("."))


def test_booleans_must_be_spelt_plainly():
    assert env_bool("X", False, {"X": "Yes"}) is True
    assert env_bool("X", True, {"X": " off "}) is False
    assert env_bool("X", True, {}) is True
    with pytest.raises(ImproperlyConfigured, match="X='flase'"):
        env_bool("X", False, {"X": "flase"})


def test_numbers_and_lists_are_checked():
    assert env_int("N", 5, 1, 10, {"N": "7"}) == 7
    with pytest.raises(ImproperlyConfigured):
        env_int("N", 5, 1, 10, {"N": "70"})
    with pytest.raises(ImproperlyConfigured):
        env_int("N", 5, 1, 10, {"N": "five"})
    assert env_list("L", ["a"], {"L": "x, y"}) == ["x", "y"]
    with pytest.raises(ImproperlyConfigured):
        env_list("L", [], {"L": "x,,y"})


def test_a_generated_secret_key_is_kept_private_and_reused(tmp_path):
    key_file = tmp_path / "var" / "secret_key"
    first = secret_key({}, key_file)
    assert secret_key({}, key_file) == first and len(first) >= 32
    assert key_file.stat().st_mode & 0o077 == 0
    with pytest.raises(ImproperlyConfigured):
        secret_key({"COUNCILGUARD_SECRET_KEY": "short"}, key_file)


def test_serve_refuses_a_port_out_of_range(capsys):
    with pytest.raises(SystemExit) as exited:
        build_parser().parse_args(["serve", "--port", "70000"])
    assert exited.value.code == 2
    assert "70000 is not between 1 and 65535" in capsys.readouterr().err


def test_loopback_addresses_are_recognised():
    assert _is_loopback("127.0.0.1") and _is_loopback("localhost") and _is_loopback("::1")
    assert not _is_loopback("0.0.0.0") and not _is_loopback("192.168.1.5")


# --- serving: the proxy, HSTS and secrets ------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "postgres://cg:Hunter2-Secret@db.example:notaport/cg",
        "postgress://cg:Hunter2-Secret@db.example/cg",
        "postgres://cg:Hunter2-Secret@db.example/",
    ],
)
def test_a_refused_database_url_is_quoted_without_its_password(url):
    with pytest.raises(ImproperlyConfigured) as refused:
        database_from_url(url, Path("."))
    assert "Hunter2-Secret" not in str(refused.value)
    assert "cg:***@db.example" in str(refused.value)


def test_serve_never_prints_the_database_password_when_it_cannot_connect(tmp_path):
    port = free_port()  # bound then released: nothing listens there
    env = {
        **os.environ,
        "COUNCILGUARD_HOME": str(tmp_path),
        "COUNCILGUARD_DATABASE_URL": f"postgres://cg:Hunter2-Secret@127.0.0.1:{port}/cg",
        "COUNCILGUARD_SECRET_KEY": "k" * 20 + "Hunter3-Secret-Key-Value",
        "DJANGO_SETTINGS_MODULE": "councilguard.web.settings",
    }
    done = subprocess.run(
        [str(Path(sys.executable).parent / "councilguard"), "serve", "--port", str(free_port())],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 2
    assert "database cg:" in done.stderr
    assert "Hunter2-Secret" not in done.stderr + done.stdout
    assert "Hunter3-Secret" not in done.stderr + done.stdout


def test_the_log_hides_secrets_a_library_quotes(settings):
    settings.SECRET_KEY = "a-secret-key-of-forty-characters-at-least-0"
    record = logging.LogRecord(
        "psycopg", logging.ERROR, __file__, 1, "cannot connect with %s", (settings.SECRET_KEY,), None
    )
    try:
        raise RuntimeError(f"dsn has {settings.SECRET_KEY}")
    except RuntimeError:
        record.exc_info = sys.exc_info()
    assert SecretsFilter().filter(record)
    text = logging.Formatter().format(record)
    assert settings.SECRET_KEY not in text
    assert "cannot connect with ***" in text and "dsn has ***" in text


def test_the_trusted_proxy_is_one_address_or_any():
    assert env_proxy_address("P", "127.0.0.1", {}) == "127.0.0.1"
    assert env_proxy_address("P", "127.0.0.1", {"P": " 10.0.0.5 "}) == "10.0.0.5"
    assert env_proxy_address("P", "127.0.0.1", {"P": "[::1]"}) == "::1"
    assert env_proxy_address("P", "127.0.0.1", {"P": "*"}) == "*"
    for bad in ("proxy.example", "10.0.0.5,10.0.0.6", "10.0.0.0/8"):
        with pytest.raises(ImproperlyConfigured, match="P="):
            env_proxy_address("P", "127.0.0.1", {"P": bad})


def test_behind_a_proxy_waitress_believes_only_the_scheme_and_address_and_only_from_the_proxy():
    assert "trusted_proxy" not in waitress_options(8, False, "127.0.0.1")
    options = waitress_options(8, True, "10.0.0.5")
    assert options["trusted_proxy"] == "10.0.0.5"
    assert options["trusted_proxy_headers"] == {"x-forwarded-proto", "x-forwarded-for"}
    assert options["clear_untrusted_proxy_headers"] is True


@pytest.mark.django_db
def test_hsts_is_sent_whenever_https_is_on_even_if_the_request_looked_plain(client, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/account/sign-in/")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    settings.SECURE_HSTS_SECONDS = 0
    assert "Strict-Transport-Security" not in client.get("/account/sign-in/").headers


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_daily_duties_hour_is_a_time_of_day_or_off():
    name = "COUNCILGUARD_DAILY_DUTIES_AT"
    assert env_time_or_off(name, time(7, 30), {}) == time(7, 30)
    assert env_time_or_off(name, time(7, 30), {name: "06:45"}) == time(6, 45)
    assert env_time_or_off(name, time(7, 30), {name: "off"}) is None
    for bad in ("7.30", "25:00", "0730", "07:30:00", "morning"):
        with pytest.raises(ImproperlyConfigured, match=f"{name}=.*HH:MM"):
            env_time_or_off(name, time(7, 30), {name: bad})
