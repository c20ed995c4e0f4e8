"""The working-day calendar: bank holidays from the bundled GOV.UK list and ``holidays``."""

from __future__ import annotations

import socket
from datetime import date

import holidays
import pytest

from councilguard.calendar import workdays
from councilguard.calendar.workdays import (
    add_working_days,
    bank_holidays,
    covered_by_govuk,
    is_election_working_day,
    is_working_day,
    pre_election_start,
    working_days_between,
)


class TestChristmasAndNewYear:
    def test_christmas_day_boxing_day_and_new_years_day_are_not_working_days(self):
        assert not is_working_day(date(2025, 12, 25))
        assert not is_working_day(date(2025, 12, 26))
        assert not is_working_day(date(2026, 1, 1))

    def test_christmas_eve_and_the_days_between_christmas_and_new_year_are_working_days(self):
        assert is_working_day(date(2025, 12, 24))
        assert is_working_day(date(2025, 12, 29))
        assert is_working_day(date(2025, 12, 31))

    def test_ten_working_days_from_friday_19_december_2025_end_on_wednesday_7_january(self):
        # 22, 23, 24, 29, 30, 31 December, 2, 5, 6, 7 January: 25, 26 Dec and 1 Jan skipped.
        assert add_working_days(date(2025, 12, 19), 10) == date(2026, 1, 7)


class TestEaster:
    def test_good_friday_and_easter_monday_are_not_working_days(self):
        assert not is_working_day(date(2026, 4, 3))
        assert not is_working_day(date(2026, 4, 6))
        assert is_working_day(date(2026, 4, 7))

    def test_ten_working_days_from_maundy_thursday_2026_end_on_monday_20_april(self):
        assert add_working_days(date(2026, 4, 2), 10) == date(2026, 4, 20)

    def test_easter_falls_on_the_known_dates(self):
        assert workdays.easter_sunday(2026) == date(2026, 4, 5)
        assert workdays.easter_sunday(2030) == date(2030, 4, 21)


class TestSubstituteDays:
    def test_boxing_day_on_a_saturday_moves_to_the_monday(self):
        # 26 December 2026 is a Saturday: Monday 28 December is the bank holiday.
        assert date(2026, 12, 28) in bank_holidays(2026)
        assert not is_working_day(date(2026, 12, 28))

    def test_christmas_and_boxing_day_on_a_weekend_move_to_monday_and_tuesday(self):
        # 2027: Christmas is a Saturday, Boxing Day a Sunday.
        assert not is_working_day(date(2027, 12, 27))
        assert not is_working_day(date(2027, 12, 28))
        assert is_working_day(date(2027, 12, 29))

    def test_one_off_bank_holidays_the_government_proclaimed_are_counted(self):
        assert not is_working_day(date(2022, 9, 19))  # the State Funeral of Queen Elizabeth II
        assert not is_working_day(date(2023, 5, 8))  # the Coronation
        assert is_working_day(date(2022, 5, 30))  # the spring holiday moved to 2 June that year


class TestAYearEnd:
    def test_a_deadline_from_23_december_2026_runs_into_january_2027(self):
        # 24, 29, 30, 31 December, 4, 5, 6, 7, 8, 11 January: 25 and 28 December (Boxing
        # Day's substitute) and 1 January skipped.
        assert add_working_days(date(2026, 12, 23), 10) == date(2027, 1, 11)

    def test_working_days_between_counts_across_the_year_end(self):
        assert working_days_between(date(2026, 12, 23), date(2027, 1, 11)) == 10
        assert working_days_between(date(2027, 1, 11), date(2026, 12, 23)) == -10

    def test_years_past_the_bundled_list_are_computed_by_holidays(self):
        last = max(workdays._govuk_by_year())
        later = last + 4
        assert not covered_by_govuk(later)
        assert bank_holidays(later) == frozenset(holidays.UK(subdiv="ENG", years=later))
        # 2032: Christmas on a Saturday, so the Monday and Tuesday after are bank holidays.
        assert {date(2032, 12, 27), date(2032, 12, 28)} <= bank_holidays(2032)
        assert add_working_days(date(2032, 12, 24), 1) == date(2032, 12, 29)


class TestTheApi:
    def test_adding_no_working_days_gives_the_day_itself(self):
        assert add_working_days(date(2026, 4, 4), 0) == date(2026, 4, 4)

    def test_a_negative_count_goes_backwards(self):
        assert add_working_days(date(2026, 4, 7), -1) == date(2026, 4, 2)

    def test_working_days_between_is_the_inverse_of_add_working_days(self):
        start = date(2025, 12, 19)
        for n in range(0, 30):
            assert working_days_between(start, add_working_days(start, n)) == n

    def test_the_bundled_list_agrees_with_holidays_for_the_years_both_cover(self):
        for year in (2025, 2026, 2027, 2028):
            assert covered_by_govuk(year)
            computed = {d for d in holidays.UK(subdiv="ENG", years=year) if d.weekday() < 5}
            assert bank_holidays(year) == computed, year


class TestElectionLaw:
    def test_election_law_also_disregards_christmas_eve(self):
        assert is_working_day(date(2025, 12, 24))
        assert not is_election_working_day(date(2025, 12, 24))

    def test_the_notice_of_the_2026_borough_elections_is_due_by_30_march(self):
        assert pre_election_start(date(2026, 5, 7)) == date(2026, 3, 30)

    def test_the_old_register_path_keeps_working_with_its_old_meaning(self):
        from councilguard.web.register import workdays as old

        assert old.pre_election_start is pre_election_start
        assert not old.is_working_day(date(2025, 12, 24))


def test_the_calendar_never_reaches_the_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the working-day calendar tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    import requests

    monkeypatch.setattr(requests, "get", refuse)
    workdays._govuk_by_year.cache_clear()
    workdays.bank_holidays.cache_clear()
    try:
        assert add_working_days(date(2025, 12, 19), 10) == date(2026, 1, 7)
        assert bank_holidays(2040)  # computed by holidays
    finally:
        workdays._govuk_by_year.cache_clear()
        workdays.bank_holidays.cache_clear()


def test_a_count_below_one_for_the_election_count_is_refused():
    with pytest.raises(ValueError):
        workdays.working_days_before(date(2026, 5, 7), 0)
