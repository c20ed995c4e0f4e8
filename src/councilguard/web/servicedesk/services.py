"""Every change the Service Desk's pages (and the register) make: one function each,
atomic, checked against ``councilguard.servicedesk.rules`` and written to the audit log.

They raise ``RuleError`` (with the form field it concerns) and change nothing when the
protocol's rules refuse the change.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from councilguard.servicedesk import rules
from councilguard.servicedesk.rules import AssetStatus, RuleError

from ..governance import audit
from ..governance.models import Acknowledgement
from ..governance.protocols import version_in_force
from ..register.models import Member
from . import notify
from .models import Asset, AssetEvent, FilterRequest, Incident, LeaverAccount, LeaverCase, LeaverDevice, ReturnRequest

__all__ = ["RuleError"]


def _name(actor: Any) -> str:
    return audit._actor_name(actor)


def _event(asset: Asset, actor: Any, what: str, before: str, on: date | None = None, version=None) -> None:  # noqa: ANN001
    AssetEvent.objects.create(
        asset=asset,
        on=on or timezone.localdate(),
        actor_name=_name(actor),
        what=what,
        status_before=before,
        status_after=asset.status,
        holder=asset.holder.full_name if asset.holder_id else "",
        protocol_version=version,
    )


def _set_status(asset: Asset, actor: Any, status: AssetStatus, what: str, on: date | None = None, **fields) -> None:  # noqa: ANN003
    before = {"status": asset.get_status_display(), "holder": str(asset.holder) if asset.holder_id else None}
    old_status = asset.status
    asset.status = status
    for name, value in fields.items():
        setattr(asset, name, value)
    asset.save()
    after = {"status": asset.get_status_display(), "holder": str(asset.holder) if asset.holder_id else None}
    changes = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
    if "held_since" in fields:
        changes["held_since"] = [None, str(fields["held_since"]) if fields["held_since"] else None]
    _event(asset, actor, what, old_status, on)
    audit.record(actor, "changed", asset, changes)


def _check_not_future(day: date, field: str, label: str) -> None:
    if day > timezone.localdate():
        raise RuleError(f"The {label} must be today or in the past", field)


# --- The equipment register -------------------------------------------------------------


def normalise_tag(tag: str) -> str:
    return " ".join(tag.split()).upper()


def record_added(asset: Asset, actor: Any, changes: dict) -> None:
    _event(asset, actor, "Added to the register", "")
    audit.record(actor, "created", asset, changes)


@transaction.atomic
def issue_asset(asset: Asset, member: Member, on: date, actor: Any) -> Acknowledgement:
    """Issue a device: the member acknowledges the protocol version in force at the same time."""
    asset = Asset.objects.select_for_update().get(pk=asset.pk)
    if asset.status not in rules.ISSUABLE:
        raise RuleError(
            f"This device is {asset.get_status_display().lower()}: only a device in stock or returned can be issued",
            "member",
        )
    if not member.active or member.leaver_cases.filter(closed_at=None).exists():
        raise RuleError(f"{member.full_name} is leaving the council: devices are surrendered, not issued", "member")
    _check_not_future(on, "issued_on", "date issued")
    version = version_in_force()
    if version is None:
        raise RuleError("No protocol is in force: Members' Services must record one before devices are issued")
    ack, created = Acknowledgement.objects.get_or_create(member=member, version=version)
    if created:
        audit.record(actor, "acknowledged", ack, {"version": [None, version.pack_id], "when": [None, "device issued"]})
    before = asset.status
    asset.status, asset.holder, asset.held_since = AssetStatus.ISSUED, member, on
    asset.save()
    _event(asset, actor, f"Issued to {member.full_name}; protocol {version.pack_id} acknowledged", before, on, version)
    audit.record(
        actor,
        "changed",
        asset,
        {
            "status": [rules.ASSET_STATUS_LABELS[AssetStatus(before)], "Issued"],
            "holder": [None, str(member)],
            "held_since": [None, str(on)],
            "protocol acknowledged": [None, version.pack_id],
        },
    )
    return ack


@transaction.atomic
def receive_asset(asset: Asset, on: date, actor: Any, what: str = "Returned to the Service Desk") -> None:
    asset = Asset.objects.select_for_update().get(pk=asset.pk)
    if asset.status not in rules.HELD:
        raise RuleError(f"This device is {asset.get_status_display().lower()}, not with a member", "returned_on")
    _check_not_future(on, "returned_on", "date returned")
    member = asset.holder
    _set_status(asset, actor, AssetStatus.RETURNED, what, on, holder=None, held_since=None)
    for request in ReturnRequest.objects.filter(asset=asset, returned_on=None):
        request.returned_on = max(on, request.requested_on)
        request.save(update_fields=["returned_on"])
        audit.record(actor, "changed", request, {"returned_on": [None, str(request.returned_on)]})
    if member is not None:
        for item in LeaverDevice.objects.filter(
            asset=asset, case__member=member, case__closed_at=None, accounted_as=""
        ):
            # Without django-stubs mypy reads a TextChoices member as its (value, label) tuple.
            _account(item, LeaverDevice.Accounted.RETURNED, actor)  # type: ignore[arg-type]


# --- Incidents --------------------------------------------------------------------------


def report_incident(
    *,
    asset: Asset,
    kind: str,
    happened_on: date,
    description: str,
    crime_number: str,
    actor: Any,
    submission_key: uuid.UUID | None = None,
) -> tuple[Incident, bool]:
    """Record a report of damage, loss or theft; the Service Desk is e-mailed at once.

    Returns (incident, created): a second submission of the same form finds the first.
    """
    if submission_key and (existing := Incident.objects.filter(submission_key=submission_key).first()):
        return existing, False
    with transaction.atomic():
        asset = Asset.objects.select_for_update().get(pk=asset.pk)
        rules.check_can_report(AssetStatus(asset.status), asset.incidents.filter(closed_at=None).exists())
        rules.check_crime_number(rules.IncidentKind(kind), crime_number)
        _check_not_future(happened_on, "happened_on", "date it happened")
        incident = Incident.objects.create(
            asset=asset,
            member=asset.holder,
            kind=kind,
            happened_on=happened_on,
            description=description,
            crime_number=crime_number.strip(),
            reported_by=actor if actor.is_authenticated else None,
            reported_by_name=_name(actor),
            submission_key=submission_key or uuid.uuid4(),
        )
        audit.record(
            actor,
            "created",
            incident,
            {
                "kind": [None, incident.get_kind_display()],
                "asset": [None, str(asset)],
                "happened_on": [None, str(happened_on)],
                "crime_number": [None, incident.crime_number or None],
            },
        )
        status = rules.status_after_report(rules.IncidentKind(kind))
        _set_status(asset, actor, status, f"Reported {incident.get_kind_display().lower()}", happened_on)
        notify.after_commit(lambda: _tell_desk_of(incident))
    return incident, True


def _tell_desk_of(incident: Incident) -> None:
    asset = incident.asset
    who = incident.member.full_name if incident.member_id else "no one"
    police = (
        f"Police crime number: {incident.crime_number}"
        if incident.crime_number
        else ("No police crime number yet." if incident.kind == Incident.Kind.THEFT else "")
    )
    notify.send(
        f"Device {incident.get_kind_display().lower()}: {asset.label}",
        f"{incident.reported_by_name} reported {asset.label}, held by {who}, as "
        f"{incident.get_kind_display().lower()} on {incident.happened_on:%d %B %Y}.\n\n"
        f"{incident.description}\n\n{police}\n\n"
        f"Open the report: {notify.link('servicedesk:incident', incident.pk)}",
        notify.service_desk(),
    )


@transaction.atomic
def add_crime_number(incident: Incident, crime_number: str, actor: Any) -> None:
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if not incident.is_open:
        raise RuleError("This report is closed", "crime_number")
    crime_number = crime_number.strip()
    if not crime_number:
        raise RuleError("Enter the police crime number", "crime_number")
    rules.check_crime_number(rules.IncidentKind(incident.kind), crime_number)
    before = incident.crime_number or None
    incident.crime_number = crime_number
    incident.save(update_fields=["crime_number"])
    audit.record(actor, "changed", incident, {"crime_number": [before, crime_number]})


@transaction.atomic
def close_incident(
    incident: Incident,
    *,
    outcome: str,
    crime_number: str,
    charge_amount: Decimal | None,
    decision: str,
    notes: str,
    actor: Any,
) -> None:
    incident = Incident.objects.select_for_update(of=("self",)).select_related("asset").get(pk=incident.pk)
    if not incident.is_open:
        raise RuleError("This report is already closed", "outcome")
    crime_number = crime_number.strip()
    rules.check_close(rules.IncidentKind(incident.kind), outcome, crime_number, charge_amount, decision)
    before = {
        f: getattr(incident, f) for f in ("crime_number", "outcome", "charge_amount", "decision", "outcome_notes")
    }
    incident.crime_number, incident.outcome = crime_number, outcome
    incident.charge_amount = charge_amount if outcome == rules.Outcome.CHARGED_MISUSE else None
    incident.decision = decision.strip() if outcome == rules.Outcome.CHARGED_MISUSE else ""
    incident.outcome_notes = notes.strip()
    incident.closed_at, incident.closed_by_name = timezone.now(), _name(actor)
    incident.save()
    changes = {
        f: [audit._plain(before[f]) or None, audit._plain(getattr(incident, f)) or None]
        for f in before
        if before[f] != getattr(incident, f)
    }
    changes["closed"] = [None, incident.get_outcome_display()]
    audit.record(actor, "changed", incident, changes)
    status = rules.status_after_outcome(rules.IncidentKind(incident.kind), outcome)
    asset = incident.asset
    fields: dict[str, Any] = {}
    if status in rules.GONE:
        fields = {"holder": None, "held_since": None}
    elif asset.holder_id is None and incident.member_id:
        fields = {"holder": incident.member}
    if status != asset.status or fields:
        _set_status(asset, actor, status, f"Report closed: {incident.get_outcome_display()}", **fields)


# --- Return requests ----------------------------------------------------------------------


@transaction.atomic
def request_return(
    *, asset: Asset, reason: str, requested_on: date, due_on: date, note: str, actor: Any
) -> ReturnRequest:
    asset = Asset.objects.select_for_update().get(pk=asset.pk)
    if asset.status not in rules.HELD or asset.holder_id is None:
        raise RuleError("Only a device a member holds can be asked back", "asset")
    if asset.return_requests.filter(returned_on=None).exists():
        raise RuleError("This device has already been asked back: see the open request", "asset")
    rules.check_return_dates(requested_on, due_on)
    request = ReturnRequest.objects.create(
        asset=asset,
        member=asset.holder,
        reason=reason,
        requested_on=requested_on,
        due_on=due_on,
        note=note.strip(),
        created_by_name=_name(actor),
    )
    audit.record(
        actor,
        "created",
        request,
        {
            "asset": [None, str(asset)],
            "reason": [None, request.get_reason_display()],
            "requested_on": [None, str(requested_on)],
            "due_on": [None, str(due_on)],
        },
    )
    notify.after_commit(
        lambda: notify.send(
            f"Please return {asset.label} by {due_on:%d %B %Y}",
            f"Dear Councillor {request.member.full_name},\n\nThe ICT Service Desk needs {asset.label} back for "
            f"{request.get_reason_display().lower()} by {due_on:%A %d %B %Y}.\n\n{request.note}\n\nICT Service Desk",
            notify.member_address(request.member),
        )
    )
    return request


@transaction.atomic
def record_return(request: ReturnRequest, returned_on: date, actor: Any) -> None:
    request = ReturnRequest.objects.select_for_update(of=("self",)).select_related("asset").get(pk=request.pk)
    if not request.is_open:
        raise RuleError("This device has already been returned", "returned_on")
    rules.check_returned_on(request.requested_on, returned_on, timezone.localdate())
    if request.asset.status in rules.HELD:
        receive_asset(request.asset, returned_on, actor, f"Returned for {request.get_reason_display().lower()}")
    request.refresh_from_db()
    if request.returned_on is None:
        request.returned_on = returned_on
        request.save(update_fields=["returned_on"])
        audit.record(actor, "changed", request, {"returned_on": [None, str(returned_on)]})
    if request.reason == ReturnRequest.Reason.AUDIT:
        asset = request.asset
        asset.refresh_from_db()
        before = asset.next_audit_due
        asset.next_audit_due = returned_on + timedelta(days=365)
        asset.save(update_fields=["next_audit_due"])
        audit.record(actor, "changed", asset, {"next_audit_due": [audit._plain(before), str(asset.next_audit_due)]})


# --- Leavers --------------------------------------------------------------------------------


def term_end_recorded(member: Member, actor: Any) -> LeaverCase | None:
    """Called when the register saves a member: a recorded term end opens (or moves) the leaver case."""
    if not member.term_ends:
        return None
    with transaction.atomic():
        case = LeaverCase.objects.select_for_update().filter(member=member, closed_at=None).first()
        if case is None:
            if LeaverCase.objects.filter(member=member, term_ends=member.term_ends).exists():
                return None  # already dealt with: a closed case for this very term end
            return open_leaver_case(member, actor)
        if case.term_ends != member.term_ends or case.reason != member.term_end_reason:
            before = {"term_ends": str(case.term_ends), "deadline": str(case.deadline), "reason": case.reason}
            case.term_ends, case.reason = member.term_ends, member.term_end_reason
            case.deadline = rules.leaver_deadline(member.term_ends)
            if case.sign_in_ended_at is None:
                case.sign_in_ends_on = member.term_ends
            case.save()
            after = {"term_ends": str(case.term_ends), "deadline": str(case.deadline), "reason": case.reason}
            audit.record(actor, "changed", case, {k: [before[k], after[k]] for k in before if before[k] != after[k]})
        return case


def open_leaver_case(member: Member, actor: Any) -> LeaverCase:
    case = LeaverCase.objects.create(
        member=member,
        term_ends=member.term_ends,
        reason=member.term_end_reason,
        deadline=rules.leaver_deadline(member.term_ends),
        sign_in_ends_on=member.term_ends,
    )
    if member.council_email:
        LeaverAccount.objects.create(
            case=case, kind=LeaverAccount.Kind.EMAIL, name=f"Council e-mail {member.council_email}"
        )
    LeaverAccount.objects.create(case=case, kind=LeaverAccount.Kind.NETWORK, name="Council network sign-in")
    if member.user_id:
        LeaverAccount.objects.create(
            case=case, kind=LeaverAccount.Kind.COUNCILGUARD, name=f"CouncilGuard sign-in {member.user.username}"
        )
    for account in member.social_accounts.filter(kind="council"):
        LeaverAccount.objects.create(
            case=case,
            kind=LeaverAccount.Kind.SOCIAL,
            name=f"Council {account.get_platform_display()} account {account.handle}".strip(),
        )
    for asset in Asset.objects.filter(holder=member, status__in=list(rules.HELD)).order_by("asset_tag"):
        LeaverDevice.objects.create(case=case, asset=asset)
    audit.record(
        actor,
        "created",
        case,
        {
            "member": [None, str(member)],
            "term_ends": [None, str(case.term_ends)],
            "reason": [None, case.get_reason_display()],
            "deadline": [None, str(case.deadline)],
            "devices": [None, [str(d) for d in case.devices.all()]],
            "accounts": [None, [a.name for a in case.accounts.all()]],
        },
    )
    notify.after_commit(
        lambda: notify.send(
            f"Leaver: {member.full_name}, everything back by {case.deadline:%d %B %Y}",
            f"{member.full_name}'s term ends on {case.term_ends:%d %B %Y} ({case.get_reason_display().lower()}).\n"
            f"Devices to surrender: {', '.join(str(d) for d in case.devices.all()) or 'none on the register'}.\n"
            f"Accounts to suspend and end: {', '.join(a.name for a in case.accounts.all())}.\n"
            f"Deadline (ten working days): {case.deadline:%A %d %B %Y}.\n\n"
            f"Open the case: {notify.link('servicedesk:leaver', case.pk)}",
            notify.service_desk(),
        )
    )
    return case


def _open_case(case: LeaverCase) -> LeaverCase:
    case = LeaverCase.objects.select_for_update().get(pk=case.pk)
    if not case.is_open:
        raise RuleError("This leaver case is closed")
    return case


@transaction.atomic
def tick_account(item: LeaverAccount, step: str, actor: Any) -> None:
    _open_case(item.case)
    item = LeaverAccount.objects.select_for_update().get(pk=item.pk)
    now = timezone.now()
    if step == "suspend":
        if item.suspended_at:
            raise RuleError(f"{item.name} is already suspended")
        item.suspended_at = now
        changes = {"suspended": [None, str(now)]}
    elif step == "end":
        if item.ended_at:
            raise RuleError(f"{item.name} has already been ended")
        changes = {"ended": [None, str(now)]}
        if not item.suspended_at:
            item.suspended_at = now
            changes["suspended"] = [None, str(now)]
        item.ended_at = now
    else:
        raise RuleError("No such step")
    item.save()
    audit.record(actor, "changed", item, changes)
    if item.kind == LeaverAccount.Kind.COUNCILGUARD and step == "end":
        end_sign_in(item.case, actor)


def end_sign_in(case: LeaverCase, actor: Any) -> bool:
    """End the leaver's CouncilGuard sign-in (an inactive user cannot sign in); True if a sign-in was ended."""
    case = LeaverCase.objects.select_for_update(of=("self",)).select_related("member__user").get(pk=case.pk)
    if case.sign_in_ended_at:
        return False
    now = timezone.now()
    user = case.member.user
    ended = False
    if user is not None and user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
        audit.record(actor, "changed", user, {"sign-in": ["active", "ended"], "why": [None, str(case)]})
        ended = True
    case.sign_in_ended_at = now
    case.save(update_fields=["sign_in_ended_at"])
    audit.record(actor, "changed", case, {"sign_in_ended_at": [None, str(now)]})
    for item in case.accounts.filter(kind=LeaverAccount.Kind.COUNCILGUARD, ended_at=None):
        item.suspended_at = item.suspended_at or now
        item.ended_at = now
        item.save()
        audit.record(actor, "changed", item, {"ended": [None, str(now)]})
    return ended


