"""The scheduled duty behind ``councilguard deadlines``: reminders and escalations, and
leavers' sign-ins ended on the day their case says.

Safe to run any number of times a day: each notice has a key (what, which record, which
stage, which due date) recorded in ``Notice`` in the same transaction as it is sent, so a
second run finds it and sends nothing; a failed send rolls its record back and the next
run tries again.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone

from councilguard.calendar.workdays import add_working_days, working_days_between
from councilguard.servicedesk import rules

from . import notify, services
from .models import Asset, Incident, LeaverCase, Notice, ReturnRequest


@dataclass
class RunReport:
    sent: list[str] = field(default_factory=list)
    already_sent: int = 0
    sign_ins_ended: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"sent {key}" for key in self.sent]
        out += [f"ended sign-in: {name}" for name in self.sign_ins_ended]
        out += [f"FAILED {text}" for text in self.failed]
        out.append(
            f"{len(self.sent)} notice(s) sent, {self.already_sent} already sent before, "
            f"{len(self.sign_ins_ended)} sign-in(s) ended, {len(self.failed)} failed"
        )
        return out


def _once(
    report: RunReport, key: str, subject: str, body: str, to: Callable[[], list[str]], *, send: bool = True
) -> None:
    """Send the notice ``key`` unless it was sent before. With send=False it is only recorded:
    a stage overtaken by a later one (a reminder when the item is already overdue)."""
    if Notice.objects.filter(key=key).exists():
        report.already_sent += 1
        return
    if not send:
        with contextlib.suppress(IntegrityError), transaction.atomic():
            Notice.objects.create(key=key, subject=f"(not sent: overtaken) {subject}"[:300], recipients="")
        return
    recipients = sorted({a for a in to() if a})
    try:
        with transaction.atomic():
            Notice.objects.create(key=key, subject=subject[:300], recipients=", ".join(recipients))
            notify.send(subject, body, recipients)
    except IntegrityError:
        report.already_sent += 1  # another run sent it a moment ago
    except Exception as exc:  # noqa: BLE001 - one bad address must not stop the other notices
        report.failed.append(f"{key}: {exc}")
    else:
        report.sent.append(key)


def _member_and_service_desk(member: object) -> list[str]:
    return notify.member_address(member) + notify.service_desk()


def _returns(report: RunReport, today: date) -> None:
    for request in ReturnRequest.objects.filter(returned_on=None).select_related("asset", "member"):
        state = rules.deadline_state(request.due_on, today)
        what = f"{request.asset.label} ({request.get_reason_display().lower()})"
        stages = rules.return_notices(request.due_on, today)
        to: Callable[[], list[str]]
        for stage in stages:
            key = f"return:{request.pk}:{stage}:{request.due_on}"
            if stage == "reminder":
                subject = f"Reminder: return {request.asset.label} by {request.due_on:%d %B %Y}"
                body = (
                    f"Dear Councillor {request.member.full_name},\n\nPlease bring {what} to the "
                    f"ICT Service Desk by {request.due_on:%A %d %B %Y}.\n\nICT Service Desk"
                )
                to = partial(notify.member_address, request.member)
            elif stage == "overdue":
                subject = f"Overdue: {request.asset.label} was due back on {request.due_on:%d %B %Y}"
                body = (
                    f"Dear Councillor {request.member.full_name},\n\n{what} was due back on "
                    f"{request.due_on:%A %d %B %Y}. Please return it now.\n\nICT Service Desk"
                )
                to = partial(_member_and_service_desk, request.member)
            else:
                subject = f"Escalation: {request.asset.label} {state.label.lower()}"
                body = (
                    f"{request.member.full_name} has not returned {what}, due on {request.due_on:%d %B %Y} "
                    f"({state.label.lower()}).\n\n{notify.link('servicedesk:return', request.pk)}"
                )
                to = notify.service_desk
            # Past the due date the member gets the overdue notice, not a reminder as well.
            _once(report, key, subject, body, to, send=not (stage == "reminder" and "overdue" in stages))


def _leavers(report: RunReport, today: date) -> None:
    for case in LeaverCase.objects.filter(closed_at=None).select_related("member", "member__user"):
        if case.sign_in_ends_on and case.sign_in_ends_on <= today and not case.sign_in_ended_at:
            with transaction.atomic():
                if services.end_sign_in(case, None):
                    report.sign_ins_ended.append(case.member.full_name)
        state = rules.deadline_state(case.deadline, today)
        blockers = services.leaver_blockers(case)
        outstanding = "\n".join(f"- {b}" for b in blockers) or "- nothing: close the case"
        link = notify.link("servicedesk:leaver", case.pk)
        stages = rules.leaver_notices(case.deadline, today)
        for stage in stages:
            key = f"leaver:{case.pk}:{stage}:{case.deadline}"
            if stage == "reminder":
                subject = f"Leaver {case.member.full_name}: {state.label.lower()} (deadline {case.deadline:%d %B %Y})"
                to = notify.service_desk
            else:
                subject = f"Escalation: leaver {case.member.full_name} {state.label.lower()}"
                to = lambda: notify.service_desk() + notify.monitoring_officers()  # noqa: E731
            body = (
                f"{case.member.full_name}'s access must be ended by "
                f"{case.deadline:%A %d %B %Y}. Still to do:\n{outstanding}\n\n{link}"
            )
            _once(report, key, subject, body, to, send=not (stage == "reminder" and "escalation" in stages))


def _thefts(report: RunReport, today: date) -> None:
    for incident in Incident.objects.filter(closed_at=None, kind=Incident.Kind.THEFT, crime_number="").select_related(
        "asset", "member"
    ):
        reported = timezone.localtime(incident.reported_at).date()
        if working_days_between(reported, today) < rules.CRIME_NUMBER_CHASE_WORKING_DAYS or incident.member is None:
            continue
        _once(
            report,
            f"incident:{incident.pk}:crime-number",
            f"The police crime number for your stolen {incident.asset.get_kind_display()}",
            f"Dear Councillor {incident.member.full_name},\n\nThe ICT Service Desk still needs the police crime "
            f"number for the theft of {incident.asset.label}. Add it on your devices "
            f"page: {notify.link('servicedesk:mine')}\n\nICT Service Desk",
            partial(notify.member_address, incident.member),
        )


def _audits(report: RunReport, today: date) -> None:
    horizon = add_working_days(today, rules.AUDIT_NOTICE_WORKING_DAYS)
    due = (
        Asset.objects.filter(next_audit_due__lte=horizon)
        .exclude(status__in=list(rules.GONE))
        .order_by("next_audit_due")
    )
    for asset in due:
        _once(
            report,
            f"audit:{asset.pk}:{asset.next_audit_due}",
            f"Audit due {asset.next_audit_due:%d %B %Y}: {asset.label}",
            f"{asset.label} ({asset.get_status_display().lower()}"
            + (f", held by {asset.holder.full_name}" if asset.holder_id else "")
            + (
                f") is due for audit on {asset.next_audit_due:%A %d %B %Y}. Ask "
                f"for it back: {notify.link('servicedesk:asset', asset.pk)}"
            ),
            notify.service_desk,
        )


def run(today: date | None = None) -> RunReport:
    today = today or timezone.localdate()
    report = RunReport()
    _leavers(report, today)
    _returns(report, today)
    _thefts(report, today)
    _audits(report, today)
    return report
