"""The Members' ICT Usage Protocol's duties for the ICT Service Desk, as plain rules.

- Equipment damaged, lost or stolen is reported at once; a theft is reported to the Police
  and the crime number passed to the Service Desk, so a theft cannot be closed without it
  (and a loss or damage has none: a crime number there is a mistake to correct).
- Replacement is paid by the member's home insurance or basic allowance; misuse may be
  charged (with the amount and the decision recorded).
- Equipment comes back on request for audit, upgrade, repair or maintenance, by a due date.
- When a member ceases to be a councillor everything is surrendered and their access to
  council systems is suspended and ended within ten working days.

Django records and workflows call these; they raise ``RuleError`` with a message the
page shows as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from councilguard.calendar.workdays import add_working_days, working_days_between

LEAVER_WORKING_DAYS = 10
# Return requests: the member is reminded this many working days before the due date, and
# the Service Desk is told when a return is this many working days overdue.
RETURN_REMINDER_WORKING_DAYS = 2
RETURN_ESCALATION_WORKING_DAYS = 5
# Leaver cases: the Service Desk is reminded when this many working days are left.
LEAVER_REMINDER_WORKING_DAYS = 3
# A theft still without its crime number after this many working days: the member is asked again.
CRIME_NUMBER_CHASE_WORKING_DAYS = 1
# Audits due within this many working days are listed (and the Service Desk reminded).
AUDIT_NOTICE_WORKING_DAYS = 10


class RuleError(ValueError):
    """A request the protocol's rules refuse; ``field`` names the form field it concerns."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class AssetStatus(StrEnum):
    IN_STOCK = "in_stock"
    ISSUED = "issued"
    IN_REPAIR = "in_repair"
    LOST = "lost"
    STOLEN = "stolen"
    RETURNED = "returned"
    WRITTEN_OFF = "written_off"


ASSET_STATUS_LABELS = {
    AssetStatus.IN_STOCK: "In stock",
    AssetStatus.ISSUED: "Issued",
    AssetStatus.IN_REPAIR: "In repair",
    AssetStatus.LOST: "Lost",
    AssetStatus.STOLEN: "Stolen",
    AssetStatus.RETURNED: "Returned",
    AssetStatus.WRITTEN_OFF: "Written off",
}
# Statuses a device can be issued from, and statuses in which a member still holds it.
ISSUABLE = frozenset({AssetStatus.IN_STOCK, AssetStatus.RETURNED})
HELD = frozenset({AssetStatus.ISSUED, AssetStatus.IN_REPAIR})
GONE = frozenset({AssetStatus.LOST, AssetStatus.STOLEN, AssetStatus.WRITTEN_OFF})


class IncidentKind(StrEnum):
    DAMAGE = "damage"
    LOSS = "loss"
    THEFT = "theft"


class Outcome(StrEnum):
    REPAIRED = "repaired"
    REPLACED_INSURANCE = "replaced_insurance"
    REPLACED_ALLOWANCE = "replaced_allowance"
    CHARGED_MISUSE = "charged_misuse"
    WRITTEN_OFF = "written_off"
    RECOVERED = "recovered"


OUTCOME_LABELS = {
    Outcome.REPAIRED: "Repaired",
    Outcome.REPLACED_INSURANCE: "Replaced under the member's home insurance",
    Outcome.REPLACED_ALLOWANCE: "Replaced from the member's basic allowance",
    Outcome.CHARGED_MISUSE: "Charged for misuse",
    Outcome.WRITTEN_OFF: "Written off",
    Outcome.RECOVERED: "Found or recovered",
}

_REPORTED_STATUS = {
    IncidentKind.DAMAGE: AssetStatus.IN_REPAIR,
    IncidentKind.LOSS: AssetStatus.LOST,
    IncidentKind.THEFT: AssetStatus.STOLEN,
}


def check_can_report(status: AssetStatus, has_open_incident: bool) -> None:
    """A device already lost, stolen or written off, or with an open report, takes no new one."""
    if status == AssetStatus.STOLEN:
        raise RuleError("This device is already reported stolen", "asset")
    if status == AssetStatus.LOST:
        raise RuleError("This device is already reported lost", "asset")
    if status == AssetStatus.WRITTEN_OFF:
        raise RuleError("This device has been written off", "asset")
    if has_open_incident:
        raise RuleError("This device already has an open report: the Service Desk is dealing with it", "asset")


def status_after_report(kind: IncidentKind) -> AssetStatus:
    return _REPORTED_STATUS[IncidentKind(kind)]


def check_crime_number(kind: IncidentKind, crime_number: str) -> None:
    if crime_number and IncidentKind(kind) != IncidentKind.THEFT:
        raise RuleError(
            "Only a theft has a police crime number: remove it, or report the device stolen", "crime_number"
        )


