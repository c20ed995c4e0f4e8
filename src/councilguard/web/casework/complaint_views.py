"""Complaints about members, and the archive scans behind them.

Only the Monitoring Officer and the administrator see any of this (officers past their
second factor, which the middleware enforces); a councillor gets 403 even for a
complaint about them, and an officer who is also a member never sees a complaint about
themselves. The uploads and reports are served only through ``scan_file``, which checks
the same permissions; they are never public static or media files.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from councilguard.web.governance import audit
from councilguard.web.governance.protocols import pack, version_in_force
from councilguard.web.roles import ADMINISTRATOR, MONITORING_OFFICER, role_required

from . import scan_files, scan_jobs
from .complaint_forms import ComplaintForm, ScanUploadForm, member_senders
from .complaint_models import ArchiveScan, Complaint

log = logging.getLogger(__name__)

complaint_roles = role_required(MONITORING_OFFICER, ADMINISTRATOR)
# The report is the scanner's own self-contained page: its styles are inline, it runs no
# script, and it quotes members' messages, so it is shown sandboxed with nothing else allowed.
REPORT_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'; sandbox"
)


def upload_limit() -> int:
    return settings.COUNCILGUARD_COMPLAINT_UPLOAD_MAX_BYTES


def _visible_complaints(request: HttpRequest) -> Any:
    # Someone who is both an officer and a member does not see complaints about themselves.
    return Complaint.objects.select_related("member", "member__ward", "member__group").exclude(
        member__user=request.user
    )


def _complaint_for(request: HttpRequest, pk: int) -> Complaint:
    complaint = get_object_or_404(
        Complaint.objects.select_related("member", "member__ward", "member__group", "created_by"),
        pk=pk,
    )
    if complaint.member.user_id is not None and complaint.member.user_id == request.user.pk:
        raise PermissionDenied("You cannot see a complaint about yourself.")
    return complaint


def _scan_for(request: HttpRequest, pk: int, scan_pk: int) -> tuple[Complaint, ArchiveScan]:
    """The scan, only through its own complaint: another complaint's id finds nothing."""
    complaint = _complaint_for(request, pk)
    scan = get_object_or_404(ArchiveScan.objects.select_related("started_by"), pk=scan_pk, complaint=complaint)
    return complaint, scan


# --- Complaints ---------------------------------------------------------------------------


@complaint_roles
@require_http_methods(["GET"])
def complaints(request: HttpRequest) -> HttpResponse:
    """Open complaints first by default; the officer may list closed or all."""
    visible = _visible_complaints(request)
    status = request.GET.get("status", "open")
    shown = visible
    if status == "open":
        shown = visible.exclude(status=Complaint.Status.CLOSED)
    elif status in Complaint.Status.values:
        shown = visible.filter(status=status)
    else:
        status = "all"
    counts = {
        "open": visible.exclude(status=Complaint.Status.CLOSED).count(),
        "closed": visible.filter(status=Complaint.Status.CLOSED).count(),
        "all": visible.count(),
    }
    return render(
        request,
        "casework/complaints/list.html",
        {"complaints": shown[:500], "status": status, "counts": counts},
    )


@complaint_roles
@require_http_methods(["GET", "POST"])
def complaint_new(request: HttpRequest) -> HttpResponse:
    form = ComplaintForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            with transaction.atomic():
                complaint = form.save(commit=False)
                complaint.created_by = request.user
                complaint.save()
                audit.record(
                    request.user,
                    "created",
                    complaint,
                    audit.new(
                        member=complaint.member.full_name,
                        received_on=str(complaint.received_on),
                        status=complaint.status,
                    ),
                )
            messages.success(request, f"Complaint {complaint.pk} about {complaint.member.full_name} is recorded")
            return redirect(complaint)
        return render(request, "casework/complaints/form.html", {"form": form}, status=400)
    return render(request, "casework/complaints/form.html", {"form": form})


