"""The public complaint form: anyone, with no account, can complain about a councillor.

Protected by CSRF, a honeypot, a signed one-time timestamp token and a rate limit per IP
address (``antispam``). The body's size is checked before anything is read (413); every
screenshot is opened to prove it is an image. The complaint, its screenshots and the
token's use are stored in one transaction: on any error nothing is kept, in the database
or on disk.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from councilguard.web.governance import audit

from . import antispam, casefiles
from .complaint_models import Complaint, ComplaintEvidence
from .public_forms import PublicComplaintForm
from .workflow import monitoring_officers

log = logging.getLogger(__name__)
FORM = "public-complaint"


def body_limit() -> int:
    return settings.COUNCILGUARD_EVIDENCE_UPLOAD_MAX_BYTES


def too_large(request: HttpRequest) -> HttpResponse | None:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > body_limit():
        return render(
            request,
            "casework/public/too_large.html",
            {"limit_mb": body_limit() // (1024 * 1024), "size_mb": round(length / 1024 / 1024)},
            status=413,
        )
    return None


def _page(request: HttpRequest, form: PublicComplaintForm, status: int = 200, refusal: str = "") -> HttpResponse:
    response = render(
        request,
        "casework/public/lodge.html",
        {"form": form, "token": antispam.issue(FORM), "refusal": refusal, "honeypot": antispam.HONEYPOT},
        status=status,
    )
    response["Cache-Control"] = "no-store"
    return response


@csrf_protect
def _lodge(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _page(request, PublicComplaintForm())
    form = PublicComplaintForm(request.POST, request.FILES)
    refusal, nonce = antispam.check(request, FORM)
    if refusal is not None:
        form.is_valid()  # so the answers are shown again, with any errors
        response = _page(request, form, status=refusal.status, refusal=refusal.message)
        if refusal.retry_after:
            response["Retry-After"] = str(refusal.retry_after)
        return response
    if not form.is_valid():
        return _page(request, form, status=400)
    data = form.cleaned_data
    images = data["screenshots"]
    complaint = None
    try:
        with transaction.atomic():
            if not antispam.spend(request, FORM, nonce):
                return _page(request, form, status=409, refusal="This form has already been sent.")
            complaint = Complaint.objects.create(
                complainant_name=data["complainant_name"],
                complainant_contact=data["complainant_contact"],
                member=data["member"],
                received_on=timezone.localdate(),
                summary=data["summary"],
                conduct_on=data["conduct_on"],
                evidence_links=data["evidence_links"],
                evidence_text=data["evidence_text"],
                source=Complaint.Source.PUBLIC,
            )
            casefiles.keep(images, "complaint", complaint.pk, ComplaintEvidence, complaint=complaint)
            audit.record(
                None,
                "created",
                complaint,
                audit.new(
                    source="public form",
                    member=complaint.member.full_name,
                    received_on=str(complaint.received_on),
                    screenshots=casefiles.describe(images),
                ),
            )
    except Exception:
        if complaint is not None and complaint.pk:
            casefiles.remove("complaint", complaint.pk)
        raise
    recipients = monitoring_officers()
    if recipients:
        send_mail(
            subject=f"CouncilGuard: a new complaint about a councillor ({complaint.reference})",
            message="A complaint has been lodged through the public form. Acknowledge it at\n"
            f"{request.build_absolute_uri(complaint.get_absolute_url())}",
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=recipients,
            fail_silently=True,
        )
    request.session["lodged_complaint"] = complaint.reference
    return redirect("complaints:lodged")


@csrf_exempt  # checked by _lodge, after the size check (a 50 MB body is never read)
@require_http_methods(["GET", "POST"])
def lodge(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and (refused := too_large(request)) is not None:
        return refused
    return _lodge(request)


@require_http_methods(["GET"])
def lodged(request: HttpRequest) -> HttpResponse:
    reference = request.session.get("lodged_complaint")
    if not reference:
        return redirect("complaints:new")
    return render(request, "casework/public/lodged.html", {"reference": reference})
