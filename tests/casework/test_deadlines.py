from datetime import date

import pytest

from councilguard.casework.deadlines import (
    add_working_days,
    current_deadline,
    due_for_deletion,
    retention_ends,
    working_days_between,
)


def test_five_working_days_from_a_thursday_skip_the_weekend():
    assert add_working_days(date(2026, 3, 5), 5) == date(2026, 3, 12)


def test_working_days_skip_easter_and_the_christmas_holidays():
    # Maundy Thursday 2026 is 2 April: Good Friday and Easter Monday do not count.
    assert add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)
    # 23 December 2026 (Wednesday): Christmas Eve, Christmas Day, Boxing Day (substitute Monday 28th) do not count.
    assert add_working_days(date(2026, 12, 23), 1) == date(2026, 12, 29)


def test_working_days_between_counts_both_ways():
    assert working_days_between(date(2026, 3, 6), date(2026, 3, 9)) == 1
    assert working_days_between(date(2026, 3, 9), date(2026, 3, 6)) == -1
    assert working_days_between(date(2026, 3, 9), date(2026, 3, 9)) == 0


def test_a_received_complaint_must_be_acknowledged_within_the_configured_days():
    deadline = current_deadline(received_on=date(2026, 3, 2), acknowledged_on=None, assessed_on=None,
                                decided_on=None, days={"acknowledge": 3})  # fmt: skip
    assert deadline.stage == "acknowledge" and deadline.due_on == date(2026, 3, 5)


def test_each_stage_counts_from_the_end_of_the_one_before():
    deadline = current_deadline(received_on=date(2026, 3, 2), acknowledged_on=date(2026, 3, 3),
                                assessed_on=None, decided_on=None)  # fmt: skip
    assert deadline.stage == "assess" and deadline.due_on == add_working_days(date(2026, 3, 3), 20)
    deadline = current_deadline(received_on=date(2026, 3, 2), acknowledged_on=date(2026, 3, 3),
                                assessed_on=date(2026, 3, 10), decided_on=None)  # fmt: skip
    assert deadline.stage == "decide" and deadline.due_on == add_working_days(date(2026, 3, 10), 60)


def test_a_decided_complaint_has_no_deadline():
    assert current_deadline(received_on=date(2026, 3, 2), acknowledged_on=date(2026, 3, 3),
                            assessed_on=date(2026, 3, 4), decided_on=date(2026, 3, 5)) is None  # fmt: skip


def test_a_reminder_is_due_near_the_deadline_and_every_day_after_it():
    deadline = current_deadline(received_on=date(2026, 3, 2), acknowledged_on=None, assessed_on=None, decided_on=None)
    assert deadline.due_on == date(2026, 3, 9)
    assert not deadline.reminder_due(date(2026, 3, 3), warn_days=2)
    assert deadline.reminder_due(date(2026, 3, 5), warn_days=2)
    assert deadline.reminder_due(date(2026, 3, 20), warn_days=0) and deadline.overdue(date(2026, 3, 20))


def test_a_closed_case_is_deleted_only_after_its_retention_period():
    assert retention_ends(date(2020, 1, 1), 365) == date(2020, 12, 31)
    assert not due_for_deletion(date(2020, 1, 1), date(2020, 12, 30), 365)
    assert due_for_deletion(date(2020, 1, 1), date(2020, 12, 31), 365)
    assert not due_for_deletion(None, date(2030, 1, 1), 1)


def test_a_retention_period_of_nothing_is_refused():
    with pytest.raises(ValueError):
        retention_ends(date(2020, 1, 1), 0)
