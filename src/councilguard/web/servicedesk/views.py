"""The ICT Service Desk's pages, and the member's own: devices, incidents, returns,
leavers and e-mail filters. Every view checks roles with ``web.roles``; every change goes
through ``services`` (atomic, audited)."""

from __future__ import annotations

import csv
import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from councilguard.servicedesk import rules
from councilguard.servicedesk.rules import RuleError

from .. import roles
from ..governance import audit
from ..governance.protocols import version_in_force
from . import forms, services
from .models import Asset, FilterRequest, Incident, LeaverAccount, LeaverCase, LeaverDevice, ReturnRequest

DESK = (roles.ICT_SERVICE_DESK, roles.ADMINISTRATOR)
GET_POST = ["GET", "HEAD", "POST"]


def _desk_only(request: HttpRequest) -> None:
    if not roles.can_run_service_desk(request.user):
        raise PermissionDenied("Only the ICT Service Desk can do this.")


def _render_form(
    request: HttpRequest,
    form: Any,
    *,
    title: str,
    caption: str = "",
    intro: str = "",
    back: tuple[str, str] | None = None,
    status: int = 200,
    extra: dict | None = None,
) -> HttpResponse:
    return render(
        request,
        "servicedesk/form.html",
        {"form": form, "title": title, "caption": caption, "intro": intro, "back": back, **(extra or {})},
        status=status,
    )


def _bad(request: HttpRequest) -> int:
    """The status of a page shown again with errors: 400 after a POST."""
    return 400 if request.method == "POST" else 200


