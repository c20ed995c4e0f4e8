"""Members' Services' pages for the register: a list, add and edit page per kind of record,
and a member's own page (which the member may see too)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model
from django.forms import ModelForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from .. import roles
from ..governance import audit
from . import forms, models


@dataclass(frozen=True)
class Section:
    slug: str
    title: str  # plural, for headings
    singular: str
    model: type[Model]
    form: type[ModelForm]
    columns: tuple[tuple[str, str], ...]  # (heading, attribute)
    related: tuple[str, ...] = ()


SECTIONS = {
    s.slug: s
    for s in (
        Section("members", "Members", "member", models.Member, forms.MemberForm,
                (("Name", "full_name"), ("Ward", "ward"), ("Group", "group"),
                 ("Council e-mail", "council_email"), ("Current", "active")), ("ward", "group")),
        Section("wards", "Wards", "ward", models.Ward, forms.WardForm, (("Name", "name"),)),
        Section("groups", "Political groups", "political group", models.PoliticalGroup,
                forms.PoliticalGroupForm, (("Name", "name"),)),
        Section("posts", "Posts", "post", models.Post, forms.PostForm,
                (("Member", "member"), ("Post", "title"), ("Executive", "executive")), ("member",)),
        Section("social-accounts", "Social media accounts", "social media account",
                models.SocialAccount, forms.SocialAccountForm,
                (("Member", "member"), ("Platform", "get_platform_display"), ("Account", "kind"),
                 ("Handle", "handle")), ("member",)),
        Section("committees", "Committees", "committee", models.Committee, forms.CommitteeForm,
                (("Name", "name"),)),
        Section("memberships", "Committee memberships", "committee membership",
                models.CommitteeMembership, forms.CommitteeMembershipForm,
                (("Committee", "committee"), ("Member", "member"),
                 ("Position", "get_position_display"), ("Since", "since"), ("Until", "until")),
                ("committee", "member")),
        Section("meetings", "Meetings", "meeting", models.Meeting, forms.MeetingForm,
                (("Committee", "committee"), ("Starts", "start"), ("Ends", "end"),
                 ("Venue", "venue")), ("committee",)),
        Section("attendance", "Attendance", "attendance record", models.Attendance,
                forms.AttendanceForm,
                (("Meeting", "meeting"), ("Member", "member"), ("Status", "get_status_display"),
                 ("Substitute for", "substitute_for")),
                ("meeting__committee", "member", "substitute_for")),
        Section("elections", "Elections", "election", models.Election, forms.ElectionForm,
                (("Election", "name"), ("Type", "get_kind_display"), ("Area", "area"), ("Polling day", "polling_day"),
                 ("Pre-election period starts", "pre_election_starts")), ("ward",)),
    )
}  # fmt: skip


def _section(slug: str) -> Section:
    try:
        return SECTIONS[slug]
    except KeyError:
        raise Http404("No such part of the register") from None


def _cell(obj: Model, attribute: str) -> Any:
    value = getattr(obj, attribute)
    return value() if callable(value) else value


def _term_end_recorded(request: HttpRequest, sec: Section, obj: Model) -> Any:
    """A member's term end opens the ICT Service Desk's leaver case (in the same transaction)."""
    if sec.slug != "members":
        return None
    from ..servicedesk.services import term_end_recorded

    return term_end_recorded(obj, request.user)


def _tell_of_leaver_case(request: HttpRequest, case: Any) -> None:
    if case is not None:
        messages.success(
            request,
            f"A leaver case is open for {case.member.full_name}: the ICT Service Desk must recover their devices "
            f"and end their access by {case.deadline:%A %d %B %Y} (ten working days).",
        )


@roles.role_required(roles.MEMBERS_SERVICES, roles.ADMINISTRATOR)
def index(request: HttpRequest) -> HttpResponse:
    sections = [(s, s.model._default_manager.count()) for s in SECTIONS.values()]
    return render(request, "register/index.html", {"sections": sections})


@roles.role_required(roles.MEMBERS_SERVICES, roles.ADMINISTRATOR)
def record_list(request: HttpRequest, section: str) -> HttpResponse:
    sec = _section(section)
    rows = sec.model._default_manager.select_related(*sec.related)
    table = [(obj, [_cell(obj, attr) for _, attr in sec.columns]) for obj in rows]
    return render(request, "register/list.html", {"section": sec, "table": table})


@roles.role_required(roles.MEMBERS_SERVICES, roles.ADMINISTRATOR)
@require_http_methods(["GET", "HEAD", "POST"])
def record_add(request: HttpRequest, section: str) -> HttpResponse:
    sec = _section(section)
    form = sec.form(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            obj = form.save()
            audit.record(request.user, "created", obj, audit.form_changes(form))
            case = _term_end_recorded(request, sec, obj)
        messages.success(request, f"Added {sec.singular}: {obj}")
        _tell_of_leaver_case(request, case)
        return redirect("register:list", section=sec.slug)
    return render(request, "register/form.html", {"section": sec, "form": form, "adding": True})


@roles.role_required(roles.MEMBERS_SERVICES, roles.ADMINISTRATOR)
@require_http_methods(["GET", "HEAD", "POST"])
def record_edit(request: HttpRequest, section: str, pk: int) -> HttpResponse:
    sec = _section(section)
    obj = get_object_or_404(sec.model, pk=pk)
    form = sec.form(request.POST if request.method == "POST" else None, instance=obj)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            changes = audit.form_changes(form)
            obj = form.save()
            if changes:
                audit.record(request.user, "changed", obj, changes)
            case = (
                _term_end_recorded(request, sec, obj)
                if "term_ends" in changes or "term_end_reason" in changes
                else None
            )
        messages.success(request, f"Saved {sec.singular}: {obj}")
        _tell_of_leaver_case(request, case)
        return redirect("register:list", section=sec.slug)
    return render(
        request,
        "register/form.html",
        {"section": sec, "form": form, "adding": False, "object": obj},
    )


@roles.role_required(roles.GROUP_LEADER)
@require_http_methods(["GET", "HEAD"])
def group_members(request: HttpRequest) -> HttpResponse:
    """A group leader's own group: each member's page is theirs to see (can_view_member)."""
    leader = roles.member_for(request.user)
    if leader is None or leader.group_id is None:
        raise PermissionDenied("Your register entry names no political group.")
    members = models.Member.objects.filter(group_id=leader.group_id, active=True).select_related("ward")
    return render(request, "register/group_members.html", {"group": leader.group, "members": members})


@roles.role_required()
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(models.Member.objects.select_related("ward", "group", "user"), pk=pk)
    if not roles.can_view_member(request.user, member):
        raise PermissionDenied("You may only see your own entry in the register.")
    return render(
        request,
        "register/member.html",
        {
            "member": member,
            "memberships": member.memberships.select_related("committee"),
            "accounts": member.social_accounts.all(),
            "posts": member.posts.all(),
            "can_edit": roles.can_manage_register(request.user),
        },
    )
