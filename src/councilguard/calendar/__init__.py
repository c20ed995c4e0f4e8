"""Calendars CouncilGuard counts deadlines in (plain Python, no Django)."""

from .workdays import add_working_days, is_working_day, working_days_between

__all__ = ["add_working_days", "is_working_day", "working_days_between"]
