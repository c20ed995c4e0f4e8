"""The check page's and the API's use of the checker, inside Django: which checker
(the protocol pack in settings), what the register says about the member, and the
statistics row a check leaves behind."""

from __future__ import annotations

import atexit
import logging
import os
import threading
import time
from collections import OrderedDict
from datetime import datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone

from councilguard.checker import Checker, Result
from councilguard.checker.protocol import DEFAULT_PACK
from councilguard.web.roles import member_for
from councilguard.web_services import MemberContext, statistic_for

from .forms import CheckForm
from .models import CheckedRule, CheckStatistic
from .turns import checks

logger = logging.getLogger(__name__)


def protocol_name() -> str:
    return settings.COUNCILGUARD_PROTOCOL or DEFAULT_PACK


def checker(sent_at: datetime | None = None, *, register_stamp: str | None = None) -> Checker:
    """The checker for the protocol version in force when the draft is (or was) sent:
    ``sent_at``, or now. Each version's checker is loaded once per process; with the
    register's stamp (read with an API token) it is found without a query."""
    from councilguard.web.governance.protocols import checker_on

    return checker_on(sent_at, stamp=register_stamp)


def check(draft: Any, sent_at: datetime | None = None, *, register_stamp: str | None = None) -> Result:
    """The draft checked by the protocol version in force when it is (or was) sent, in
    this process's turn (``turns``: one check at a time, first come, first served)."""
    engine = checker(sent_at, register_stamp=register_stamp)
    with checks.turn():
        return engine.check(draft)


# Each process keeps the register's context of the members it served recently, per local
# day, under the register stamp it was read at: a request then costs one look-up of the
# stamp (done with the token's) instead of eight queries, and any change to the register
# gives a new stamp, so nothing stale is ever used. Bounded: the oldest entries go first.
CONTEXT_CACHE_SIZE = 2048
_contexts: OrderedDict[tuple, tuple[Any, str] | None] = OrderedDict()
_contexts_lock = threading.Lock()


def _day_context(user: Any, day: Any, register_stamp: str | None) -> tuple[Any, str] | None:
    """(DayContext, council e-mail) of the user's member record on ``day``, or None."""
    from councilguard.web.register.context import day_context
    from councilguard.web.register.signals import current_stamp

    stamp = current_stamp() if register_stamp is None else register_stamp
    key = (user.pk, stamp, day)
    with _contexts_lock:
        if key in _contexts:
            _contexts.move_to_end(key)
            return _contexts[key]
    member = member_for(user)
    found = None if member is None else (day_context(member, day), member.council_email or "")
    with _contexts_lock:
        _contexts[key] = found
        while len(_contexts) > CONTEXT_CACHE_SIZE:
            _contexts.popitem(last=False)
    return found


def forget_contexts() -> None:
    with _contexts_lock:
        _contexts.clear()


def member_context(
    user: Any,
    sent_at: datetime | None = None,
    *,
    platform: str | None = None,
    account: str | None = None,
    register_stamp: str | None = None,
) -> MemberContext:
    """What the register says about ``user`` at ``sent_at`` (now when not given), with the
    bio of the account on ``platform`` and of kind ``account`` the draft goes out from.
    ``register_stamp`` is the register's stamp if the caller has read it already.

    Officers and others who are not members get an empty context: the checker then
    judges the draft on its own.
    """
    at = sent_at or timezone.now()
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    found = _day_context(user, timezone.localtime(at).date(), register_stamp)
    if found is None:
        return MemberContext()
    day, council_email = found
    fields = day.fields_at(at, platform=platform, account=account)
    return MemberContext(
        author=fields["author"],
        council_email=council_email,
        committees=tuple(fields["committees"]),
        meetings_attending=tuple(fields["meetings_attending"]),
        bio=fields["bio"],
        pre_election=bool(fields["pre_election"]),
        roles=tuple(fields["roles"]),
    )


