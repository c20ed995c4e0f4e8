"""Elections by area, and whom a pre-election period concerns.

An election names its kind and its area: the ordinary borough elections, a Greater London
Authority or UK Parliament poll, cover the whole borough; a by-election covers one ward.
Its pre-election period runs from the notice of election to polling day. The notice date
is the one Members' Services records; left empty, it is the statutory deadline, from
``uk-election-timetables`` (Democracy Club's rules and bundled bank holidays) where it
covers the kind and the year, and from the register's own working-day count otherwise.

The period concerns the councillors of its area: a borough-wide election every councillor,
a ward by-election only that ward's. The council's own channels (its corporate accounts)
are restricted during any election in the borough.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

from councilguard.web.register.workdays import pre_election_start

BOROUGH = "borough"
BY_ELECTION = "by_election"
GLA = "gla"
PARLIAMENTARY = "parliamentary"
KINDS = {
    BOROUGH: "Borough council elections",
    BY_ELECTION: "Ward by-election",
    GLA: "Greater London Authority elections",
    PARLIAMENTARY: "UK Parliament general election",
}
# uk-election-timetables' election id prefixes (Democracy Club's identifiers).
_ELECTION_ID = {BOROUGH: "local.havering", BY_ELECTION: "local.havering.ward.by", GLA: "gla.a", PARLIAMENTARY: "parl"}


@dataclass(frozen=True)
class ElectionArea:
    """An election as the rule sees it: its kind, its ward (by-elections only), its days."""

    kind: str
    polling_day: date
    ward: object | None = None
    notice: date | None = None

    @property
    def whole_borough(self) -> bool:
        return self.kind != BY_ELECTION

    @property
    def period_starts(self) -> date:
        return self.notice or notice_of_election(self.kind, self.polling_day)

    def covers(self, day: date) -> bool:
        return self.period_starts <= day <= self.polling_day


@cache
def _timetable_years() -> tuple[int, int]:
    """The years whose bank holidays uk-election-timetables knows (its bundled calendar)."""
    try:
        data = json.loads(resources.files("uk_election_timetables").joinpath("bank-holidays.json").read_text())
    except (ModuleNotFoundError, FileNotFoundError):
        return (0, -1)
    days = [event["date"] for event in data["england-and-wales"]["events"]]
    return int(min(days)[:4]), int(max(days)[:4])


def notice_of_election(kind: str, polling_day: date) -> date:
    """The last day the notice of election may be published for ``kind`` on ``polling_day``."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind of election: {kind}")
    first, last = _timetable_years()
    if first <= polling_day.year <= last:
        from uk_election_timetables.calendars import Country
        from uk_election_timetables.election_ids import from_election_id

        election = from_election_id(f"{_ELECTION_ID[kind]}.{polling_day:%Y-%m-%d}", country=Country.ENGLAND)
        notice = getattr(election, "notice_of_election_deadline", None)
        if notice is None:  # kinds whose timetable names the event differently
            notice = next(e["date"] for e in election.timetable if e["event"] == "NOTICE_OF_ELECTION_DEADLINE")
        return notice
    return pre_election_start(polling_day)


def pre_election_applies(
    elections: list[ElectionArea], day: date, *, ward: object | None, council_channel: bool = False
) -> bool:
    """Whether a councillor of ``ward`` (None: no ward recorded) is in a pre-election
    period on ``day``; ``council_channel`` for the council's own corporate accounts."""
    for election in elections:
        if not election.covers(day):
            continue
        if election.whole_borough or council_channel:
            return True
        if ward is not None and election.ward == ward:
            return True
    return False
