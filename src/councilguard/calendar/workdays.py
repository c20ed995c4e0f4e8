"""Working days in England and Wales, for every deadline CouncilGuard keeps.

A working day is a weekday that is not a bank holiday in England and Wales. The bank
holidays come from maintained sources, never from a list typed in here:

- ``govuk-bank-holidays``' copy of GOV.UK's published list, as bundled with the package
  (``BankHolidays(use_cached_holidays=True)``: it reads the JSON file inside the package
  and never fetches; the package's default constructor would try www.gov.uk first);
- ``holidays`` (``holidays.UK(subdiv="ENG")``, which computes any year, substitute days
  included) for the years that copy does not cover.

Election law counts differently: for the timetable of a local election Christmas Eve is
disregarded too (Local Elections (Principal Areas) (England and Wales) Rules 2006), so
the notice of election, and with it the start of the pre-election period, uses
``is_election_working_day``.

The API other workflows use::

    add_working_days(date(2025, 12, 19), 10)          # -> date(2026, 1, 7)
    working_days_between(date(2026, 1, 5), date(2026, 1, 7))   # -> 2
    is_working_day(date(2026, 4, 3))                  # -> False (Good Friday)
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from functools import cache

NOTICE_WORKING_DAYS = 25

__all__ = [
    "NOTICE_WORKING_DAYS",
    "add_working_days",
    "bank_holidays",
    "covered_by_govuk",
    "easter_sunday",
    "is_election_working_day",
    "is_working_day",
    "pre_election_start",
    "working_days_before",
    "working_days_between",
]


@cache
def _govuk_by_year() -> dict[int, frozenset[date]]:
    """GOV.UK's England and Wales list, from the copy bundled in govuk-bank-holidays."""
    from govuk_bank_holidays.bank_holidays import BankHolidays

    # use_cached_holidays=True: the bundled JSON only. Without it the constructor makes a
    # request to www.gov.uk, which nothing in CouncilGuard may do at run time.
    events = BankHolidays(use_cached_holidays=True).get_holidays(division=BankHolidays.ENGLAND_AND_WALES)
    years: dict[int, set[date]] = {}
    for event in events:
        years.setdefault(event["date"].year, set()).add(event["date"])
    return {year: frozenset(days) for year, days in years.items()}


def covered_by_govuk(year: int) -> bool:
    """Whether the bundled GOV.UK list has this year (otherwise ``holidays`` computes it)."""
    years = _govuk_by_year()
    # The first and last years of the copy are whole years: GOV.UK publishes by year.
    return year in years


@cache
def bank_holidays(year: int) -> frozenset[date]:
    """England and Wales bank holidays in ``year``, substitute days included."""
    govuk = _govuk_by_year()
    if year in govuk:
        return govuk[year]
    import holidays as holidays_lib

    # The library lists both the weekend date and its "(observed)" weekday substitute; the
    # weekend date is not a working day anyway, so keeping it changes nothing.
    return frozenset(holidays_lib.UK(subdiv="ENG", years=year).keys())


def is_working_day(day: date) -> bool:
    """A weekday that is not a bank holiday in England and Wales."""
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def is_election_working_day(day: date) -> bool:
    """A working day as election law counts it: Christmas Eve is disregarded too."""
    return is_working_day(day) and (day.month, day.day) != (12, 24)


def _step(day: date, count: int, working: Callable[[date], bool]) -> date:
    step = timedelta(days=1 if count > 0 else -1)
    remaining = abs(count)
    current = day
    while remaining:
        current += step
        if working(current):
            remaining -= 1
    return current


def add_working_days(day: date, count: int) -> date:
    """The ``count``-th working day after ``day`` (``day`` itself is not counted).

    ``count`` may be negative (the ``-count``-th working day before ``day``); with 0 the
    day itself is returned, working day or not.
    """
    return _step(day, count, is_working_day)


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end``; negative when ``end`` is earlier.

    The inverse of ``add_working_days``: ``working_days_between(d, add_working_days(d, n)) == n``.
    A deadline's "working days left" is ``working_days_between(today, deadline)``.
    """
    if end == start:
        return 0
    if end < start:
        return -working_days_between(end, start)
    count = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if is_working_day(current):
            count += 1
    return count


def easter_sunday(year: int) -> date:
    """Easter Day in the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month = (h + leap - 7 * m + 114) // 31
    day = (h + leap - 7 * m + 114) % 31 + 1
    return date(year, month, day)


def working_days_before(day: date, count: int) -> date:
    """The ``count``-th election working day before ``day`` (``day`` itself is not counted)."""
    if count < 1:
        raise ValueError("count must be at least 1")
    return _step(day, -count, is_election_working_day)


def pre_election_start(polling_day: date) -> date:
    """The last day the notice of election may be published: the period starts then at latest."""
    return working_days_before(polling_day, NOTICE_WORKING_DAYS)
