"""A meeting's record (Members' Services), its published minutes (everyone, no sign-in),
and the register as Popolo open data."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.db import transaction
from django.forms import ModelForm
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from councilguard.committees import AttendanceLine, attendance_problems

from .. import roles
from ..governance import audit
from . import forms, models, open_data, records
from .minutes import minutes_for, minutes_pdf


@dataclass(frozen=True)
class Part:
    slug: str
    singular: str
    model: type
    form: type[ModelForm]


PARTS = {
    p.slug: p
    for p in (
        Part("items", "agenda item", models.AgendaItem, forms.AgendaItemForm),
        Part("attendance", "attendance record", models.Attendance, forms.AttendanceForm),
        Part("declarations", "declaration of interest", models.Declaration, forms.DeclarationForm),
        Part("votes", "vote", models.Vote, forms.VoteForm),
        Part("decisions", "decision", models.Decision, forms.DecisionForm),
    )
}


def _part(slug: str) -> Part:
    try:
        return PARTS[slug]
    except KeyError:
        raise Http404("No such part of a meeting's record") from None


def meeting_problems(meeting: models.Meeting) -> list[str]:
    """What stops the minutes being published."""
    lines = [AttendanceLine(a.member_id, a.status, a.substitute_for_id) for a in meeting.attendance.all()]
    people = models.Member.objects.filter(
        pk__in={x.member for x in lines} | {x.substitute_for for x in lines}
    ).select_related("group")
    groups = {m.pk: (m.group.name if m.group_id else None) for m in people}
    names = {m.pk: f"Councillor {m.full_name}" for m in people}
    problems = attendance_problems(lines, records.committee_members(meeting), groups, names)
    if not lines:
        problems.append("Record the attendance before publishing the minutes")
    if not meeting.items.exists():
        problems.append("Add the agenda items before publishing the minutes")
    return problems


@roles.role_required(roles.MEMBERS_SERVICES, roles.ADMINISTRATOR)
def meeting_record(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(models.Meeting.objects.select_related("committee", "chair", "vice_chair"), pk=pk)
    return render(
        request,
        "register/meeting.html",
        {
            "meeting": meeting,
            "attendance": meeting.attendance.select_related("member__group", "substitute_for"),
            "items": meeting.items.all(),
            "declarations": meeting.declarations.select_related("member", "item"),
            "votes": meeting.votes.select_related("item").prefetch_related("member_votes"),
            "decisions": meeting.decisions.select_related("item", "vote"),
            "problems": meeting_problems(meeting),
        },
    )


@roles.role_required(roles.MEMBERS_SERVICES, roles.ADMINISTRATOR)
@require_http_methods(["GET", "HEAD", "POST"])
def part_form(request: HttpRequest, pk: int, part: str, part_pk: int | None = None) -> HttpResponse:
    meeting = get_object_or_404(models.Meeting, pk=pk)
    spec = _part(part)
    instance = get_object_or_404(spec.model, pk=part_pk, meeting=meeting) if part_pk else None
    form = spec.form(request.POST if request.method == "POST" else None, instance=instance, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            changes = audit.form_changes(form)
            obj = form.save(commit=False)
            if isinstance(obj, models.Vote) and obj.recorded:
                obj.count_for = obj.count_against = obj.count_abstain = None
            obj.save()
            if isinstance(form, forms.VoteForm):
                before = {v.member.full_name: v.option for v in obj.member_votes.select_related("member")}
                form.save_votes(obj)
                after = {v.member.full_name: v.option for v in obj.member_votes.select_related("member")}
                if before != after:
                    changes["member_votes"] = [before or None, after or None]
            if instance is None or changes:
                audit.record(request.user, "changed" if instance else "created", obj, changes)
        messages.success(request, f"{'Saved' if instance else 'Added'} {spec.singular}: {obj}")
        return redirect("register:meeting", pk=meeting.pk)
    return render(
        request,
        "register/meeting_part.html",
        {"meeting": meeting, "part": spec, "form": form, "adding": instance is None, "object": instance},
        status=200,
    )


@roles.role_required(roles.MEMBERS_SERVICES, roles.ADMINISTRATOR)
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    with transaction.atomic():
        meeting = get_object_or_404(models.Meeting.objects.select_for_update(), pk=pk)
        problems = meeting_problems(meeting)
        if problems:
            for problem in problems:
                messages.error(request, problem)
            return redirect("register:meeting", pk=meeting.pk)
        before = meeting.published_at
        meeting.published_at = timezone.now()
        meeting.save(update_fields=["published_at"])
        audit.record(
            request.user, "changed", meeting, {"published_at": [audit._plain(before), str(meeting.published_at)]}
        )
    messages.success(request, f"Published the minutes of {meeting}: the public can now read them")
    return redirect("register:meeting", pk=meeting.pk)


def _visible_meeting(request: HttpRequest, pk: int) -> models.Meeting:
    """A published meeting for anyone; an unpublished one only for Members' Services (a preview)."""
    meeting = get_object_or_404(models.Meeting.objects.select_related("committee", "chair", "vice_chair"), pk=pk)
    if not meeting.published and not roles.can_manage_register(request.user):
        raise Http404("These minutes have not been published")
    return meeting


def public_meetings(request: HttpRequest) -> HttpResponse:
    meetings = models.Meeting.objects.filter(published_at__isnull=False).select_related("committee")
    return render(request, "register/public_meetings.html", {"meetings": meetings})


def public_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _visible_meeting(request, pk)
    return render(request, "register/minutes.html", minutes_for(meeting))


def public_minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _visible_meeting(request, pk)
    response = HttpResponse(
        minutes_pdf(meeting, base_url=request.build_absolute_uri("/")), content_type="application/pdf"
    )
    slug = meeting.committee.name.lower().replace(" ", "-")
    response["Content-Disposition"] = f'inline; filename="minutes-{slug}-{meeting.start:%Y-%m-%d}.pdf"'
    return response


def popolo(request: HttpRequest) -> JsonResponse:
    return JsonResponse(open_data.popolo(), json_dumps_params={"indent": 1, "ensure_ascii": False})
