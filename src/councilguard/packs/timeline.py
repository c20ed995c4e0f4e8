"""Which version of the protocol applies to a message, by when it was sent.

An archive scan reads mail from years past: a message sent before a version came into
force is checked against the version in force then. The web app knows the versions and
their dates; this keeps the choice framework-free, for the scan's worker processes."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from datetime import date, datetime

from ..checker.engine import Checker


class Timeline:
    """``dated``: (in force from, checker) pairs; ``default`` for a message with no date
    (the version in force now) and, when none is dated that early, for the earliest."""

    def __init__(self, default: Checker, dated: Sequence[tuple[date, Checker]] = ()):
        self.default = default
        ordered = sorted(dated, key=lambda pair: pair[0])
        self.days = [day for day, _ in ordered]
        self.checkers = [checker for _, checker in ordered]

    def checker_on(self, when: datetime | date | None) -> Checker:
        if when is None or not self.days:
            return self.default
        day = when.date() if isinstance(when, datetime) else when
        index = bisect_right(self.days, day) - 1
        return self.checkers[max(index, 0)]

    @classmethod
    def from_dirs(
        cls, default: Checker, entries: Sequence[tuple[str, str]], rules: list[str] | None = None
    ) -> Timeline:
        """From (ISO date, pack directory) pairs, as a scan's settings carry them."""
        return cls(default, [(date.fromisoformat(day), Checker(path, rules=rules)) for day, path in entries])
