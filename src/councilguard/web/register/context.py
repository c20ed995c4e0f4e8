"""What the register tells the checker about a member at the moment a draft is sent.

``checker_context_for(member, sent_at, platform=..., account=...)`` returns Draft fields
(see shared/spec/checker-contract.md) to merge into the draft the member typed: the
committees they sit on, the meetings they are attending at ``sent_at``, the bio of the
account they post from, whether a pre-election period is on, their register id, and their
posts (as ``roles``, which the engine compares with the protocol's ``executive_roles``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
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
    """Meetings under way at ``at`` that the member is at (see ``is_at_meeting``)."""
    around = Meeting.objects.filter(start__lte=at + MEETING_MARGIN, end__gte=at - MEETING_MARGIN)
    return [meeting for meeting in around.select_related("committee") if is_at_meeting(member, meeting)]


def is_at_meeting(member: Member, meeting: Meeting) -> bool:
    """Where attendance is recorded it decides (present or substituting: yes; apologies: no);
    before it is recorded, a committee's members are expected at its meetings."""
    records = {a.member_id: a.status for a in Attendance.objects.filter(meeting=meeting)}
    status = records.get(member.pk)
    if status is not None:
        return status in (Attendance.Status.PRESENT, Attendance.Status.SUBSTITUTE)
    return not records and meeting.committee.name in committees_on(member, meeting.start)


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


@dataclass(frozen=True)
class DayContext:
    """What the register says about a member for one local day: all of the context but
    the meetings under way, which are kept as the day's candidates and chosen by the time
    a draft is sent (``at``). Plain values only, so it can be kept in memory."""

    author: str
    committees: tuple[str, ...]
    # (committee name, start, end) of the day's meetings the member is expected at
    meetings: tuple[tuple[str, datetime, datetime], ...]
    # (platform, account kind, bio) in the register's order
    accounts: tuple[tuple[str, str, str], ...]
    pre_election: bool
    roles: tuple[str, ...]

    def bio(self, platform: str | None, account: str | None) -> str:
        # As bio_for: the exact account's bio, else (with a platform) the first on it.
        if not platform:
            return next((bio for _, kind, bio in self.accounts if kind == account), "") if account else ""
        on_platform = [(kind, bio) for p, kind, bio in self.accounts if p == platform]
        exact = next((bio for kind, bio in on_platform if kind == account), None) if account else None
        if exact is not None:
            return exact
        return on_platform[0][1] if on_platform else ""

    def fields_at(self, at: datetime, *, platform: str | None = None, account: str | None = None) -> dict[str, Any]:
        """Draft fields for a draft sent at ``at`` (aware, on this context's day)."""
        return {
            "author": self.author,
            "sent_at": at.isoformat(),
            "committees": list(self.committees),
            "meetings_attending": [
                {"name": name, "start": start.isoformat(), "end": end.isoformat()}
                for name, start, end in self.meetings
                if start <= at + MEETING_MARGIN and end >= at - MEETING_MARGIN
            ],
            "bio": self.bio(platform, account),
            "pre_election": self.pre_election,
            "roles": list(self.roles),
        }


def day_context(member: Member, day: date) -> DayContext:
    """The register's context for ``member`` on the local ``day`` (a handful of queries)."""
    zone = timezone.get_current_timezone()
    first = timezone.make_aware(datetime.combine(day, time.min), zone)
    last = timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min), zone)
    # Every meeting a draft sent this day could be "at"; fields_at chooses by the time.
    around = Meeting.objects.filter(start__lte=last + MEETING_MARGIN, end__gte=first - MEETING_MARGIN)
    candidates = [m for m in around.select_related("committee") if is_at_meeting(member, m)]
    noon = timezone.make_aware(datetime.combine(day, time(12)), zone)
    return DayContext(
        author=member.register_id,
        committees=tuple(committees_on(member, noon)),
        meetings=tuple((m.committee.name, m.start, m.end) for m in candidates),
        accounts=tuple((a.platform, a.kind, a.bio) for a in member.social_accounts.all()),
        pre_election=pre_election_on(noon, member),
        roles=tuple(post.title for post in member.posts.all()),
    )


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
    return day_context(member, timezone.localtime(at).date()).fields_at(at, platform=platform, account=account)
