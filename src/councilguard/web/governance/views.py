"""The protocol's pages (versions, clauses, rules), acknowledgements, and the audit log."""

from __future__ import annotations

from collections import OrderedDict

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from .. import roles
from ..register.models import Member
from . import audit
from .models import Acknowledgement, AuditEntry, ProtocolVersion
from .protocols import pack, version_in_force


def _version_or_404(pack_id: str | None, user=None) -> ProtocolVersion:  # noqa: ANN001
    if pack_id is None:
        version = version_in_force()
        if version is None:
            raise Http404("No protocol is in force yet: Members' Services must record one")
        return version
    version = get_object_or_404(ProtocolVersion, pack_id=pack_id)
    if version.status != ProtocolVersion.Status.ADOPTED and not _may_see_drafts(user):
        # A draft or proposed version is the officers' until a committee adopts it.
        raise Http404("No such protocol version")
    return version


def _may_see_drafts(user) -> bool:  # noqa: ANN001
    return roles.has_role(user, roles.MONITORING_OFFICER, roles.MEMBERS_SERVICES, roles.ADMINISTRATOR)


def protocol(request: HttpRequest, pack_id: str | None = None) -> HttpResponse:
    """A protocol version: its adoption, clauses (verbatim) and rules. Public, like the minutes."""
    version = _version_or_404(pack_id, request.user)
    protocol = pack(version.pack_id)
    documents: OrderedDict[str, list] = OrderedDict()
    for clause in protocol.clauses.values():
        documents.setdefault(clause.document, []).append(clause)
    member = roles.member_for(request.user)
    acknowledgement = Acknowledgement.objects.filter(member=member, version=version).first() if member else None
    return render(
        request,
        "governance/protocol.html",
        {
            "version": version,
            "protocol": protocol,
            "documents": [
                (code, protocol.documents.get(code, {}).get("title", code), clauses)
                for code, clauses in documents.items()
            ],
            "rules": list(protocol.rules.values()),
            "member": member,
            "acknowledgement": acknowledgement,
            "versions": ProtocolVersion.objects.filter(status=ProtocolVersion.Status.ADOPTED),
            "adoption": _adoption(version),
        },
    )


def _adoption(version: ProtocolVersion) -> dict | None:
    """The register's decision that adopted ``version``: its meeting, the item's decisions, the vote."""
    decision = version.decision
    if decision is None:
        return None
    siblings = list(decision.item.decisions.all()) if decision.item_id else [decision]
    vote = decision.vote
    return {
        "decision": decision,
        "meeting": decision.meeting,
        "decisions": siblings,
        "vote": vote,
        "against": [v.member.full_name for v in vote.member_votes.select_related("member") if v.option == "against"]
        if vote and vote.recorded
        else [],
    }


def rule(request: HttpRequest, pack_id: str, rule_id: str) -> HttpResponse:
    version = _version_or_404(pack_id, request.user)
    protocol = pack(version.pack_id)
    try:
        found = protocol.rule(rule_id)
    except KeyError:
        raise Http404("No such rule in this protocol") from None
    if found.id != rule_id:
        return redirect("governance:rule", pack_id=pack_id, rule_id=found.id)
    clauses = [protocol.clauses[c] for c in found.cites if c in protocol.clauses]
    return render(
        request,
        "governance/rule.html",
        {"version": version, "protocol": protocol, "rule": found, "clauses": clauses},
    )


@require_POST
@roles.role_required()
def acknowledge(request: HttpRequest) -> HttpResponse:
    member = roles.member_for(request.user)
    if member is None:
        raise PermissionDenied("Only members acknowledge the protocol.")
    version = version_in_force()
    # The form names the version the member read; if another was adopted meanwhile, they
    # must read that one first.
    if version is None or request.POST.get("version") != version.pack_id:
        messages.error(request, "The protocol in force has changed: read it, then acknowledge it.")
        return redirect("governance:protocol")
    try:
        with transaction.atomic():
            ack = Acknowledgement.objects.create(member=member, version=version)
            audit.record(request.user, "acknowledged", ack)
    except IntegrityError:
        pass  # already acknowledged (a double click): nothing to change
    messages.success(request, f"You have acknowledged the protocols in force ({version.pack_id}).")
    return redirect("governance:protocol")


@roles.role_required(roles.MEMBERS_SERVICES, roles.MONITORING_OFFICER, roles.ADMINISTRATOR)
def acknowledgements(request: HttpRequest) -> HttpResponse:
    version = _version_or_404(None)
    done = {a.member_id: a for a in Acknowledgement.objects.filter(version=version).select_related("member")}
    members = Member.objects.filter(active=True).select_related("group", "ward")
    outstanding = [m for m in members if m.pk not in done]
    acknowledged = [(m, done[m.pk]) for m in members if m.pk in done]
    return render(
        request,
        "governance/acknowledgements.html",
        {"version": version, "outstanding": outstanding, "acknowledged": acknowledged},
    )


@roles.role_required(roles.ADMINISTRATOR)
def audit_log(request: HttpRequest) -> HttpResponse:
    page = Paginator(AuditEntry.objects.all(), 50).get_page(request.GET.get("page"))
    return render(request, "governance/audit.html", {"page": page})