@transaction.atomic
def set_sign_in_end(case: LeaverCase, day: date, actor: Any) -> None:
    case = _open_case(case)
    if case.sign_in_ended_at:
        raise RuleError("The sign-in has already ended", "sign_in_ends_on")
    if day > case.deadline:
        raise RuleError(f"The sign-in must end by the case's deadline, {case.deadline:%d %B %Y}", "sign_in_ends_on")
    before = case.sign_in_ends_on
    case.sign_in_ends_on = day
    case.save(update_fields=["sign_in_ends_on"])
    audit.record(actor, "changed", case, {"sign_in_ends_on": [audit._plain(before), str(day)]})
    if day <= timezone.localdate():
        end_sign_in(case, actor)


def _account(item: LeaverDevice, how: str, actor: Any) -> None:
    item.accounted_as, item.accounted_at = how, timezone.now()
    item.save(update_fields=["accounted_as", "accounted_at"])
    audit.record(actor, "changed", item, {"accounted_as": [None, item.get_accounted_as_display()]})


@transaction.atomic
def account_device(item: LeaverDevice, how: str, actor: Any, on: date | None = None) -> None:
    case = _open_case(item.case)
    item = LeaverDevice.objects.select_for_update(of=("self",)).select_related("asset").get(pk=item.pk)
    if item.accounted_as:
        raise RuleError(f"{item.asset} is already accounted for ({item.get_accounted_as_display().lower()})")
    asset = item.asset
    if how == LeaverDevice.Accounted.RETURNED:
        if asset.status in rules.HELD and asset.holder_id == case.member_id:
            receive_asset(asset, on or timezone.localdate(), actor, "Surrendered: the member is leaving")
            item.refresh_from_db()
            if item.accounted_as:
                return
        elif asset.status in rules.GONE:
            raise RuleError(f"{asset} is {asset.get_status_display().lower()}: record it as such, not surrendered")
    elif how in (LeaverDevice.Accounted.LOST, LeaverDevice.Accounted.STOLEN):
        if asset.status != how:
            raise RuleError(f"Report {asset} {'lost' if how == 'lost' else 'stolen'} first, then tick it here")
    elif how == LeaverDevice.Accounted.WRITTEN_OFF:
        if asset.status != AssetStatus.WRITTEN_OFF:
            _set_status(
                asset,
                actor,
                AssetStatus.WRITTEN_OFF,
                "Written off: the member is leaving",
                holder=None,
                held_since=None,
            )
    else:
        raise RuleError("Select how the device was accounted for")
    _account(item, how, actor)