@complaint_roles
@require_http_methods(["GET", "POST"])
def complaint_edit(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = _complaint_for(request, pk)
    form = ComplaintForm(request.POST or None, instance=complaint)
    if request.method == "POST":
        if form.is_valid():
            with transaction.atomic():
                changes = audit.form_changes(form)
                form.save()
                if changes:
                    audit.record(request.user, "changed", complaint, changes)
            messages.success(request, f"Complaint {complaint.pk} is saved" if changes else "Nothing was changed")
            return redirect(complaint)
        return render(
            request,
            "casework/complaints/form.html",
            {"form": form, "complaint": complaint},
            status=400,
        )
    return render(request, "casework/complaints/form.html", {"form": form, "complaint": complaint})


def _complaint_page(
    request: HttpRequest, complaint: Complaint, upload_form: ScanUploadForm, status: int = 200
) -> HttpResponse:
    from .complaint_workflow_views import workflow_context

    scans = list(complaint.scans.select_related("started_by"))
    # Every look at a complaint is in the audit log: who may see one is narrow, and checked.
    audit.record(request.user, "viewed", complaint, {})
    return render(
        request,
        "casework/complaints/detail.html",
        {
            "complaint": complaint,
            "scans": scans,
            "upload_form": upload_form,
            "upload_limit": upload_limit(),
            "scanning": any(s.active for s in scans),
            **workflow_context(complaint),
        },
        status=status,
    )


def _upload_form(complaint: Complaint) -> ScanUploadForm:
    return ScanUploadForm(initial={"senders": member_senders(complaint.member)})


@complaint_roles
@require_http_methods(["GET"])
def complaint(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = _complaint_for(request, pk)
    return _complaint_page(request, complaint, _upload_form(complaint))


# --- Scans --------------------------------------------------------------------------------


@csrf_protect
def _start_scan(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = _complaint_for(request, pk)
    data = request.POST.copy()
    if not data.get("senders", "").strip():
        data["senders"] = member_senders(complaint.member)
    form = ScanUploadForm(data, request.FILES)
    if not form.is_valid():
        return _complaint_page(request, complaint, form, status=400)
    version = version_in_force()
    protocol = version.pack_id if version else settings.COUNCILGUARD_PROTOCOL
    uploads = form.cleaned_data["archives"]
    with transaction.atomic():
        scan = ArchiveScan.objects.create(
            complaint=complaint,
            started_by=request.user,
            options=form.scan_options(complaint.member, protocol),
        )
        try:
            scan.files = scan_files.store_uploads(complaint.pk, scan.pk, uploads)
        except OSError:
            # A full disk, say: no half-stored scan is left behind, in the database or on disk.
            scan_files.remove_scan(complaint.pk, scan.pk)
            raise
        scan.save(update_fields=["files"])
        audit.record(
            request.user,
            "created",
            scan,
            audit.new(
                files=[f["name"] for f in scan.files],
                bytes=sum(f["size"] for f in scan.files),
                author=scan.options["author"],
                senders=scan.options["senders"],
            ),
        )
        # Queued with the scan: both rows are committed together, or neither.
        scan_jobs.start(scan.pk)
    messages.success(request, f"The archives are uploaded and the scan is queued ({len(scan.files)} files)")
    return redirect(scan)


@csrf_exempt  # checked by _start_scan, once the upload handlers are set (see below)
@complaint_roles
@require_POST
def scan_start(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload archives against a complaint and start scanning them.

    An archive may be hundreds of megabytes: it is refused before it is read when larger
    than the limit, and otherwise streamed to a temporary file, never held in memory.
    Django reads the body for the CSRF check, so the handlers are set first and the check
    made after (the pattern Django's documentation gives for this).
    """
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > upload_limit():
        return render(
            request,
            "casework/complaints/too_large.html",
            {"limit": upload_limit(), "size": length, "complaint_pk": pk},
            status=413,
        )
    request.upload_handlers = [TemporaryFileUploadHandler(request)]
    return _start_scan(request, pk)


def _rules(scan: ArchiveScan) -> list[dict[str, Any]]:
    """Counts by rule, with the rule's title and a link to it in the protocol pages."""
    pack_id = scan.options.get("protocol") or settings.COUNCILGUARD_PROTOCOL
    try:
        rules = pack(pack_id).rules
    except Exception:  # noqa: BLE001 - a pack since removed: show the ids alone
        rules = {}
    by_rule = (scan.summary or {}).get("findings_by_rule", {})
    return [
        {
            "id": rule_id,
            "title": getattr(rules.get(rule_id), "title", rule_id),
            "count": count,
            "pack": pack_id if rule_id in rules else None,
        }
        for rule_id, count in by_rule.items()
    ]


@complaint_roles
@require_http_methods(["GET"])
def scan(request: HttpRequest, pk: int, scan_pk: int) -> HttpResponse:
    complaint, scan = _scan_for(request, pk, scan_pk)
    reports = [
        {"name": name, **info}
        for name, info in scan_files.REPORT_FILES.items()
        if scan_files.report_path(complaint.pk, scan.pk, name) is not None
    ]
    return render(
        request,
        "casework/complaints/scan.html",
        {
            "complaint": complaint,
            "scan": scan,
            "rules": _rules(scan),
            "skipped_items": scan_files.skipped_items(complaint.pk, scan.pk, scan.files),
            "reports": [] if scan.active else reports,
            "no_worker_note": scan_jobs.NO_WORKER_NOTE if scan_jobs.worker_gone(scan) else "",
        },
    )


def status_of(scan: ArchiveScan) -> dict[str, Any]:
    return {
        "status": scan.status,
        "label": scan.get_status_display(),
        "active": scan.active,
        "done": scan.done,
        "total": scan.total,
        "percent": scan.percent,
        "checked": scan.checked,
        "flagged": scan.flagged,
        "skipped": scan.skipped,
        "rate": scan.rate,
    }


@complaint_roles
@require_http_methods(["GET"])
def scan_status(request: HttpRequest, pk: int, scan_pk: int) -> HttpResponse:
    """Progress for the page's poller (static JS; the CSP forbids inline script)."""
    _, scan = _scan_for(request, pk, scan_pk)
    return JsonResponse(status_of(scan))


def _conflict(request: HttpRequest, scan: ArchiveScan, doing: str) -> HttpResponse:
    return render(
        request,
        "casework/complaints/conflict.html",
        {"scan": scan, "doing": doing},
        status=409,
    )


@complaint_roles
@require_POST
def scan_resume(request: HttpRequest, pk: int, scan_pk: int) -> HttpResponse:
    _, scan = _scan_for(request, pk, scan_pk)
    before = scan.status
    if not scan_jobs.resume(scan.pk):
        return _conflict(request, scan, "resume")
    audit.record(request.user, "changed", scan, {"status": [before, "resumed"]})
    messages.success(request, "The scan is running again from where it stopped")
    return redirect(scan)


@complaint_roles
@require_POST
def scan_stop(request: HttpRequest, pk: int, scan_pk: int) -> HttpResponse:
    _, scan = _scan_for(request, pk, scan_pk)
    stopped = ArchiveScan.objects.filter(pk=scan.pk, status__in=ArchiveScan.ACTIVE).update(stop_requested=True)
    if not stopped:
        return _conflict(request, scan, "stop")
    audit.record(request.user, "changed", scan, {"status": [scan.status, "stop requested"]})
    messages.success(request, "The scan will stop after the messages it is checking now")
    return redirect(scan)


@complaint_roles
@require_http_methods(["GET"])
def scan_file(request: HttpRequest, pk: int, scan_pk: int, name: str) -> HttpResponse:
    """A report file, to the people who may see the complaint, and to nobody else."""
    complaint, scan = _scan_for(request, pk, scan_pk)
    path = scan_files.report_path(complaint.pk, scan.pk, name)
    if path is None or scan.active:
        raise Http404("No such report file for this scan")
    info = scan_files.REPORT_FILES[name]
    inline = name == "report.html"
    response = FileResponse(
        path.open("rb"),
        content_type=info["type"],
        as_attachment=not inline,
        filename=f"complaint-{complaint.pk}-scan-{scan.pk}-{name}",
    )
    if inline:
        response["Content-Security-Policy"] = REPORT_CSP
    return response
