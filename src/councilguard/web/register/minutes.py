"""A meeting's minutes, written from its records (never typed as a whole): the page, the
PDF (WeasyPrint) and the seed's acceptance test all read ``minutes_for(meeting)``."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from .models import AgendaItem, Attendance, Meeting


def _councillors(names: list[str]) -> str:
    """'Councillor A', 'Councillors A and B', 'Councillors A, B and C'."""
    if not names:
        return ""
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"Councillor{'s' if len(names) > 1 else ''} {joined}"


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


@dataclass
class MinuteItem:
    number: int | None
    title: str
    paragraphs: list[str] = field(default_factory=list)
    decisions: list[Any] = field(default_factory=list)
    votes: list[dict[str, Any]] = field(default_factory=list)
    declarations: list[Any] = field(default_factory=list)


def _time(moment: Any) -> str:
    local = timezone.localtime(moment)
    return f"{local:%I.%M}".lstrip("0") + (" am" if local.hour < 12 else " pm")


def _span(meeting: Meeting) -> str:
    start, end = _time(meeting.start), _time(meeting.end)
    if start[-2:] == end[-2:]:
        start = start[:-3]
    return f"{start} - {end}"


def minutes_for(meeting: Meeting) -> dict[str, Any]:
    attendance = list(meeting.attendance.select_related("member__group", "substitute_for"))
    attending = [a for a in attendance if a.status in (Attendance.Status.PRESENT, Attendance.Status.SUBSTITUTE)]

    def rank(record: Attendance) -> tuple:
        member = record.member_id
        order = (
            0
            if member == meeting.vice_chair_id
            else 1
            if member == meeting.chair_id
            else 3
            if record.substitute_for_id
            else 2
        )
        return (order, record.member.full_name.split()[-1], record.member.full_name)

    groups: dict[str, list[str]] = {}
    for record in sorted(attending, key=rank):
        name = record.member.full_name
        if record.member_id == meeting.chair_id:
            name += " (Chairman)"
        elif record.member_id == meeting.vice_chair_id:
            name += " (Vice-Chair)"
        groups.setdefault(record.member.group.name if record.member.group_id else "No group recorded", []).append(name)
    present = sorted(groups.items(), key=lambda g: (-len(g[1]), g[0]))

    substituted = {a.substitute_for_id: a.member for a in attending if a.substitute_for_id}
    apologies = [a for a in attendance if a.status == Attendance.Status.APOLOGIES]
    absent = [a for a in attendance if a.status == Attendance.Status.ABSENT]
    declarations = list(meeting.declarations.select_related("member", "item"))

    kinds = set(meeting.items.values_list("kind", flat=True))
    standard = [
        AgendaItem(number=None, title="Apologies for absence & substitute members", kind=AgendaItem.Kind.APOLOGIES)
    ] if AgendaItem.Kind.APOLOGIES not in kinds else []  # fmt: skip
    if AgendaItem.Kind.DECLARATIONS not in kinds:
        standard.append(AgendaItem(number=None, title="Disclosure of interests", kind=AgendaItem.Kind.DECLARATIONS))
    items = []
    agenda = meeting.items.prefetch_related(
        "decisions", "votes__member_votes__member", "votes__member_votes__on_behalf_of"
    )
    for item in standard + list(agenda):
        entry = MinuteItem(item.number, item.title.upper())
        if item.kind == AgendaItem.Kind.APOLOGIES:
            if apologies:
                parts = []
                for a in apologies:
                    sub = substituted.get(a.member_id)
                    text = f"Councillor {a.member.full_name}"
                    parts.append(text + (f", who was substituted by Councillor {sub.full_name}" if sub else ""))
                entry.paragraphs.append(f"Apologies were received from {_and(parts)}.")
            else:
                entry.paragraphs.append("There were no apologies for absence.")
            if absent:
                entry.paragraphs.append(f"{_councillors([a.member.full_name for a in absent])} did not attend.")
        elif item.kind == AgendaItem.Kind.DECLARATIONS:
            entry.declarations = declarations
            if not declarations:
                entry.paragraphs.append("There were no declarations of interest.")
        elif item.kind == AgendaItem.Kind.MINUTES and meeting.previous_minutes_of:
            held = f"{meeting.previous_minutes_of:%-d %B %Y}"
            text = f"The minutes of the meeting held on {held} were agreed as a correct record"
            amendment = meeting.previous_minutes_amendment.strip().rstrip(".")
            text += f" subject to an amendment that {amendment}." if amendment else "."
            entry.paragraphs.append(text)
            entry.paragraphs.append("The minutes were signed by the Chairman.")
        entry.paragraphs += [p.strip() for p in item.minute.replace("\r\n", "\n").split("\n\n") if p.strip()]
        if item.pk is None:  # a standard section the agenda did not list
            items.append(entry)
            continue
        entry.decisions = list(item.decisions.all())
        for vote in item.votes.all():
            tally = vote.tally
            sentences = [f"The voting {vote.motion.strip().rstrip('.')} was {tally.sentence()}."]
            rows = list(vote.member_votes.all()) if vote.recorded else []
            against = [v.member.full_name for v in rows if v.option == "against"]
            abstained = [v.member.full_name for v in rows if v.option == "abstain"]
            if against:
                sentences.append(f"{_councillors(against)} voted against the proposal.")
            if abstained:
                sentences.append(f"{_councillors(abstained)} abstained.")
            entry.votes.append({"vote": vote, "tally": tally, "sentences": sentences, "rows": rows})
        items.append(entry)

    return {
        "meeting": meeting,
        "heading": f"Minutes of a meeting of the {meeting.committee.name}",
        "when": f"{timezone.localtime(meeting.start):%-d %B %Y} ({_span(meeting)})",
        "present": present,
        "items": items,
    }


def minutes_pdf(meeting: Meeting, base_url: str | None = None) -> bytes:
    """The minutes as a PDF laid out like a council's published minutes."""
    from weasyprint import HTML

    # fontTools logs every glyph it subsets at DEBUG; the project's logging would print it all.
    for name in ("fontTools", "weasyprint"):
        logging.getLogger(name).setLevel(logging.WARNING)

    html = render_to_string("register/minutes_pdf.html", minutes_for(meeting))
    return HTML(string=html, base_url=base_url).write_pdf()
