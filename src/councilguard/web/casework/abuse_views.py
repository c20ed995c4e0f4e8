"""Abuse received: a councillor reports it (from a phone), the detectors classify it,
the group leader and Members' Services are told at once, and a threat raises the step
"report it to the Police" with an evidence pack.

A report is seen by the councillor who received it, their group's leader, Members'
Services and the administrator; to anyone else it does not exist (404). Officers reach
it past their second factor, like every officer page.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from councilguard.casework import abuse as abuse_rules
from councilguard.casework.evidence import TimelineEntry, timeline
from councilguard.web import roles
from councilguard.web.checks.service import checker
from councilguard.web.governance import audit

from . import casefiles, workflow
from .abuse_forms import AbuseReportForm, FollowUpForm, PoliceForm
from .abuse_models import AbuseReport, AbuseScreenshot
from .public_views import too_large

abuse_roles = roles.role_required(roles.COUNCILLOR, roles.GROUP_LEADER, roles.MEMBERS_SERVICES, roles.ADMINISTRATOR)


def _report_for(request: HttpRequest, pk: int) -> AbuseReport:
    report = get_object_or_404(AbuseReport.objects.select_related("member", "member__group", "sender"), pk=pk)
    if not roles.can_see_abuse_report(request.user, report.member):
        raise Http404("No abuse report found")
    return report


def _is_reviewer(user: Any) -> bool:
    return roles.can_review_abuse(user)


@abuse_roles
@require_http_methods(["GET"])
def listing(request: HttpRequest) -> HttpResponse:
    reviewer = _is_reviewer(request.user)
    visible = workflow.visible_abuse_reports(request.user)
    state = request.GET.get("state", "open" if reviewer else "all")
    shown = visible
    if state == "open":
        shown = visible.exclude(status=AbuseReport.Status.CLOSED)
    elif state in AbuseReport.Status.values:
        shown = visible.filter(status=state)
    else:
        state = "all"
    return render(
        request,
        "casework/abuse/list.html",
        {
            "reports": shown[:500],
            "state": state,
            "reviewer": reviewer,
            "can_report": roles.can_report_abuse(request.user),
            "counts": {
                "open": visible.exclude(status=AbuseReport.Status.CLOSED).count(),
                "all": visible.count(),
            },
        },
    )


@csrf_protect
def _new(request: HttpRequest) -> HttpResponse:
    member = roles.member_for(request.user)
    assert member is not None  # new() turns away anyone who is not a member
    form = AbuseReportForm(request.POST or None, request.FILES or None)
    if request.method != "POST":
        return render(request, "casework/abuse/new.html", {"form": form})
    if not form.is_valid():
        return render(request, "casework/abuse/new.html", {"form": form}, status=400)
    data = form.cleaned_data
    images = data["screenshots"]
    report = None
    from django.db import transaction

    try:
        with transaction.atomic():
            sender = workflow.sender_for(member, data["platform"], data["sender_handle"])
            impersonation = data["impersonation"] or abuse_rules.looks_like_impersonation(
                data["sender_handle"], [a.handle for a in member.social_accounts.all()], member.full_name
            )
            report = AbuseReport(
                member=member,
                reported_by=request.user,
                platform=data["platform"],
                sender=sender,
                sender_handle=data["sender_handle"].strip(),
                received_on=data["received_on"],
                text=data["text"],
                impersonation=impersonation,
            )
            earlier = sender.reports.count()
            workflow.classify_report(report, course=abuse_rules.course_of_conduct(earlier + 1))
            report.save()
            casefiles.keep(images, "abuse", report.pk, AbuseScreenshot, report=report)
            linked = workflow.relink_course_of_conduct(sender)
            audit.record(
                request.user,
                "created",
                report,
                audit.new(
                    platform=report.platform,
                    sender=report.sender_handle,
                    categories=report.categories,
                    status=report.status,
                    screenshots=casefiles.describe(images),
                ),
            )
            for other in linked:
                if other.pk != report.pk:
                    audit.record(request.user, "changed", other, {"categories": ["", "course of conduct"]})
    except Exception:
        if report is not None and report.pk:
            casefiles.remove("abuse", report.pk)
        raise
    report.notified = workflow.notify_abuse(report, request.build_absolute_uri(report.get_absolute_url()))
    report.save(update_fields=["notified"])
    told = "your group leader and Members' Services have been told" if report.notified else "it has been recorded"
    if report.threat:
        messages.success(request, f"Report sent and {told}. It contains a threat: report it to the Police now.")
    else:
        messages.success(request, f"Report sent and {told}.")
    return redirect(report)


@csrf_exempt  # checked by _new after the size check
@roles.role_required(roles.COUNCILLOR)
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    if roles.member_for(request.user) is None:
        return render(request, "casework/not_a_member.html", status=403)
    if request.method == "POST" and (refused := too_large(request)) is not None:
        return refused
    return _new(request)


def _same_sender(report: AbuseReport) -> list[AbuseReport]:
    return list(report.sender.reports.order_by("received_on", "pk"))


@abuse_roles
@require_http_methods(["GET"])
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_for(request, pk)
    linked = _same_sender(report)
    reviewer = _is_reviewer(request.user) and roles.has_role(request.user, roles.MEMBERS_SERVICES, roles.ADMINISTRATOR)
    own = roles.member_for(request.user)
    may_record_police = report.threat and (
        (own is not None and own.pk == report.member_id)
        or roles.has_role(request.user, roles.MEMBERS_SERVICES, roles.ADMINISTRATOR)
    )
    audit.record(request.user, "viewed", report, {})
    return render(
        request,
        "casework/abuse/detail.html",
        {
            "report": report,
            "linked": linked,
            "course_of_conduct": abuse_rules.course_of_conduct(len(linked)),
            "route": abuse_rules.reporting_route(report.platform),
            "police_route": abuse_rules.POLICE_ROUTE,
            "screenshots": list(report.screenshots.all()),
            "police_form": PoliceForm() if may_record_police and report.status == AbuseReport.Status.POLICE else None,
            "follow_up_form": FollowUpForm(initial={"status": report.status, "notes": report.notes})
            if reviewer
            else None,
        },
    )


@abuse_roles
@require_POST
def police(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_for(request, pk)
    own = roles.member_for(request.user)
    allowed = (own is not None and own.pk == report.member_id) or roles.has_role(
        request.user, roles.MEMBERS_SERVICES, roles.ADMINISTRATOR
    )
    if not allowed:
        raise Http404("No abuse report found")
    if not report.threat or report.status != AbuseReport.Status.POLICE:
        return render(request, "casework/abuse/conflict.html", {"report": report}, status=409)
    form = PoliceForm(request.POST)
    if not form.is_valid():
        return render(request, "casework/abuse/police.html", {"report": report, "form": form}, status=400)
    before = [report.status, report.police_reference]
    report.police_reference = form.cleaned_data["police_reference"]
    report.police_reported_on = timezone.localdate()
    report.status = AbuseReport.Status.REPORTED
    report.save(update_fields=["police_reference", "police_reported_on", "status"])
    audit.record(
        request.user,
        "changed",
        report,
        {"status": [before[0], report.status], "police_reference": [before[1], report.police_reference]},
    )
    messages.success(request, f"Police report recorded: reference {report.police_reference}.")
    return redirect(report)


@roles.role_required(roles.MEMBERS_SERVICES, roles.ADMINISTRATOR)
@require_POST
def follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_for(request, pk)
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        return render(request, "casework/abuse/police.html", {"report": report, "form": form}, status=400)
    changes = {}
    for name in ("status", "notes"):
        if getattr(report, name) != form.cleaned_data[name]:
            changes[name] = [getattr(report, name), form.cleaned_data[name]]
            setattr(report, name, form.cleaned_data[name])
    report.closed_on = timezone.localdate() if report.status == AbuseReport.Status.CLOSED else None
    report.save(update_fields=["status", "notes", "closed_on"])
    if changes:
        audit.record(request.user, "changed", report, changes)
    messages.success(request, "Report updated.")
    return redirect(report)


@abuse_roles
@require_http_methods(["GET"])
def screenshot(request: HttpRequest, pk: int, shot_pk: int) -> HttpResponse:
    report = _report_for(request, pk)
    shot = report.screenshots.filter(pk=shot_pk).first()
    path = casefiles.path_of("abuse", report.pk, shot.stored) if shot else None
    if path is None:
        raise Http404("No such screenshot")
    response = FileResponse(path.open("rb"), content_type=shot.content_type)
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@abuse_roles
@require_http_methods(["GET"])
def evidence_pack(request: HttpRequest, pk: int) -> HttpResponse:
    """The PDF for the Police: every report from this sender to this councillor in time
    order, the texts word for word, and each screenshot with its SHA-256."""
    from .pdf import pdf_response

    report = _report_for(request, pk)
    reports = _same_sender(report)
    entries = []
    for item in reports:
        entries.append(
            TimelineEntry(item.received_on, f"Message received on {item.get_platform_display()}", f"#{item.pk}")
        )
        entries.append(TimelineEntry(timezone.localtime(item.created_at), "Reported in CouncilGuard", f"#{item.pk}"))
        if item.police_reported_on:
            entries.append(
                TimelineEntry(
                    item.police_reported_on, f"Reported to the Police ({item.police_reference})", f"#{item.pk}"
                )
            )
    shots = {
        item.pk: [
            {"shot": s, "uri": casefiles.data_uri("abuse", item.pk, s.stored, s.content_type)}
            for s in item.screenshots.all()
        ]
        for item in reports
    }
    audit.record(request.user, "viewed", report, audit.new(evidence_pack=[r.pk for r in reports]))
    return pdf_response(
        "casework/abuse/evidence_pack.html",
        {
            "report": report,
            "reports": [{"report": r, "shots": shots[r.pk]} for r in reports],
            "timeline": [
                {
                    "when": f"{e.when:%d %B %Y, %H:%M}" if isinstance(e.when, datetime) else f"{e.when:%d %B %Y}",
                    "what": e.what,
                    "ref": e.ref,
                }
                for e in timeline(entries)
            ],
            "course_of_conduct": abuse_rules.course_of_conduct(len(reports)),
            "route": abuse_rules.reporting_route(report.platform),
            "police_route": abuse_rules.POLICE_ROUTE,
            "made": timezone.localtime(),
            "made_by": request.user.get_full_name() or request.user.get_username(),
            # The council whose protocol is in force (its pack says which).
            "council": checker().protocol.council,
        },
        f"abuse-report-{report.pk}-evidence-pack.pdf",
    )
