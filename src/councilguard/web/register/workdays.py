"""Working days as election law counts them, for the start of a pre-election period.

The notice of a local election is published no later than the 25th working day before
polling day (Local Elections (Principal Areas) (England and Wales) Rules 2006, rule 1 of
Schedule 1), and councils treat that notice as the start of the pre-election period. In
that count a Saturday, Sunday, Christmas Eve, Christmas Day, Good Friday and any bank
holiday in England and Wales are disregarded.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

NOTICE_WORKING_DAYS = 25

# Bank holidays moved or added by proclamation (the regular ones are computed below).
_ONE_OFF = {
    date(2012, 5, 28): date(2012, 6, 4),  # spring holiday moved for the Diamond Jubilee
    date(2020, 5, 4): date(2020, 5, 8),  # early May holiday moved to VE Day
    date(2022, 5, 30): date(2022, 6, 2),  # spring holiday moved for the Platinum Jubilee
}
_ADDED = {date(2012, 6, 5), date(2022, 6, 3), date(2022, 9, 19), date(2023, 5, 8)}


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


def _first_monday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(7 - first.weekday()) % 7)


def _last_monday(year: int, month: int) -> date:
    following = date(year + (month == 12), month % 12 + 1, 1)
    last = following - timedelta(days=1)
    return last - timedelta(days=last.weekday())


def _weekday_on_or_after(day: date, taken: set[date]) -> date:
    while day.weekday() >= 5 or day in taken:
        day += timedelta(days=1)
    return day


@cache
def bank_holidays(year: int) -> frozenset[date]:
    """England and Wales bank holidays, with weekend substitutes."""
    easter = easter_sunday(year)
    holidays: set[date] = set()
    holidays.add(_weekday_on_or_after(date(year, 1, 1), holidays))
    holidays.add(easter - timedelta(days=2))  # Good Friday
    holidays.add(easter + timedelta(days=1))  # Easter Monday
    holidays.add(_first_monday(year, 5))
    holidays.add(_last_monday(year, 5))
    holidays.add(_last_monday(year, 8))
    holidays.add(_weekday_on_or_after(date(year, 12, 25), holidays))
    holidays.add(_weekday_on_or_after(date(year, 12, 26), holidays))
    holidays = {_ONE_OFF.get(day, day) for day in holidays}
    holidays |= {day for day in _ADDED if day.year == year}
    return frozenset(holidays)


def is_working_day(day: date) -> bool:
    if day.weekday() >= 5:
        return False
    if (day.month, day.day) in ((12, 24), (12, 25)):
        return False
    return day not in bank_holidays(day.year)


def working_days_before(day: date, count: int) -> date:
    """The ``count``-th working day before ``day`` (``day`` itself is not counted)."""
    if count < 1:
        raise ValueError("count must be at least 1")
    current = day
    remaining = count
    while remaining:
        current -= timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def pre_election_start(polling_day: date) -> date:
    """The last day the notice of election may be published: the period starts then at latest."""
    return working_days_before(polling_day, NOTICE_WORKING_DAYS)
