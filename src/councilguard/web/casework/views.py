"""Asking the Monitoring Officer, and the answer coming back.

A councillor sees only their own requests (another's is "not found", so its existence
is not given away); the Monitoring Officer sees them all; everyone else, none.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from councilguard.web.checks.service import check, check_form, checker
from councilguard.web.governance import audit
from councilguard.web.roles import (
    ADMINISTRATOR,
    COUNCILLOR,
    MONITORING_OFFICER,
    can_answer_advice,
    member_for,
    role_required,
)
from councilguard.web_services import build_report

from .forms import AskForm, ReplyForm
from .models import AdviceRequest

log = logging.getLogger(__name__)


def _monitoring_officers_addresses() -> list[str]:
    users = get_user_model().objects.filter(groups__name=MONITORING_OFFICER, is_active=True)
    return sorted({u.email for u in users if u.email})


def _absolute(request: HttpRequest, advice: AdviceRequest) -> str:
    return request.build_absolute_uri(advice.get_absolute_url())


@role_required(COUNCILLOR)
@require_POST
def ask(request: HttpRequest) -> HttpResponse:
    """Store the draft with its findings and the question, because the member asked."""
    if member_for(request.user) is None:
        return render(request, "casework/not_a_member.html", status=403)
    form = check_form(request, request.POST, AskForm)
    if not form.is_valid() or form.draft is None:
        return render(request, "casework/ask.html", {"form": form}, status=400)
    draft = form.draft
    # Checked again here: the findings sent to the officer are the server's, not the form's.
    result = check(draft)
    with transaction.atomic():
        advice = AdviceRequest.objects.create(
            member=request.user,
            question=form.cleaned_data["question"],
            text=draft["text"],
            draft={k: v for k, v in draft.items() if k != "text"},
            result=result.to_dict(),
            verdict=result.verdict,
        )
        audit.record(request.user, "created", advice, audit.new(verdict=advice.verdict))
    recipients = _monitoring_officers_addresses()
    if recipients:
        send_mail(
            subject=f"CouncilGuard: a member asks for advice (request {advice.pk})",
            message="A member has asked for your advice on a draft. Read it and answer at\n"
            f"{_absolute(request, advice)}\n\nThe draft is not included in this e-mail.",
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=recipients,
            fail_silently=True,
        )
    messages.success(
        request, f"Your request for advice ({advice.pk}) has gone to the Monitoring Officer: the answer appears here"
    )
    return redirect(advice)


def _listing(request: HttpRequest, officer: bool, default_status: str) -> HttpResponse:
    mine = AdviceRequest.objects.all() if officer else AdviceRequest.objects.filter(member=request.user)
    status = request.GET.get("status", default_status)
    shown = mine.select_related("member")
    if status in AdviceRequest.Status.values:
        shown = shown.filter(status=status)
    else:
        status = ""
    counts = {value: mine.filter(status=value).count() for value in AdviceRequest.Status.values}
    return render(
        request,
        "casework/list.html",
        {"requests": shown[:200], "officer": officer, "status": status, "counts": counts},
    )


@role_required(COUNCILLOR)
@require_http_methods(["GET"])
def mine(request: HttpRequest) -> HttpResponse:
    """A member's own requests, newest first."""
    return _listing(request, officer=False, default_status="")


@role_required(MONITORING_OFFICER, ADMINISTRATOR)
@require_http_methods(["GET"])
def queue(request: HttpRequest) -> HttpResponse:
    """The Monitoring Officer's queue: open requests first."""
    return _listing(request, officer=True, default_status="open")


def _visible(request: HttpRequest, pk: int) -> AdviceRequest:
    advice = get_object_or_404(AdviceRequest.objects.select_related("member", "replied_by"), pk=pk)
    if not can_answer_advice(request.user) and advice.member_id != request.user.pk:
        raise Http404("No advice request found")
    return advice


def _detail(request: HttpRequest, advice: AdviceRequest, form: ReplyForm | None, status: int = 200) -> HttpResponse:
    from councilguard.checker.result import Finding, Result, Span

    # The findings as the member saw them when asking, rendered like the check page.
    stored = advice.result or {}
    findings = [
        Finding(
            rule=f["rule"],
            severity=f["severity"],
            clauses=list(f.get("clauses", [])),
            message=f.get("message", ""),
            suggestion=f.get("suggestion", ""),
            spans=[Span(s["start"], s["end"], s.get("text", "")) for s in f.get("spans", [])],
            confidence=f.get("confidence", 1.0),
        )
        for f in stored.get("findings", [])
    ]
    result = Result(id=None, findings=findings, protocol=stored.get("protocol", ""))
    report = build_report(result, advice.text, checker().protocol)
    return render(
        request,
        "casework/detail.html",
        {
            "advice": advice,
            "report": report,
            "form": form,
            "officer": can_answer_advice(request.user),
        },
        status=status,
    )


@role_required(COUNCILLOR, MONITORING_OFFICER, ADMINISTRATOR)
@require_http_methods(["GET"])
def advice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    advice = _visible(request, pk)
    form = ReplyForm() if can_answer_advice(request.user) and advice.status == AdviceRequest.Status.OPEN else None
    return _detail(request, advice, form)


@role_required(MONITORING_OFFICER, ADMINISTRATOR)
@require_POST
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    with transaction.atomic():
        advice = get_object_or_404(AdviceRequest.objects.select_for_update(), pk=pk)
        if advice.status != AdviceRequest.Status.OPEN:
            return _detail(request, advice, None, status=409)
        form = ReplyForm(request.POST)
        if not form.is_valid():
            return _detail(request, advice, form, status=400)
        advice.reply = form.cleaned_data["reply"]
        advice.replied_by = request.user
        advice.replied_at = timezone.now()
        advice.status = AdviceRequest.Status.ANSWERED
        advice.save(update_fields=["reply", "replied_by", "replied_at", "status"])
        audit.record(request.user, "changed", advice, {"status": [AdviceRequest.Status.OPEN, advice.status]})
    if advice.member.email:
        # The answer itself stays behind the sign-in: e-mail is not the place for it.
        send_mail(
            subject="CouncilGuard: the Monitoring Officer has answered your question",
            message="The Monitoring Officer has answered your request for advice. "
            "Read the answer at\n"
            f"{_absolute(request, advice)}",
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[advice.member.email],
            fail_silently=True,
        )
    else:
        log.warning("advice request %s answered, but the member has no e-mail address", advice.pk)
    messages.success(request, f"Your answer to advice request {advice.pk} is saved and the member can read it")
    return redirect(f"{reverse('casework:queue')}?status=open")
