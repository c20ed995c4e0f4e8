"""The Service Desk's rules, without Django."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from councilguard.servicedesk.rules import (
    AssetStatus,
    IncidentKind,
    Outcome,
    RuleError,
    check_can_report,
    check_close,
    check_crime_number,
    check_return_dates,
    check_returned_on,
    deadline_state,
    leaver_blockers,
    leaver_deadline,
    leaver_notices,
    looks_like_sender,
    return_notices,
    status_after_outcome,
    status_after_report,
)


def test_a_theft_cannot_be_closed_without_a_crime_number():
    with pytest.raises(RuleError, match="crime number") as error:
        check_close(IncidentKind.THEFT, Outcome.REPLACED_INSURANCE, "  ")
    assert error.value.field == "crime_number"
    check_close(IncidentKind.THEFT, Outcome.REPLACED_INSURANCE, "CAD1234/26")


def test_a_crime_number_on_a_loss_is_refused():
    with pytest.raises(RuleError, match="Only a theft"):
        check_crime_number(IncidentKind.LOSS, "CAD1234/26")


def test_a_device_already_reported_stolen_takes_no_new_report():
    with pytest.raises(RuleError, match="already reported stolen"):
        check_can_report(AssetStatus.STOLEN, False)
    with pytest.raises(RuleError, match="open report"):
        check_can_report(AssetStatus.IN_REPAIR, True)
    check_can_report(AssetStatus.ISSUED, False)


def test_charging_for_misuse_needs_an_amount_and_a_decision():
    with pytest.raises(RuleError, match="amount"):
        check_close(IncidentKind.DAMAGE, Outcome.CHARGED_MISUSE, "", None, "Decided by the MO")
    with pytest.raises(RuleError, match="decision"):
        check_close(IncidentKind.DAMAGE, Outcome.CHARGED_MISUSE, "", Decimal("120.00"), "")
    check_close(IncidentKind.DAMAGE, Outcome.CHARGED_MISUSE, "", Decimal("120.00"), "Head of ICT, 3 March")


def test_an_amount_without_misuse_and_a_repair_of_a_lost_device_are_refused():
    with pytest.raises(RuleError, match="only for misuse"):
        check_close(IncidentKind.DAMAGE, Outcome.REPAIRED, "", Decimal("5"))
    with pytest.raises(RuleError, match="Only a damaged device"):
        check_close(IncidentKind.LOSS, Outcome.REPAIRED, "")
    with pytest.raises(RuleError, match="Select the outcome"):
        check_close(IncidentKind.LOSS, "", "")


def test_the_device_status_follows_the_report_and_the_outcome():
    assert status_after_report(IncidentKind.THEFT) == AssetStatus.STOLEN
    assert status_after_report(IncidentKind.LOSS) == AssetStatus.LOST
    assert status_after_report(IncidentKind.DAMAGE) == AssetStatus.IN_REPAIR
    assert status_after_outcome(IncidentKind.DAMAGE, Outcome.REPAIRED) == AssetStatus.ISSUED
    assert status_after_outcome(IncidentKind.DAMAGE, Outcome.REPLACED_ALLOWANCE) == AssetStatus.WRITTEN_OFF
    assert status_after_outcome(IncidentKind.THEFT, Outcome.REPLACED_INSURANCE) == AssetStatus.STOLEN
    assert status_after_outcome(IncidentKind.LOSS, Outcome.RECOVERED) == AssetStatus.ISSUED
    assert status_after_outcome(IncidentKind.LOSS, Outcome.WRITTEN_OFF) == AssetStatus.WRITTEN_OFF


def test_a_return_date_before_the_request_is_refused():
    with pytest.raises(RuleError, match="on or after"):
        check_return_dates(date(2026, 3, 10), date(2026, 3, 9))
    check_return_dates(date(2026, 3, 10), date(2026, 3, 10))
    with pytest.raises(RuleError, match="today or in the past"):
        check_returned_on(date(2026, 3, 10), date(2026, 3, 20), today=date(2026, 3, 12))


def test_a_leaver_has_ten_working_days_counting_bank_holidays():
    assert leaver_deadline(date(2025, 12, 19)) == date(2026, 1, 7)
    assert leaver_deadline(date(2026, 4, 2)) == date(2026, 4, 20)
    assert leaver_deadline(date(2026, 12, 23)) == date(2027, 1, 11)


def test_days_left_count_working_days_and_turn_red_when_overdue():
    state = deadline_state(date(2026, 1, 7), today=date(2025, 12, 31))
    assert (state.days_left, state.overdue, state.label, state.colour) == (4, False, "4 working days left", "blue")
    assert deadline_state(date(2026, 1, 7), today=date(2026, 1, 2)).colour == "orange"  # 3 left
    assert deadline_state(date(2026, 1, 7), date(2026, 1, 7)).label == "Due today"
    late = deadline_state(date(2026, 1, 7), date(2026, 1, 9))
    assert (late.overdue, late.label, late.colour) == (True, "Overdue by 2 working days", "red")
    # Overdue on a weekend after a Friday deadline still says overdue.
    assert deadline_state(date(2026, 1, 9), date(2026, 1, 10)).label == "Overdue by 1 working day"


def test_return_requests_earn_a_reminder_then_overdue_then_an_escalation():
    due = date(2026, 3, 13)  # a Friday
    assert return_notices(due, date(2026, 3, 10)) == []
    assert return_notices(due, date(2026, 3, 11)) == ["reminder"]
    assert return_notices(due, date(2026, 3, 16)) == ["reminder", "overdue"]
    assert return_notices(due, date(2026, 3, 20)) == ["reminder", "overdue", "escalation"]


def test_leaver_cases_earn_a_reminder_then_an_escalation():
    deadline = date(2026, 1, 7)
    assert leaver_notices(deadline, date(2025, 12, 22)) == []
    assert leaver_notices(deadline, date(2026, 1, 2)) == ["reminder"]
    assert leaver_notices(deadline, date(2026, 1, 8)) == ["reminder", "escalation"]


def test_a_leaver_case_lists_what_stops_it_closing():
    assert leaver_blockers([], []) == []
    assert leaver_blockers(["iPad HAV-0002"], ["Council e-mail"]) == [
        "iPad HAV-0002 is not accounted for",
        "Council e-mail has not been ended",
    ]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("Spam@Example.COM ", "spam@example.com"), ("@marketing.example.org", "marketing.example.org"),
     ("example.org", "example.org")],
)  # fmt: skip
def test_a_filter_takes_an_address_or_a_domain(typed, stored):
    assert looks_like_sender(typed) == stored


@pytest.mark.parametrize(
    "typed", ["", "not an address", "@", "name@", "localhost", "a b@example.com", "x@exa_mple.com"]
)
def test_a_filter_refuses_what_is_neither_an_address_nor_a_domain(typed):
    with pytest.raises(RuleError, match="full e-mail address"):
        looks_like_sender(typed)
