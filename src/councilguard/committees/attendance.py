"""Attendance at a committee meeting, substitutes, and who may declare an interest.

A committee's rules on substitutes, as Havering's constitution and the seed's minutes
apply them: a member of the committee who sends apologies may be replaced by a councillor
of the same political group who is not already a member of that committee; a substitute
replaces one member, and a member is replaced by one substitute at most. A member who is
present (or substituting) cannot also be replaced.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

PRESENT = "present"
SUBSTITUTE = "substitute"
APOLOGIES = "apologies"
ABSENT = "absent"
STATUSES = (PRESENT, SUBSTITUTE, APOLOGIES, ABSENT)
ATTENDING = frozenset({PRESENT, SUBSTITUTE})


@dataclass(frozen=True)
class AttendanceLine:
    """One line of a meeting's attendance: ``member`` (any hashable id), their status, and
    for a substitute the member they attend in place of."""

    member: object
    status: str
    substitute_for: object | None = None


def attendance_problems(
    lines: Iterable[AttendanceLine],
    committee_members: Mapping[Any, str | None],
    groups: Mapping[Any, str | None],
    names: Mapping[Any, str] | None = None,
) -> list[str]:
    """What is wrong with a meeting's attendance; empty when it is valid.

    ``committee_members`` maps each member of the committee on the meeting's day to their
    group; ``groups`` maps any councillor to their group (None when not recorded);
    ``names`` gives the names the messages use.
    """
    lines = list(lines)
    names = names or {}

    def name(member: object) -> str:
        return str(names.get(member, member))

    problems: list[str] = []
    status_of = {line.member: line.status for line in lines}
    for member, count in Counter(line.member for line in lines).items():
        if count > 1:
            problems.append(f"{name(member)} is listed more than once: record each member once")
    replaced = Counter(line.substitute_for for line in lines if line.substitute_for is not None)
    for line in lines:
        who = name(line.member)
        if line.status not in STATUSES:
            problems.append(f"{who}: choose present, substitute, apologies or absent")
            continue
        if line.status != SUBSTITUTE:
            if line.substitute_for is not None:
                problems.append(f"{who} is not recorded as a substitute, so cannot be in place of anyone")
            elif line.member not in committee_members:
                problems.append(
                    f"{who} does not sit on this committee: record them as a substitute for a member, or not at all"
                )
            continue
        absent = line.substitute_for
        if absent is None:
            problems.append(f"Select the member {who} substituted for")
            continue
        if absent == line.member:
            problems.append(f"{who} cannot substitute for themselves")
            continue
        if line.member in committee_members:
            problems.append(f"{who} already sits on this committee, so cannot be a substitute on it")
        if absent not in committee_members:
            problems.append(f"{name(absent)} does not sit on this committee, so cannot be substituted")
        elif status_of.get(absent) in ATTENDING:
            problems.append(f"{name(absent)} is present, so cannot be substituted")
        own, theirs = groups.get(line.member), committee_members.get(absent) or groups.get(absent)
        if own and theirs and own != theirs:
            problems.append(
                f"{who} ({own}) cannot substitute for {name(absent)} ({theirs}): choose a member of the same group"
            )
        if replaced[absent] > 1:
            problems.append(f"{name(absent)} has more than one substitute: a member is replaced by one substitute")
    return list(dict.fromkeys(problems))


DECLARATION_KINDS = {
    "pecuniary": "Disclosable pecuniary interest",
    "registrable": "Other registrable interest",
    "non_registrable": "Non-registrable interest",
}


def declaration_problems(member: object, kind: str, status: str | None, name: str | None = None) -> list[str]:
    """A declaration is made by a member at the meeting (present or substituting)."""
    who = name or str(member)
    problems = []
    if kind not in DECLARATION_KINDS:
        problems.append("Select the kind of interest")
    if status not in ATTENDING:
        reason = (
            "sent apologies"
            if status == APOLOGIES
            else ("was absent" if status == ABSENT else "is not recorded as present")
        )
        problems.append(f"{who} {reason}, so cannot declare an interest at this meeting")
    return problems