def leaver_blockers(case: LeaverCase) -> list[str]:
    return rules.leaver_blockers(
        [str(d.asset) for d in case.devices.select_related("asset") if not d.accounted_as],
        [a.name for a in case.accounts.all() if not a.ended_at],
    )


@transaction.atomic
def close_leaver_case(case: LeaverCase, actor: Any) -> None:
    case = _open_case(case)
    blockers = leaver_blockers(case)
    if blockers:
        raise RuleError("The case cannot close yet: " + "; ".join(blockers))
    end_sign_in(case, actor)
    case.closed_at, case.closed_by_name = timezone.now(), _name(actor)
    case.save(update_fields=["closed_at", "closed_by_name"])
    audit.record(actor, "changed", case, {"closed": [None, str(case.closed_at)]})
    member = case.member
    if member.active and case.term_ends <= timezone.localdate():
        member.active = False
        member.save(update_fields=["active"])
        audit.record(actor, "changed", member, {"active": [True, False]})


# --- E-mail filters ---------------------------------------------------------------------------


def ask_filter(
    *, member: Member, sender: str, reason: str, actor: Any, submission_key: uuid.UUID | None = None
) -> tuple[FilterRequest, bool]:
    if submission_key and (existing := FilterRequest.objects.filter(submission_key=submission_key).first()):
        return existing, False
    sender = rules.looks_like_sender(sender)
    with transaction.atomic():
        if (
            FilterRequest.objects.filter(member=member, sender=sender)
            .exclude(status=FilterRequest.Status.DECLINED)
            .exists()
        ):
            raise RuleError(f"You have already asked for {sender} to be filtered", "sender")
        request = FilterRequest.objects.create(
            member=member, sender=sender, reason=reason.strip(), submission_key=submission_key or uuid.uuid4()
        )
        audit.record(actor, "created", request, {"sender": [None, sender], "status": [None, "Asked"]})
        notify.after_commit(
            lambda: notify.send(
                f"E-mail filter asked for: {sender}",
                f"Councillor {member.full_name} asks for mail from {sender} to be filtered.\n\n{request.reason}\n\n"
                f"Record it: {notify.link('servicedesk:filter', request.pk)}",
                notify.service_desk(),
            )
        )
    return request, True


