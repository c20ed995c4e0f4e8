"""The register as Popolo JSON (https://www.popoloproject.com): people, organizations (the
council, its political groups and committees), memberships, events (meetings), motions,
vote events and votes. Only published meetings (and their votes) are included.

Popolo has no substitutes; this document adds, as a documented extension:
- on an event: ``attendance``, a list of ``{"person_id", "status", "substitute_for"}``
  (status present, substitute, apologies or absent; substitute_for a person id or null);
- on a vote: ``substitute_for`` (the person id the voter replaced, or absent).
"""

from __future__ import annotations

from typing import Any

from .models import Attendance, CommitteeMembership, Meeting, Member, PoliticalGroup, Vote

COUNCIL = "council"
EXTENSION = "https://councilguard.example/popolo-substitutes (substitutes: see councilguard/web/register/open_data.py)"
_OPTION = {"for": "yes", "against": "no", "abstain": "abstain", "did_not_vote": "not voting"}


def _person(pk: int | None) -> str | None:
    return f"person-{pk}" if pk else None


def popolo() -> dict[str, Any]:
    people = Member.objects.select_related("group", "ward")
    groups = PoliticalGroup.objects.all()
    meetings = Meeting.objects.filter(published_at__isnull=False).select_related("committee")
    committees = {m.committee for m in meetings} | {
        cm.committee for cm in CommitteeMembership.objects.select_related("committee")
    }
    organizations = [{"id": COUNCIL, "name": "London Borough of Havering", "classification": "council"}]
    organizations += [{"id": f"group-{g.pk}", "name": g.name, "classification": "party"} for g in groups]
    organizations += [
        {"id": f"committee-{c.pk}", "name": c.name, "classification": "committee", "parent_id": COUNCIL}
        for c in sorted(committees, key=lambda c: c.name)
    ]
    memberships = []
    for p in people:
        memberships.append({"person_id": _person(p.pk), "organization_id": COUNCIL, "role": "Councillor",
                            **({"area_id": f"ward-{p.ward_id}"} if p.ward_id else {})})  # fmt: skip
        if p.group_id:
            memberships.append({"person_id": _person(p.pk), "organization_id": f"group-{p.group_id}", "role": "member"})
    for cm in CommitteeMembership.objects.select_related("committee"):
        row = {"person_id": _person(cm.member_id), "organization_id": f"committee-{cm.committee_id}",
               "role": cm.get_position_display()}  # fmt: skip
        if cm.since:
            row["start_date"] = cm.since.isoformat()
        if cm.until:
            row["end_date"] = cm.until.isoformat()
        memberships.append(row)
    events, motions, vote_events = [], [], []
    for meeting in meetings:
        events.append({
            "id": f"meeting-{meeting.pk}",
            "name": str(meeting),
            "classification": "committee-meeting",
            "organization_id": f"committee-{meeting.committee_id}",
            "start_date": meeting.start.isoformat(),
            "end_date": meeting.end.isoformat(),
            "location": meeting.venue,
            "attendance": [
                {"person_id": _person(a.member_id), "status": a.status, "substitute_for": _person(a.substitute_for_id)}
                for a in Attendance.objects.filter(meeting=meeting)
            ],
        })  # fmt: skip
        for vote in Vote.objects.filter(meeting=meeting).select_related("item").prefetch_related("member_votes"):
            tally = vote.tally
            motions.append({
                "id": f"motion-{vote.pk}",
                "organization_id": f"committee-{meeting.committee_id}",
                "legislative_session_id": f"meeting-{meeting.pk}",
                "text": vote.motion,
                "classification": f"item {vote.item.number}: {vote.item.title}",
                "result": "pass" if tally.carried else "fail",
            })  # fmt: skip
            event = {
                "id": f"vote-{vote.pk}",
                "motion_id": f"motion-{vote.pk}",
                "organization_id": f"committee-{meeting.committee_id}",
                "legislative_session_id": f"meeting-{meeting.pk}",
                "start_date": meeting.start.isoformat(),
                "result": "pass" if tally.carried else "fail",
                "counts": [
                    {"option": "yes", "value": tally.votes_for},
                    {"option": "no", "value": tally.votes_against},
                    {"option": "abstain", "value": tally.abstentions},
                ],
            }
            if vote.recorded:
                event["votes"] = [
                    {"voter_id": _person(v.member_id), "option": _OPTION[v.option],
                     **({"substitute_for": _person(v.on_behalf_of_id)} if v.on_behalf_of_id else {})}
                    for v in vote.member_votes.all()
                ]  # fmt: skip
            vote_events.append(event)
    return {
        "extensions": {"substitute_for": EXTENSION, "attendance": EXTENSION},
        "persons": [{"id": _person(p.pk), "name": p.full_name} for p in people],
        "organizations": organizations,
        "memberships": memberships,
        "areas": [{"id": f"ward-{w}", "name": n} for w, n in {(p.ward_id, p.ward.name) for p in people if p.ward_id}],
        "events": events,
        "motions": motions,
        "vote_events": vote_events,
    }