def record_statistics(results: list[tuple[Result, str]], source: str, *, deferred: bool = False) -> None:
    """One CheckStatistic per checked draft (results with an error are not checks).

    ``deferred`` (the API): the rows join this process's buffer, written in bulk within
    ``COUNCILGUARD_API_STATISTICS_SECONDS`` (0: now), so a request does not wait for a
    write; the rest are written when the server stops. A process killed outright loses at
    most those seconds of counts, never anything a member or officer entered.
    """
    today = timezone.localdate()
    rows = [statistic_for(result, channel, today, source) for result, channel in results if result.error is None]
    if not rows:
        return
    delay = float(getattr(settings, "COUNCILGUARD_API_STATISTICS_SECONDS", 0))
    if deferred and delay > 0:
        _buffer.add(rows, delay)
    else:
        _write_statistics(rows)


def _write_statistics(rows: list[dict[str, Any]]) -> None:
    """The rows in two statements, whatever their number."""
    with transaction.atomic():
        stats = CheckStatistic.objects.bulk_create(
            CheckStatistic(day=r["day"], channel=r["channel"], verdict=r["verdict"], source=r["source"]) for r in rows
        )
        CheckedRule.objects.bulk_create(
            CheckedRule(statistic=stat, rule=rule)
            for stat, row in zip(stats, rows, strict=True)
            for rule in row["rules"]
        )


class _StatisticsBuffer:
    """This process's statistics rows not yet written, and the thread that writes them
    ``delay`` seconds after the oldest arrived."""

    MAX_ROWS = 500  # past this, the request that adds a row writes them all itself

    def __init__(self) -> None:
        self._rows: list[dict[str, Any]] = []
        self._oldest = 0.0
        self._delay = 0.0
        self._changed = threading.Condition()
        self._writer: threading.Thread | None = None
        self._writer_pid = 0

    def add(self, rows: list[dict[str, Any]], delay: float) -> None:
        with self._changed:
            # The writer needs waking only when its deadline moves: the first rows after a
            # write (it was waiting for any), or a new delay. Waking it on every request
            # cost each one a switch of threads, and on a busy machine a wait for a core.
            wake = not self._rows or delay != self._delay
            if not self._rows:
                self._oldest = time.monotonic()
            self._rows.extend(rows)
            self._delay = delay
            full = len(self._rows) >= self.MAX_ROWS
            if not full:
                self._start_writer()
                if wake:
                    self._changed.notify()
        if full:
            self.flush()

    def _start_writer(self) -> None:
        # Started on first use in each process: threads do not survive `serve`'s fork.
        if self._writer is None or self._writer_pid != os.getpid() or not self._writer.is_alive():
            self._writer = threading.Thread(target=self._write_when_due, name="statistics-writer", daemon=True)
            self._writer_pid = os.getpid()
            self._writer.start()

    def _write_when_due(self) -> None:
        while True:
            with self._changed:
                while not self._rows or time.monotonic() < self._oldest + self._delay:
                    self._changed.wait(None if not self._rows else self._oldest + self._delay - time.monotonic())
            try:
                self.flush()
            except Exception:  # noqa: BLE001 - logged; the rows wait for the next write
                logger.exception("could not write the API's check statistics; will try again")
                with self._changed:
                    self._oldest = time.monotonic()
            finally:
                # This thread writes once in a while: it holds no connection in between.
                connections.close_all()

    def pending(self) -> int:
        with self._changed:
            return len(self._rows)

    def flush(self) -> int:
        with self._changed:
            rows, self._rows = self._rows, []
        if rows:
            try:
                _write_statistics(rows)
            except Exception:
                with self._changed:
                    self._rows[:0] = rows  # kept for the next attempt
                raise
        return len(rows)


_buffer = _StatisticsBuffer()


def flush_statistics() -> int:
    """Write the buffered statistics rows now (the server calls it as it stops)."""
    return _buffer.flush()


def _flush_at_exit() -> None:
    try:
        flush_statistics()
    except Exception as exc:  # noqa: BLE001 - exiting anyway: one line, no traceback
        logger.error("could not write %d API statistics rows at exit: %s", _buffer.pending(), exc)


atexit.register(_flush_at_exit)


def check_form(request: Any, data: Any, form_class: type[CheckForm] = CheckForm) -> CheckForm:
    """The check form (or a form built on it) for ``request``'s member, as of now: its
    ``clean()`` fills the draft's context from the register at this moment."""
    now = timezone.now()
    return form_class(data, member_context=partial(member_context, request.user, now), sent_at=now)