@transaction.atomic
def decide_filter(
    request: FilterRequest, *, status: str, in_place_on: date | None, declined_reason: str, actor: Any
) -> None:
    request = FilterRequest.objects.select_for_update(of=("self",)).select_related("member").get(pk=request.pk)
    if request.status != FilterRequest.Status.ASKED:
        raise RuleError(f"This request has already been dealt with: {request.get_status_display().lower()}", "status")
    if status == FilterRequest.Status.IN_PLACE:
        if in_place_on is None:
            raise RuleError("Enter the date the filter was put in place", "in_place_on")
        if in_place_on < timezone.localtime(request.asked_at).date():
            raise RuleError("The filter cannot be in place before it was asked for", "in_place_on")
        _check_not_future(in_place_on, "in_place_on", "date the filter was put in place")
        request.in_place_on = in_place_on
    elif status == FilterRequest.Status.DECLINED:
        if not declined_reason.strip():
            raise RuleError("Enter why the filter was not put in place", "declined_reason")
        request.declined_reason = declined_reason.strip()
    else:
        raise RuleError("Select what happened", "status")
    request.status, request.decided_by_name = status, _name(actor)
    request.save()
    audit.record(
        actor,
        "changed",
        request,
        {
            "status": ["Asked", request.get_status_display()],
            **(
                {"in_place_on": [None, str(in_place_on)]}
                if in_place_on
                else {"declined_reason": [None, request.declined_reason]}
            ),
        },
    )
    notify.after_commit(
        lambda: notify.send(
            f"Your e-mail filter on {request.sender}: {request.get_status_display().lower()}",
            f"Dear Councillor {request.member.full_name},\n\nYour filter on {request.sender} is "
            f"{request.get_status_display().lower()}"
            + (f" since {request.in_place_on:%d %B %Y}." if request.in_place_on else f": {request.declined_reason}")
            + "\n\nICT Service Desk",
            notify.member_address(request.member),
        )
    )
