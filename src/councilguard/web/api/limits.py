"""The API's rate limit: a fixed window of one wall-clock minute per member, counted in
the database.

Each member may make ``COUNCILGUARD_API_RATE_PER_MINUTE`` API requests a minute (a batch
is one request; its size is capped separately). The count is one row per member and
minute (``RateWindow``), raised by a single ``INSERT ... ON CONFLICT DO UPDATE ...
RETURNING`` statement, so concurrent requests in any number of server processes each see
their own, exact position in the window, on SQLite and PostgreSQL alike, with no service
beyond the database.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.db import connection

from .models import RateWindow

DEFAULT_RATE_PER_MINUTE = 120


def rate_per_minute() -> int:
    return int(getattr(settings, "COUNCILGUARD_API_RATE_PER_MINUTE", DEFAULT_RATE_PER_MINUTE))


def upsert_sql(source: str) -> str:
    """The statement that counts one request: ``source`` selects (user id, minute, 1)."""
    table = connection.ops.quote_name(RateWindow._meta.db_table)
    return (
        f"INSERT INTO {table} (user_id, minute, count) {source} "
        f"ON CONFLICT (user_id, minute) DO UPDATE SET count = {table}.count + 1 "
        "RETURNING count"
    )


# Selected from by the counting statement on PostgreSQL: its own transaction stops waiting
# for the write-ahead log to reach the disk (see _count_one).
NO_WAIT = "(SELECT set_config('synchronous_commit', 'off', true)) AS no_wait"


def counts_without_waiting() -> bool:
    """Whether a count may skip waiting for the disk, in its own one-statement transaction:
    on PostgreSQL outside a caller's transaction. There the token's own statement counts
    the request too (models._token_rows), saving a round trip on every API request."""
    return connection.vendor == "postgresql" and not connection.in_atomic_block


def _count_one(user_id: int, minute: int) -> int:
    # On PostgreSQL the statement first tells its own transaction not to wait for the
    # write-ahead log to reach the disk (set_config(..., true) lasts to the end of the
    # transaction, which is this one statement): a count lost in a database crash costs a
    # member a few requests at most, while waiting for the disk costs every request
    # milliseconds. One statement, one round trip; BEGIN, SET LOCAL, INSERT and COMMIT
    # were four. Inside a caller's transaction the setting would reach the caller's writes,
    # so there the count waits like them. SQLite has no such setting (WAL, synchronous=NORMAL).
    source = f"SELECT %s, %s, 1 FROM {NO_WAIT}" if counts_without_waiting() else "VALUES (%s, %s, 1)"
    with connection.cursor() as cursor:
        cursor.execute(upsert_sql(source), [user_id, minute])
        (count,) = cursor.fetchone()
    return count


def take(user_id: int, now: float | None = None, counted: int | None = None) -> tuple[bool, int]:
    """Count one request for ``user_id``; (allowed, seconds until the window resets).
    ``counted``: the count when the token's statement already made it (for the minute of
    ``now``), so it is not counted twice."""
    now = time.time() if now is None else now
    minute = int(now // 60)
    count = _count_one(user_id, minute) if counted is None else counted
    if count == 1:  # the member's first request this minute: forget the past minutes
        RateWindow.objects.filter(user_id=user_id, minute__lt=minute).delete()
    return count <= rate_per_minute(), 60 - int(now % 60)
