"""The register's side of the committee rules: it reads a meeting's records and hands them
to ``councilguard.committees`` (plain Python), which says what is wrong."""

from __future__ import annotations

from django.db.models import Q

from councilguard.committees import AttendanceLine, attendance_problems

from .models import Attendance, CommitteeMembership, Meeting, Member


def committee_members(meeting: Meeting) -> dict[int, str | None]:
    """The committee's members on the meeting's day, with their groups."""
    day = meeting.start.date()
    memberships = CommitteeMembership.objects.filter(committee=meeting.committee).filter(
        Q(since__isnull=True) | Q(since__lte=day), Q(until__isnull=True) | Q(until__gte=day)
    )
    return {
        m.member_id: (m.member.group.name if m.member.group_id else None)
        for m in memberships.select_related("member__group")
    }


def problems_with(meeting: Meeting, line: AttendanceLine, replacing: int | None = None) -> list[str]:
    """What would be wrong with the meeting's attendance once ``line`` is recorded
    (``replacing``: the pk of the attendance record it changes)."""
    others = meeting.attendance.exclude(pk=replacing) if replacing else meeting.attendance.all()
    others = [o for o in others if o.member_id != line.member]
    lines = [AttendanceLine(o.member_id, o.status, o.substitute_for_id) for o in others] + [line]
    ids = {x.member for x in lines} | {x.substitute_for for x in lines if x.substitute_for}
    people = Member.objects.filter(pk__in=ids).select_related("group")
    groups = {m.pk: (m.group.name if m.group_id else None) for m in people}
    names = {m.pk: f"Councillor {m.full_name}" for m in people}
    found = attendance_problems(lines, committee_members(meeting), groups, names)
    # Only the problems this line causes: the others were there before and are shown on the meeting's page.
    mine = {names.get(line.member, ""), names.get(line.substitute_for, "")} - {""}
    return [p for p in found if any(n in p for n in mine)]


def status_of(meeting: Meeting, member_id: int) -> str | None:
    record = Attendance.objects.filter(meeting=meeting, member_id=member_id).first()
    return record.status if record else None
