"""The Monitoring Officer takes a complaint from receipt to outcome.

Acknowledge it; run the checker on the evidence text (findings cite clauses); record the
Independent Person's view and the initial assessment; record the outcome with reasons.
Each step is one transaction with its audit entry (field, before and after); each stage
has a deadline in working days (settings); letters are generated from the record, as a
page and as a PDF. Who may see a complaint is as narrow as in ``complaint_views``
(Monitoring Officer and administrator, never the member complained about), and every
look at one (page, letter, screenshot) is written to the audit log.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from councilguard.web.governance import audit

from . import casefiles
from .complaint_models import Complaint
from .complaint_views import _complaint_for, complaint_roles
from .complaint_workflow_forms import AssessmentForm, OutcomeForm
from .pdf import pdf_response
from .workflow import check, deadline_of, evidence_draft, report_for

# Letter kinds: who it goes to, and the step that must be done before it can be written.
LETTERS: dict[str, dict[str, str]] = {
    "acknowledgement": {"to": "complainant", "needs": "acknowledged_on", "title": "Acknowledgement"},
    "assessment-complainant": {"to": "complainant", "needs": "assessed_on", "title": "Initial assessment"},
    "assessment-member": {"to": "member", "needs": "assessed_on", "title": "Initial assessment"},
    "outcome-complainant": {"to": "complainant", "needs": "outcome", "title": "Outcome"},
    "outcome-member": {"to": "member", "needs": "outcome", "title": "Outcome"},
}


def letters_for(complaint: Complaint) -> list[dict[str, str]]:
    return [{"kind": kind, **info} for kind, info in LETTERS.items() if getattr(complaint, info["needs"])]


def _changes(complaint: Complaint, before: dict[str, Any], fields: list[str]) -> dict[str, list[Any]]:
    out = {}
    for name in fields:
        old, new = before.get(name), getattr(complaint, name)
        if old != new:
            out[name] = [audit._plain(old), audit._plain(new)]
    return out


def _snapshot(complaint: Complaint, fields: list[str]) -> dict[str, Any]:
    return {name: getattr(complaint, name) for name in fields}


def _conflict(request: HttpRequest, complaint: Complaint, message: str) -> HttpResponse:
    return render(request, "casework/complaints/step_conflict.html", {"complaint": complaint, "message": message},
                  status=409)  # fmt: skip


def workflow_context(complaint: Complaint) -> dict[str, Any]:
    today = timezone.localdate()
    deadline = deadline_of(complaint)
    check_report = None
    if complaint.evidence_check:
        check_report = report_for(complaint.evidence_check, evidence_draft(complaint)["text"])
    return {
        "deadline": deadline,
        "days_left": deadline.working_days_left(today) if deadline else None,
        "overdue": deadline.overdue(today) if deadline else False,
        "check_report": check_report,
        "letters": letters_for(complaint),
        "evidence_files": list(complaint.evidence_files.all()),
        "links": [line.strip() for line in complaint.evidence_links.splitlines() if line.strip()],
    }


@complaint_roles
@require_POST
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = _complaint_for(request, pk)
    if complaint.acknowledged_on:
        return _conflict(request, complaint, "This complaint has already been acknowledged.")
    fields = ["acknowledged_on", "status"]
    before = _snapshot(complaint, fields)
    complaint.acknowledged_on = timezone.localdate()
    complaint.status = Complaint.Status.ACKNOWLEDGED
    complaint.save(update_fields=[*fields, "updated_at"])
    audit.record(request.user, "changed", complaint, _changes(complaint, before, fields))
    messages.success(request, "Complaint acknowledged. The acknowledgement letter is ready to send.")
    return redirect(complaint)


@complaint_roles
@require_POST
def check_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = _complaint_for(request, pk)
    draft = evidence_draft(complaint)
    result = check(draft)
    before = [f.get("rule") for f in (complaint.evidence_check or {}).get("findings", [])]
    complaint.evidence_check = result.to_dict()
    complaint.evidence_checked_at = timezone.now()
    complaint.save(update_fields=["evidence_check", "evidence_checked_at", "updated_at"])
    audit.record(request.user, "changed", complaint, {"evidence_check": [before, result.rules()]})
    found = len(result.findings)
    messages.success(request, f"Evidence checked against the protocol: {found} finding{'s' if found != 1 else ''}.")
    return redirect(f"{complaint.get_absolute_url()}#evidence-check")


@complaint_roles
@require_http_methods(["GET", "POST"])
def assess(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = _complaint_for(request, pk)
    if not complaint.acknowledged_on:
        return _conflict(request, complaint, "Acknowledge the complaint before assessing it.")
    if complaint.status == Complaint.Status.CLOSED:
        return _conflict(request, complaint, "This complaint is closed.")
    initial = {f: getattr(complaint, f) for f in ("ip_name", "ip_consulted_on", "ip_view", "assessment",
                                                   "assessment_reasons")}  # fmt: skip
    form = AssessmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = ["ip_name", "ip_consulted_on", "ip_view", "assessment", "assessment_reasons", "assessed_on", "status"]
        before = _snapshot(complaint, fields)
        for name, value in form.cleaned_data.items():
            setattr(complaint, name, value)
        complaint.assessed_on = complaint.assessed_on or timezone.localdate()
        complaint.status = (
            Complaint.Status.INVESTIGATING
            if complaint.assessment == Complaint.Assessment.INVESTIGATION
            else Complaint.Status.ASSESSING
        )
        complaint.save(update_fields=[*fields, "updated_at"])
        audit.record(request.user, "changed", complaint, _changes(complaint, before, fields))
        messages.success(
            request, "Initial assessment saved. The letters to the complainant and the councillor are ready."
        )
        return redirect(complaint)
    return render(
        request,
        "casework/complaints/step_form.html",
        {"complaint": complaint, "form": form, "heading": "Initial assessment"},
        status=400 if request.method == "POST" else 200,
    )


@complaint_roles
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = _complaint_for(request, pk)
    if not complaint.assessed_on:
        return _conflict(request, complaint, "Record the initial assessment before the outcome.")
    if complaint.status == Complaint.Status.CLOSED:
        return _conflict(request, complaint, "This complaint is closed: its outcome has been recorded.")
    form = OutcomeForm(
        request.POST or None, initial={"outcome": complaint.outcome, "outcome_notes": complaint.outcome_notes}
    )
    if request.method == "POST" and form.is_valid():
        fields = ["outcome", "outcome_notes", "status", "referred_on", "decided_on", "closed_on"]
        before = _snapshot(complaint, fields)
        complaint.outcome = form.cleaned_data["outcome"]
        complaint.outcome_notes = form.cleaned_data["outcome_notes"]
        today = timezone.localdate()
        if complaint.outcome in Complaint.CONTINUING_OUTCOMES:
            complaint.status = Complaint.Status.INVESTIGATING
            complaint.referred_on = today
            done = "Outcome recorded: the complaint stays open for the " + (
                "investigation." if complaint.outcome == Complaint.Outcome.INVESTIGATION else "hearing."
            )
        else:
            complaint.status = Complaint.Status.CLOSED
            complaint.decided_on = complaint.closed_on = today
            done = "Outcome recorded and the complaint closed. The outcome letters are ready to send."
        complaint.save(update_fields=[*fields, "updated_at"])
        audit.record(request.user, "changed", complaint, _changes(complaint, before, fields))
        messages.success(request, done)
        return redirect(complaint)
    return render(
        request,
        "casework/complaints/step_form.html",
        {"complaint": complaint, "form": form, "heading": "Record the outcome"},
        status=400 if request.method == "POST" else 200,
    )


def _letter_context(complaint: Complaint, kind: str) -> dict[str, Any]:
    info = LETTERS.get(kind)
    if info is None or not getattr(complaint, info["needs"]):
        raise Http404("No such letter for this complaint yet")
    member = complaint.member
    to_member = info["to"] == "member"
    return {
        "complaint": complaint,
        "kind": kind,
        "info": info,
        "to_member": to_member,
        "addressee": f"Councillor {member.full_name}" if to_member else complaint.complainant_name,
        "address": (member.council_email or "") if to_member else complaint.complainant_contact,
        "dated": timezone.localdate(),
        "deadline": deadline_of(complaint),
    }


@complaint_roles
@require_http_methods(["GET"])
def letter(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    complaint = _complaint_for(request, pk)
    context = _letter_context(complaint, kind)
    audit.record(request.user, "viewed", complaint, audit.new(letter=kind))
    return render(request, "casework/letters/page.html", context)


@complaint_roles
@require_http_methods(["GET"])
def letter_pdf(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    complaint = _complaint_for(request, pk)
    context = _letter_context(complaint, kind)
    audit.record(request.user, "viewed", complaint, audit.new(letter=f"{kind}.pdf"))
    return pdf_response("casework/letters/pdf.html", context, f"{complaint.reference}-{kind}.pdf")


@complaint_roles
@require_http_methods(["GET"])
def evidence_file(request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
    complaint = _complaint_for(request, pk)
    evidence = complaint.evidence_files.filter(pk=file_pk).first()
    path = casefiles.path_of("complaint", complaint.pk, evidence.stored) if evidence else None
    if path is None:
        raise Http404("No such screenshot for this complaint")
    audit.record(request.user, "viewed", complaint, audit.new(screenshot=evidence.name))
    response = FileResponse(path.open("rb"), content_type=evidence.content_type)
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "no-store"
    return response