def check_close(
    kind: IncidentKind,
    outcome: Outcome | str | None,
    crime_number: str,
    charge_amount: Decimal | None = None,
    decision: str = "",
) -> None:
    """Whether an incident may be closed with this outcome; raises RuleError if not."""
    kind = IncidentKind(kind)
    if not outcome:
        raise RuleError("Select the outcome", "outcome")
    outcome = Outcome(outcome)
    check_crime_number(kind, crime_number)
    if kind == IncidentKind.THEFT and not crime_number.strip():
        raise RuleError("Enter the police crime number: a theft cannot be closed without it", "crime_number")
    if outcome == Outcome.REPAIRED and kind != IncidentKind.DAMAGE:
        raise RuleError("Only a damaged device can be repaired: select another outcome", "outcome")
    if outcome == Outcome.CHARGED_MISUSE:
        if charge_amount is None or charge_amount <= 0:
            raise RuleError("Enter the amount charged for misuse, in pounds", "charge_amount")
        if not decision.strip():
            raise RuleError("Enter the decision to charge for misuse: who decided, and why", "decision")
    elif charge_amount:
        raise RuleError(
            "An amount is charged only for misuse: remove it, or select charged for misuse", "charge_amount"
        )


def status_after_outcome(kind: IncidentKind, outcome: Outcome | str) -> AssetStatus:
    """Where the device stands once the incident is closed."""
    kind, outcome = IncidentKind(kind), Outcome(outcome)
    if outcome in (Outcome.REPAIRED, Outcome.RECOVERED):
        return AssetStatus.ISSUED
    if outcome == Outcome.WRITTEN_OFF or kind == IncidentKind.DAMAGE:
        # A damaged device replaced (or charged for) is not repaired: it leaves the register.
        return AssetStatus.WRITTEN_OFF
    return _REPORTED_STATUS[kind]  # a lost or stolen device stays lost or stolen


def check_return_dates(requested_on: date, due_on: date) -> None:
    if due_on < requested_on:
        raise RuleError("The return date must be on or after the date of the request", "due_on")


def check_returned_on(requested_on: date, returned_on: date, today: date) -> None:
    if returned_on < requested_on:
        raise RuleError("The date returned must be on or after the date of the request", "returned_on")
    if returned_on > today:
        raise RuleError("The date returned must be today or in the past", "returned_on")


def leaver_deadline(term_ends: date) -> date:
    """Everything surrendered and access ended within ten working days of the term's end."""
    return add_working_days(term_ends, LEAVER_WORKING_DAYS)


@dataclass(frozen=True)
class DeadlineState:
    due: date
    days_left: int  # working days; negative when overdue
    overdue: bool
    label: str

    @property
    def colour(self) -> str:
        """A GOV.UK tag colour: red when overdue, orange when due within 3 working days."""
        if self.overdue:
            return "red"
        return "orange" if self.days_left <= 3 else "blue"


def deadline_state(due: date, today: date) -> DeadlineState:
    left = working_days_between(today, due)
    if today > due:
        late = max(1, -left)
        return DeadlineState(due, -late, True, f"Overdue by {late} working day{'s' if late != 1 else ''}")
    if left == 0:
        return DeadlineState(due, 0, False, "Due today")
    return DeadlineState(due, left, False, f"{left} working day{'s' if left != 1 else ''} left")


def return_notices(due: date, today: date) -> list[str]:
    """The notices an open return request has earned by ``today`` (the command sends each once)."""
    left = working_days_between(today, due)
    stages = []
    if left <= RETURN_REMINDER_WORKING_DAYS:
        stages.append("reminder")
    if today > due:
        stages.append("overdue")
        if -left >= RETURN_ESCALATION_WORKING_DAYS:
            stages.append("escalation")
    return stages


def leaver_notices(deadline: date, today: date) -> list[str]:
    left = working_days_between(today, deadline)
    stages = []
    if left <= LEAVER_REMINDER_WORKING_DAYS:
        stages.append("reminder")
    if today > deadline:
        stages.append("escalation")
    return stages


def leaver_blockers(unaccounted_devices: list[str], open_accounts: list[str]) -> list[str]:
    """Why a leaver case cannot close yet (empty when it can)."""
    blockers = [f"{name} is not accounted for" for name in unaccounted_devices]
    blockers += [f"{name} has not been ended" for name in open_accounts]
    return blockers


def looks_like_sender(value: str) -> str:
    """A sender address or a domain, normalised; raises RuleError for anything else."""
    text = value.strip().lower()
    if text.startswith("@"):
        text = text[1:]
    local, at, domain = text.rpartition("@")
    if at and not local:
        raise RuleError("Enter a full e-mail address, like name@example.com, or a domain, like example.com", "sender")
    labels = domain.split(".")
    if (
        not domain
        or " " in text
        or len(labels) < 2
        or not all(labels)
        or not all(ch.isalnum() or ch in "-." for ch in domain)
        or (at and any(ch.isspace() for ch in local))
    ):
        raise RuleError("Enter a full e-mail address, like name@example.com, or a domain, like example.com", "sender")
    return text
