"""Checks in a server process run one at a time, first come, first served.

The checker is CPU-bound Python, so a process's threads share one core through the GIL:
eight checks at once each take about eight times as long, and a post's answer waits for
the 2 KB e-mails that arrived beside it. In turn, each check waits only for those that
arrived before it, so the slowest answers (the p99 under load) come sooner, while pages
that do not check keep the other threads. ``threading.Lock`` wakes its waiters in no
particular order, hence the tickets.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager


class InTurn:
    """A lock taken in the order it was asked for (a ticket lock)."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._next_ticket = 0
        self._serving = 0

    @contextmanager
    def turn(self) -> Iterator[None]:
        with self._changed:
            ticket = self._next_ticket
            self._next_ticket += 1
            self._changed.wait_for(lambda: self._serving == ticket)
        try:
            yield
        finally:
            with self._changed:
                self._serving += 1
                self._changed.notify_all()


checks = InTurn()
