"""What the register tells the checker about a member at the moment a draft is sent.

``checker_context_for(member, sent_at, platform=..., account=...)`` returns Draft fields
(see shared/spec/checker-contract.md) to merge into the draft the member typed: the
committees they sit on, the meetings they are attending at ``sent_at``, the bio of the
account they post from, whether a pre-election period is on, their register id, and their
posts (as ``roles``, which the engine compares with the protocol's ``executive_roles``).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone

from councilguard.committees import pre_election_applies

from .models import Attendance, CommitteeMembership, Election, Meeting, Member

# A draft sent this long before a meeting starts, or after it ends, still counts as sent
# "at" the meeting: people post from the chamber as they sit down and as they leave.
MEETING_MARGIN = timedelta(minutes=15)


def committees_on(member: Member, day: datetime) -> list[str]:
    on = day.date()
    memberships = CommitteeMembership.objects.filter(member=member).filter(
        Q(since__isnull=True) | Q(since__lte=on), Q(until__isnull=True) | Q(until__gte=on)
    )
    return sorted({m.committee.name for m in memberships.select_related("committee")})


def meetings_attending(member: Member, at: datetime) -> list[Meeting]:
    """Meetings under way at ``at`` that the member is at.

    Where attendance is recorded it decides (present or substituting: yes; apologies: no);
    before it is recorded, a committee's members are expected at its meetings.
    """
    around = Meeting.objects.filter(start__lte=at + MEETING_MARGIN, end__gte=at - MEETING_MARGIN)
    attending = []
    for meeting in around.select_related("committee"):
        records = {a.member_id: a.status for a in Attendance.objects.filter(meeting=meeting)}
        status = records.get(member.pk)
        if status is not None:
            if status in (Attendance.Status.PRESENT, Attendance.Status.SUBSTITUTE):
                attending.append(meeting)
        elif not records and meeting.committee.name in committees_on(member, meeting.start):
            attending.append(meeting)
    return attending


def pre_election_on(day: datetime, member: Member | None = None) -> bool:
    """Whether ``day`` falls in a pre-election period that concerns ``member``: a borough-wide
    election concerns every councillor, a ward by-election only that ward's (None: any)."""
    on = day.date()
    elections = [e.rule for e in Election.objects.filter(polling_day__gte=on)]
    if member is None:
        return any(e.covers(on) for e in elections)
    return pre_election_applies(elections, on, ward=member.ward_id)


def bio_for(member: Member, platform: str | None, account: str | None) -> str:
    accounts = member.social_accounts.all()
    if platform:
        accounts = accounts.filter(platform=platform)
    if account:
        exact = accounts.filter(kind=account).first()
        if exact is not None:
            return exact.bio
    # With no exact match, a bio on the same platform still describes how the member
    # presents themselves there; with no platform given there is nothing to choose by.
    if platform:
        first = accounts.first()
        return first.bio if first else ""
    return ""


def checker_context_for(
    member: Member,
    sent_at: datetime | None = None,
    *,
    platform: str | None = None,
    account: str | None = None,
) -> dict[str, Any]:
    """Draft fields for a draft by ``member`` sent at ``sent_at`` (default: now)."""
    at = sent_at or timezone.now()
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    local = timezone.localtime(at)
    return {
        "author": member.register_id,
        "sent_at": at.isoformat(),
        "committees": committees_on(member, local),
        "meetings_attending": [
            {"name": m.committee.name, "start": m.start.isoformat(), "end": m.end.isoformat()}
            for m in meetings_attending(member, at)
        ],
        "bio": bio_for(member, platform, account),
        "pre_election": pre_election_on(local, member),
        "roles": [post.title for post in member.posts.all()],
    }
