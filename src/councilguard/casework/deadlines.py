"""A complaint's stages and their deadlines, counted in working days.

Each stage starts when the one before ends (received -> acknowledged -> assessed ->
outcome) and must end within the stage's allowance of working days, counted as the
register's election calendar counts them (weekends, Christmas Eve and bank holidays in
England and Wales do not count). How many days each stage has is configured (settings in
the web app); a reminder is due a configured number of working days before the deadline,
and every day after it has passed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from councilguard.web.register.workdays import is_working_day

# The stages with a deadline, in order, and what finishing each one means.
STAGES = ("acknowledge", "assess", "decide")
STAGE_LABELS = {
    "acknowledge": "Acknowledge the complaint",
    "assess": "Initial assessment (with the Independent Person's view)",
    "decide": "Outcome",
}
DEFAULT_DAYS = {"acknowledge": 5, "assess": 20, "decide": 60}


def add_working_days(start: date, count: int) -> date:
    """The ``count``-th working day after ``start`` (``start`` itself is not counted)."""
    if count < 0:
        raise ValueError("count must not be negative")
    current = start
    remaining = count
    while remaining:
        current += timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (negative if end is earlier)."""
    if end == start:
        return 0
    sign = 1 if end > start else -1
    low, high = (start, end) if sign > 0 else (end, start)
    count = 0
    current = low
    while current < high:
        current += timedelta(days=1)
        if is_working_day(current):
            count += 1
    return sign * count


@dataclass(frozen=True)
class Deadline:
    stage: str
    started_on: date
    due_on: date

    @property
    def label(self) -> str:
        return STAGE_LABELS[self.stage]

    def working_days_left(self, today: date) -> int:
        return working_days_between(today, self.due_on)

    def overdue(self, today: date) -> bool:
        return today > self.due_on

    def reminder_due(self, today: date, warn_days: int) -> bool:
        """Within ``warn_days`` working days of the deadline, or past it."""
        return self.overdue(today) or self.working_days_left(today) <= warn_days


def current_deadline(
    *,
    received_on: date,
    acknowledged_on: date | None,
    assessed_on: date | None,
    decided_on: date | None,
    days: Mapping[str, int] | None = None,
) -> Deadline | None:
    """The deadline of the stage the complaint is at, or None when it has an outcome."""
    allowance = {**DEFAULT_DAYS, **(days or {})}
    if decided_on is not None:
        return None
    if acknowledged_on is None:
        return Deadline("acknowledge", received_on, add_working_days(received_on, allowance["acknowledge"]))
    if assessed_on is None:
        return Deadline("assess", acknowledged_on, add_working_days(acknowledged_on, allowance["assess"]))
    return Deadline("decide", assessed_on, add_working_days(assessed_on, allowance["decide"]))


def retention_ends(closed_on: date, retention_days: int) -> date:
    """The first day a closed case may be deleted (calendar days after it closed)."""
    if retention_days < 1:
        raise ValueError("the retention period must be at least one day")
    return closed_on + timedelta(days=retention_days)


def due_for_deletion(closed_on: date | None, today: date, retention_days: int) -> bool:
    """A closed case whose retention period has run out; an open case never is."""
    return closed_on is not None and today >= retention_ends(closed_on, retention_days)