def _acted(
    request: HttpRequest,
    form: Any,
    action: Callable[[dict[str, Any]], Any],
    *,
    says: Callable[[Any], str],
    then: Callable[[Any], HttpResponse],
) -> HttpResponse | None:
    """Runs one service on a valid posted form: the message ``says`` what was done and the
    response is ``then``'s (a redirect). A broken register rule becomes the form's error and
    None is returned, so the view shows the form again with it."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        made = action(form.cleaned_data)
    except RuleError as error:
        form.add_rule_error(error)
        return None
    messages.success(request, says(made))
    return then(made)


def _desk_or_member(request: HttpRequest, member_id: int, refusal: str) -> bool:
    """Whether the user is the Service Desk; anyone else must be the member the record is
    about, or is refused with ``refusal``."""
    if roles.can_run_service_desk(request.user):
        return True
    member = roles.member_for(request.user)
    if member is None or member.pk != member_id:
        raise PermissionDenied(refusal)
    return False


def _state(due, today=None):  # noqa: ANN001, ANN202
    return rules.deadline_state(due, today or timezone.localdate())


# --- Dashboard and the register ------------------------------------------------------------


@roles.role_required(*DESK)
def dashboard(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    returns = [
        (r, _state(r.due_on, today))
        for r in ReturnRequest.objects.filter(returned_on=None).select_related("asset", "member")
    ]
    leavers = sorted(
        ((c, _state(c.deadline, today)) for c in LeaverCase.objects.filter(closed_at=None).select_related("member")),
        key=lambda pair: pair[1].days_left,
    )
    horizon = today + timezone.timedelta(days=30)
    audits = (
        Asset.objects.filter(next_audit_due__lte=horizon)
        .exclude(status__in=list(rules.GONE))
        .select_related("holder")
        .order_by("next_audit_due")
    )
    return render(
        request,
        "servicedesk/dashboard.html",
        {
            "incidents": Incident.objects.filter(closed_at=None).select_related("asset", "member"),
            "overdue_returns": [(r, s) for r, s in returns if s.overdue],
            "open_returns": [(r, s) for r, s in returns if not s.overdue],
            "leavers": leavers,
            "audits": [(a, _state(a.next_audit_due, today)) for a in audits],
            "filters": FilterRequest.objects.filter(status=FilterRequest.Status.ASKED).select_related("member"),
            "counts": {s: Asset.objects.filter(status=s).count() for s in rules.AssetStatus},
        },
    )


@roles.role_required(*DESK)
def assets(request: HttpRequest) -> HttpResponse:
    rows = Asset.objects.select_related("holder")
    status = request.GET.get("status", "")
    if status in {s.value for s in rules.AssetStatus}:
        rows = rows.filter(status=status)
    else:
        status = ""
    query = request.GET.get("q", "").strip()
    if query:
        rows = rows.filter(
            Q(asset_tag__icontains=query)
            | Q(serial_number__icontains=query)
            | Q(holder__full_name__icontains=query)
            | Q(model__icontains=query)
        )
    return render(
        request,
        "servicedesk/assets.html",
        {
            "assets": rows,
            "status": status,
            "query": query,
            "statuses": [(s.value, rules.ASSET_STATUS_LABELS[s]) for s in rules.AssetStatus],
        },
    )


@roles.role_required(*DESK)
def export_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="equipment-register-{timezone.localdate()}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "Asset tag",
            "Serial number",
            "Type",
            "Make",
            "Model",
            "Status",
            "Held by",
            "Held since",
            "Next audit due",
            "Open incident",
            "Open return request",
        ]
    )
    for asset in Asset.objects.select_related("holder").prefetch_related("incidents", "return_requests"):
        incident = next((i for i in asset.incidents.all() if i.is_open), None)
        request_ = next((r for r in asset.return_requests.all() if r.is_open), None)
        cells = [
            asset.asset_tag,
            asset.serial_number,
            asset.get_kind_display(),
            asset.make,
            asset.model,
            asset.get_status_display(),
            asset.holder.full_name if asset.holder_id else "",
            asset.held_since or "",
            asset.next_audit_due or "",
            incident.get_kind_display() if incident else "",
            f"due {request_.due_on}" if request_ else "",
        ]
        # A cell a spreadsheet would read as a formula is written as text.
        writer.writerow([f"'{c}" if isinstance(c, str) and c[:1] in ("=", "+", "-", "@") else c for c in cells])
    audit.record(
        request.user, "changed", Asset(pk=0, asset_tag="register"), {"exported": [None, "equipment register as CSV"]}
    )
    return response


@roles.role_required(*DESK)
@require_http_methods(GET_POST)
def asset_add(request: HttpRequest) -> HttpResponse:
    form = forms.AssetForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            asset = form.save()
            services.record_added(asset, request.user, audit.form_changes(form))
        messages.success(request, f"Added {asset.label} to the register, in stock.")
        return redirect("servicedesk:asset", pk=asset.pk)
    return _render_form(
        request,
        form,
        title="Add a device",
        caption="Equipment register",
        back=("Equipment register", "servicedesk:assets"),
        status=_bad(request),
    )


@roles.role_required(*DESK)
@require_http_methods(GET_POST)
def asset_edit(request: HttpRequest, pk: int) -> HttpResponse:
    asset = get_object_or_404(Asset, pk=pk)
    form = forms.AssetForm(request.POST if request.method == "POST" else None, instance=asset)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            changes = audit.form_changes(form)
            asset = form.save()
            if changes:
                audit.record(request.user, "changed", asset, changes)
        messages.success(request, f"Saved {asset.label}.")
        return redirect("servicedesk:asset", pk=asset.pk)
    return _render_form(
        request,
        form,
        title=f"Change {asset}",
        caption="Equipment register",
        back=(str(asset), "servicedesk:asset", asset.pk),
        status=_bad(request),
    )


@roles.role_required(*DESK)
def asset_detail(request: HttpRequest, pk: int) -> HttpResponse:
    asset = get_object_or_404(Asset.objects.select_related("holder"), pk=pk)
    return render(
        request,
        "servicedesk/asset.html",
        {
            "asset": asset,
            "events": asset.events.select_related("protocol_version"),
            "incidents": asset.incidents.all(),
            "return_requests": asset.return_requests.all(),
            "issuable": asset.status in rules.ISSUABLE,
            "held": asset.status in rules.HELD,
        },
    )


@roles.role_required(*DESK)
@require_http_methods(GET_POST)
def asset_issue(request: HttpRequest, pk: int) -> HttpResponse:
    asset = get_object_or_404(Asset, pk=pk)
    version = version_in_force()
    form = forms.IssueForm(request.POST if request.method == "POST" else None, version=version)
    done = _acted(
        request,
        form,
        lambda data: services.issue_asset(asset, data["member"], data["issued_on"], request.user),
        says=lambda _: (
            f"Issued {asset.label} to {form.cleaned_data['member'].full_name}; "
            f"their acknowledgement of {version.pack_id} is recorded."
        ),
        then=lambda _: redirect("servicedesk:asset", pk=asset.pk),
    )
    if done:
        return done
    return _render_form(
        request,
        form,
        title=f"Issue {asset.label}",
        caption="Equipment register",
        intro=(
            "A device is issued only to a councillor who has read and acknowledged the Members' "
            "ICT Usage Protocol in force: the acknowledgement is recorded with the issue."
        ),
        back=(str(asset), "servicedesk:asset", asset.pk),
        status=_bad(request),
    )


@roles.role_required(*DESK)
@require_http_methods(GET_POST)
def asset_receive(request: HttpRequest, pk: int) -> HttpResponse:
    asset = get_object_or_404(Asset.objects.select_related("holder"), pk=pk)
    form = forms.ReceiveForm(request.POST if request.method == "POST" else None)
    done = _acted(
        request,
        form,
        lambda data: services.receive_asset(asset, data["returned_on"], request.user),
        says=lambda _: f"{asset.label} is recorded as returned.",
        then=lambda _: redirect("servicedesk:asset", pk=asset.pk),
    )
    if done:
        return done
    holder = f" from {asset.holder.full_name}" if asset.holder_id else ""
    return _render_form(
        request,
        form,
        title=f"Record {asset.label} as returned{holder}",
        caption="Equipment register",
        back=(str(asset), "servicedesk:asset", asset.pk),
        status=_bad(request),
    )


# --- Incidents ------------------------------------------------------------------------------


@roles.role_required(*DESK)
def incidents(request: HttpRequest) -> HttpResponse:
    rows = Incident.objects.select_related("asset", "member")
    return render(
        request,
        "servicedesk/incidents.html",
        {"open": [i for i in rows if i.is_open], "closed": [i for i in rows if not i.is_open]},
    )


def _may_see_incident(user: Any, incident: Incident) -> bool:
    if roles.can_run_service_desk(user):
        return True
    member = roles.member_for(user)
    return member is not None and incident.member_id == member.pk


def _incident_for(request: HttpRequest, pk: int, refusal: str) -> Incident:
    incident = get_object_or_404(Incident.objects.select_related("asset", "member"), pk=pk)
    _desk_or_member(request, incident.member_id, refusal)
    return incident


@roles.role_required()
@require_http_methods(GET_POST)
def incident_report(request: HttpRequest) -> HttpResponse:
    desk = roles.can_run_service_desk(request.user)
    member = roles.member_for(request.user)
    if not desk and member is None:
        raise PermissionDenied("Only councillors and the ICT Service Desk report devices.")
    held = Asset.objects.filter(status__in=list(rules.HELD)).select_related("holder")
    choices = held if desk else held.filter(holder=member)
    form = forms.IncidentReportForm(request.POST if request.method == "POST" else None, assets=choices)
    if request.method == "GET" and request.GET.get("asset", "").isdigit():
        form.initial["asset"] = int(request.GET["asset"])
    if request.method == "POST":
        try:
            key = uuid.UUID(request.POST.get("submission_key", ""))
        except ValueError:
            key = None
        earlier = Incident.objects.filter(submission_key=key).first() if key else None
        if earlier is not None and _may_see_incident(request.user, earlier):
            messages.info(request, "This report had already been sent: nothing was sent twice.")
            return redirect("servicedesk:incident", pk=earlier.pk)
    posted = request.POST.get("asset", "") if request.method == "POST" else ""
    other = Asset.objects.filter(pk=int(posted)).first() if posted.isdigit() else None
    if other is not None and other.status not in rules.HELD and (desk or other.holder_id == member.pk):
        # A device already reported, or not with anyone: say why plainly, not "not one of the choices".
        form.is_valid()
        form.errors.pop("asset", None)
        try:
            rules.check_can_report(rules.AssetStatus(other.status), False)
        except RuleError as error:
            form.add_rule_error(error)
        else:
            form.add_error("asset", f"This device is {other.get_status_display().lower()}, not with a councillor")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            incident, created = services.report_incident(
                asset=data["asset"],
                kind=data["kind"],
                happened_on=data["happened_on"],
                description=data["description"],
                crime_number=data["crime_number"],
                actor=request.user,
                submission_key=data["submission_key"],
            )
        except RuleError as error:
            form.add_rule_error(error)
        else:
            if created:
                messages.success(
                    request,
                    (
                        f"Your report is sent: the ICT Service Desk has been told that {incident.asset.label} "
                        f"is {incident.get_kind_display().lower()}."
                    ),
                )
            else:
                messages.info(request, "This report had already been sent: nothing was sent twice.")
            return redirect("servicedesk:incident", pk=incident.pk)
    if not choices.exists() and request.method == "GET":
        form = None
    return render(
        request,
        "servicedesk/incident_report.html",
        {"form": form, "desk": desk, "member": member},
        status=_bad(request),
    )


def _incident_page(
    request: HttpRequest, incident: Incident, *, crime_form: Any = None, close_form: Any = None, status: int = 200
) -> HttpResponse:
    desk = roles.can_run_service_desk(request.user)
    if incident.is_open:
        if crime_form is None and incident.kind == Incident.Kind.THEFT and not incident.crime_number:
            crime_form = forms.CrimeNumberForm()
        if close_form is None and desk:
            close_form = forms.IncidentCloseForm(initial={"crime_number": incident.crime_number})
    if crime_form is not None:
        crime_form.helper.form_action = reverse("servicedesk:incident-crime-number", args=[incident.pk])
    if close_form is not None:
        close_form.helper.form_action = reverse("servicedesk:incident-close", args=[incident.pk])
    return render(
        request,
        "servicedesk/incident.html",
        {"incident": incident, "desk": desk, "crime_form": crime_form, "close_form": close_form},
        status=status,
    )


@roles.role_required()
def incident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _incident_page(request, _incident_for(request, pk, "You may only see your own reports."))


@require_POST
@roles.role_required()
def incident_crime_number(request: HttpRequest, pk: int) -> HttpResponse:
    incident = _incident_for(request, pk, "You may only add a crime number to your own reports.")
    form = forms.CrimeNumberForm(request.POST)
    done = _acted(
        request,
        form,
        lambda data: services.add_crime_number(incident, data["crime_number"], request.user),
        says=lambda _: "The crime number is recorded.",
        then=lambda _: redirect("servicedesk:incident", pk=incident.pk),
    )
    return done or _incident_page(request, incident, crime_form=form, status=400)


@require_POST
@roles.role_required(*DESK)
def incident_close(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_object_or_404(Incident.objects.select_related("asset", "member"), pk=pk)
    form = forms.IncidentCloseForm(request.POST)

    def close(data: dict[str, Any]) -> None:
        services.close_incident(
            incident,
            outcome=data["outcome"],
            crime_number=data["crime_number"],
            charge_amount=data["charge_amount"],
            decision=data["decision"],
            notes=data["outcome_notes"],
            actor=request.user,
        )
        incident.refresh_from_db()

    done = _acted(
        request,
        form,
        close,
        says=lambda _: f"Report closed: {incident.get_outcome_display().lower()}.",
        then=lambda _: redirect("servicedesk:incident", pk=incident.pk),
    )
    return done or _incident_page(request, incident, close_form=form, status=400)


# --- Return requests ------------------------------------------------------------------------


@roles.role_required(*DESK)
def returns(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rows = ReturnRequest.objects.select_related("asset", "member")
    open_rows = [(r, _state(r.due_on, today)) for r in rows if r.is_open]
    return render(
        request,
        "servicedesk/returns.html",
        {
            "overdue": [p for p in open_rows if p[1].overdue],
            "open": [p for p in open_rows if not p[1].overdue],
            "done": [r for r in rows if not r.is_open],
        },
    )


@roles.role_required(*DESK)
@require_http_methods(GET_POST)
def return_add(request: HttpRequest) -> HttpResponse:
    form = forms.ReturnRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "GET" and request.GET.get("asset", "").isdigit():
        form.initial["asset"] = int(request.GET["asset"])
    done = _acted(
        request,
        form,
        lambda data: services.request_return(
            asset=data["asset"],
            reason=data["reason"],
            requested_on=data["requested_on"],
            due_on=data["due_on"],
            note=data["note"],
            actor=request.user,
        ),
        says=lambda made: (
            f"{made.member.full_name} has been asked to return {made.asset.label} by {made.due_on:%d %B %Y}."
        ),
        then=lambda made: redirect("servicedesk:return", pk=made.pk),
    )
    if done:
        return done
    return _render_form(
        request,
        form,
        title="Ask for a device back",
        caption="Return requests",
        intro=(
            "For audit, upgrade, repair or maintenance. The councillor is e-mailed "
            "now, reminded before the date and chased when it is overdue."
        ),
        back=("Return requests", "servicedesk:returns"),
        status=_bad(request),
    )


@roles.role_required()
@require_http_methods(GET_POST)
def return_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(ReturnRequest.objects.select_related("asset", "member"), pk=pk)
    desk = _desk_or_member(request, item.member_id, "You may only see requests for your own devices.")
    form = forms.ReturnedForm(request.POST if request.method == "POST" else None) if desk and item.is_open else None
    if request.method == "POST":
        _desk_only(request)
        if form is None:
            messages.error(request, "This device has already been returned.")
            return redirect("servicedesk:return", pk=item.pk)
        done = _acted(
            request,
            form,
            lambda data: services.record_return(item, data["returned_on"], request.user),
            says=lambda _: f"{item.asset.label} is recorded as returned.",
            then=lambda _: redirect("servicedesk:return", pk=item.pk),
        )
        if done:
            return done
    return render(
        request,
        "servicedesk/return.html",
        {"item": item, "state": _state(item.due_on) if item.is_open else None, "form": form, "desk": desk},
        status=_bad(request),
    )


# --- Leavers ------------------------------------------------------------------------------


@roles.role_required(roles.ICT_SERVICE_DESK, roles.MEMBERS_SERVICES, roles.ADMINISTRATOR)
def leavers(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    cases = LeaverCase.objects.select_related("member")
    open_cases = sorted(((c, _state(c.deadline, today)) for c in cases if c.is_open), key=lambda p: p[1].days_left)
    return render(
        request,
        "servicedesk/leavers.html",
        {
            "open": open_cases,
            "closed": [c for c in cases if not c.is_open],
            "desk": roles.can_run_service_desk(request.user),
        },
    )


def _leaver_page(request: HttpRequest, case: LeaverCase, *, status: int = 200, **forms_: Any) -> HttpResponse:
    desk = roles.can_run_service_desk(request.user)
    devices = list(case.devices.select_related("asset"))
    sign_in_form = forms_.get("sign_in_form") or forms.SignInEndForm(initial={"sign_in_ends_on": case.sign_in_ends_on})
    sign_in_form.helper.form_action = reverse("servicedesk:leaver-sign-in", args=[case.pk])
    return render(
        request,
        "servicedesk/leaver.html",
        {
            "case": case,
            "state": _state(case.deadline) if case.is_open else None,
            "desk": desk and case.is_open,
            "devices": devices,
            "accounts": list(case.accounts.all()),
            "blockers": services.leaver_blockers(case),
            "device_form": forms.AccountDeviceForm(),
            "sign_in_form": sign_in_form,
            "accounted_choices": LeaverDevice.Accounted.choices,
        },
        status=status,
    )


@roles.role_required(roles.ICT_SERVICE_DESK, roles.MEMBERS_SERVICES, roles.ADMINISTRATOR)
def leaver_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(LeaverCase.objects.select_related("member", "member__user"), pk=pk)
    return _leaver_page(request, case)


def _leaver_action(request: HttpRequest, case: LeaverCase, action: Any, done: str) -> HttpResponse:
    try:
        action()
    except RuleError as error:
        messages.error(request, error.message)
        case.refresh_from_db()
        return _leaver_page(request, case, status=409)
    messages.success(request, done)
    return redirect("servicedesk:leaver", pk=case.pk)


@require_POST
@roles.role_required(*DESK)
def leaver_account(request: HttpRequest, pk: int, item: int, step: str) -> HttpResponse:
    case = get_object_or_404(LeaverCase, pk=pk)
    account = get_object_or_404(LeaverAccount, pk=item, case=case)
    if step not in ("suspend", "end"):
        raise Http404("No such step")
    word = "suspended" if step == "suspend" else "ended"
    return _leaver_action(
        request, case, lambda: services.tick_account(account, step, request.user), f"{account.name}: {word}."
    )


@require_POST
@roles.role_required(*DESK)
def leaver_device(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    case = get_object_or_404(LeaverCase, pk=pk)
    device = get_object_or_404(LeaverDevice.objects.select_related("asset"), pk=item, case=case)
    how = request.POST.get("how", "")
    if how not in LeaverDevice.Accounted.values:
        messages.error(request, "Select how the device was accounted for")
        return _leaver_page(request, case, status=400)
    label = dict(LeaverDevice.Accounted.choices)[how].lower()
    return _leaver_action(
        request, case, lambda: services.account_device(device, how, request.user), f"{device.asset}: {label}."
    )


@require_POST
@roles.role_required(*DESK)
def leaver_sign_in(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(LeaverCase.objects.select_related("member", "member__user"), pk=pk)
    form = forms.SignInEndForm(request.POST)
    if not form.is_valid():
        return _leaver_page(request, case, status=400, sign_in_form=form)
    day = form.cleaned_data["sign_in_ends_on"]
    return _leaver_action(
        request, case, lambda: services.set_sign_in_end(case, day, request.user), f"The sign-in ends on {day:%d %B %Y}."
    )


@require_POST
@roles.role_required(*DESK)
def leaver_close(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(LeaverCase.objects.select_related("member"), pk=pk)
    return _leaver_action(
        request,
        case,
        lambda: services.close_leaver_case(case, request.user),
        f"The leaver case for {case.member.full_name} is closed.",
    )


# --- E-mail filters ---------------------------------------------------------------------


@roles.role_required(*DESK)
def filters(request: HttpRequest) -> HttpResponse:
    rows = FilterRequest.objects.select_related("member")
    return render(
        request,
        "servicedesk/filters.html",
        {"asked": [f for f in rows if f.status == "asked"], "decided": [f for f in rows if f.status != "asked"]},
    )


@roles.role_required()
@require_http_methods(GET_POST)
def filter_ask(request: HttpRequest) -> HttpResponse:
    member = roles.member_for(request.user)
    if member is None:
        raise PermissionDenied("Only councillors ask for e-mail filters.")
    form = forms.FilterAskForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made, created = services.ask_filter(
                member=member,
                sender=data["sender"],
                reason=data["reason"],
                actor=request.user,
                submission_key=data["submission_key"],
            )
        except RuleError as error:
            form.add_rule_error(error)
        else:
            if created:
                messages.success(
                    request,
                    (
                        f"You have asked for mail from {made.sender} to be filtered. "
                        f"The ICT Service Desk will tell you when it is in place."
                    ),
                )
            else:
                messages.info(request, "This request had already been sent: nothing was sent twice.")
            return redirect("servicedesk:mine")
    return _render_form(
        request,
        form,
        title="Ask for an e-mail filter",
        caption="Your council devices",
        intro=(
            "The ICT Service Desk can filter mail from a sender, or "
            "from everyone at a domain, out of your council inbox."
        ),
        back=("Your council devices", "servicedesk:mine"),
        status=_bad(request),
    )


@roles.role_required()
@require_http_methods(GET_POST)
def filter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(FilterRequest.objects.select_related("member"), pk=pk)
    desk = _desk_or_member(request, item.member_id, "You may only see your own filter requests.")
    form = (
        forms.FilterDecideForm(request.POST if request.method == "POST" else None)
        if desk and item.status == "asked"
        else None
    )
    if request.method == "POST":
        _desk_only(request)
        if form is None:
            messages.error(request, f"This request has already been dealt with: {item.get_status_display().lower()}.")
            return redirect("servicedesk:filter", pk=item.pk)

        def decide(data: dict[str, Any]) -> None:
            services.decide_filter(
                item,
                status=data["status"],
                in_place_on=data["in_place_on"],
                declined_reason=data["declined_reason"],
                actor=request.user,
            )
            item.refresh_from_db()

        done = _acted(
            request,
            form,
            decide,
            says=lambda _: f"The filter on {item.sender} is recorded as {item.get_status_display().lower()}.",
            then=lambda _: redirect("servicedesk:filter", pk=item.pk),
        )
        if done:
            return done
    return render(request, "servicedesk/filter.html", {"item": item, "form": form, "desk": desk}, status=_bad(request))


# --- The member's own page ------------------------------------------------------------------


@roles.role_required()
def mine(request: HttpRequest) -> HttpResponse:
    member = roles.member_for(request.user)
    if member is None:
        raise PermissionDenied("Only councillors have council devices here.")
    today = timezone.localdate()
    return render(
        request,
        "servicedesk/mine.html",
        {
            "member": member,
            "devices": Asset.objects.filter(holder=member).exclude(status__in=list(rules.GONE)),
            "incidents": Incident.objects.filter(member=member).select_related("asset"),
            "returns": [
                (r, _state(r.due_on, today) if r.is_open else None)
                for r in member.return_requests.select_related("asset")
            ],
            "filters": member.filter_requests.all(),
        },
    )
