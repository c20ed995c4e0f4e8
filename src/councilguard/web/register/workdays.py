"""Moved to ``councilguard.calendar.workdays``; kept so existing imports work.

Here ``is_working_day`` keeps the meaning it always had in this module, election law's
(Christmas Eve disregarded too): the pre-election period is the only thing that used it.
New code imports from ``councilguard.calendar.workdays``, whose ``is_working_day`` is the
ordinary one (weekdays that are not bank holidays in England and Wales).
"""

from councilguard.calendar.workdays import (
    NOTICE_WORKING_DAYS,
    add_working_days,
    bank_holidays,
    easter_sunday,
    pre_election_start,
    working_days_before,
    working_days_between,
)
from councilguard.calendar.workdays import is_election_working_day as is_working_day

__all__ = [
    "NOTICE_WORKING_DAYS",
    "add_working_days",
    "bank_holidays",
    "easter_sunday",
    "is_working_day",
    "pre_election_start",
    "working_days_before",
    "working_days_between",
]
