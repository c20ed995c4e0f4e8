"""The casework workflows inside Django: deadlines from settings, the checker run on
evidence and on abuse received, who is told, and the files behind each case. Plain
rules (working days, classification, course of conduct, retention) are in
``councilguard.casework``; this module applies them to the records."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import QuerySet

from councilguard.casework import abuse as abuse_rules
from councilguard.casework.deadlines import Deadline, current_deadline
from councilguard.checker.result import Finding, Result, Span
from councilguard.web import roles
from councilguard.web.checks.service import check, checker
from councilguard.web_services import build_report

from .abuse_models import AbuseReport, AbuseSender
from .complaint_models import Complaint

log = logging.getLogger(__name__)


# --- Complaints ------------------------------------------------------------------------


def stage_days() -> dict[str, int]:
    return {
        "acknowledge": settings.COUNCILGUARD_COMPLAINT_ACKNOWLEDGE_DAYS,
        "assess": settings.COUNCILGUARD_COMPLAINT_ASSESS_DAYS,
        "decide": settings.COUNCILGUARD_COMPLAINT_DECIDE_DAYS,
    }


def deadline_of(complaint: Complaint) -> Deadline | None:
    if complaint.status == Complaint.Status.CLOSED:
        return None
    return current_deadline(
        received_on=complaint.received_on,
        acknowledged_on=complaint.acknowledged_on,
        # A referral to investigation or a hearing starts the outcome stage again.
        assessed_on=complaint.referred_on or complaint.assessed_on,
        decided_on=complaint.decided_on,
        days=stage_days(),
    )


def reminder_days() -> int:
    return settings.COUNCILGUARD_COMPLAINT_REMINDER_DAYS


def retention_days() -> int:
    return settings.COUNCILGUARD_CASE_RETENTION_DAYS


def evidence_draft(complaint: Complaint) -> dict[str, Any]:
    """The words complained about as a draft the checker reads (a public post unless the
    text says it was an e-mail is not knowable: the social channel is the stricter)."""
    text = (complaint.evidence_text or "").strip() or complaint.summary
    return {"text": text, "channel": "social", "platform": "other", "account": "personal",
            "author": complaint.member.register_id}  # fmt: skip


def stored_result(stored: dict[str, Any]) -> Result:
    findings = [
        Finding(
            rule=f["rule"],
            severity=f["severity"],
            clauses=list(f.get("clauses", [])),
            message=f.get("message", ""),
            suggestion=f.get("suggestion", ""),
            spans=[Span(s["start"], s["end"], s.get("text", "")) for s in f.get("spans", [])],
            confidence=f.get("confidence", 1.0),
            evidence=f.get("evidence") or {},
        )
        for f in (stored or {}).get("findings", [])
    ]
    return Result(id=None, findings=findings, protocol=(stored or {}).get("protocol", ""))


def report_for(stored: dict[str, Any], text: str) -> Any:
    """The check page's report (highlighted text, findings citing clauses) for a stored Result."""
    return build_report(stored_result(stored), text, checker().protocol)


def monitoring_officers() -> list[str]:
    users = get_user_model().objects.filter(groups__name=roles.MONITORING_OFFICER, is_active=True)
    return sorted({u.email for u in users if u.email})


# --- Abuse received ---------------------------------------------------------------------


def _findings_of(text: str, platform: str) -> list[dict[str, Any]]:
    draft = {"text": text, "channel": "email" if platform == "email" else "social", "account": "personal"}
    if platform != "email":
        draft["platform"] = (
            platform if platform in ("twitter", "facebook", "instagram", "linkedin", "youtube") else "other"
        )
    return [f.to_dict() for f in check(draft).findings]


def classify_report(report: AbuseReport, *, course: bool) -> None:
    """Run the checker's detectors on the message and set the report's categories."""
    findings = _findings_of(report.text, report.platform)
    result = abuse_rules.classify(
        report.text,
        findings,
        checker().protocol.lexicons,
        impersonation=report.impersonation,
        course_of_conduct=course,
    )
    report.findings = findings
    report.categories = list(result.categories)
    report.reasons = list(result.reasons)
    report.threat = result.threat
    if report.threat and report.status == AbuseReport.Status.OPEN:
        report.status = AbuseReport.Status.POLICE


def sender_for(member: Any, platform: str, handle: str) -> AbuseSender:
    key = abuse_rules.sender_key(platform, handle)
    sender, _ = AbuseSender.objects.get_or_create(
        member=member, key=key, defaults={"platform": platform, "handle": handle.strip()}
    )
    return sender


def relink_course_of_conduct(sender: AbuseSender) -> list[AbuseReport]:
    """When a sender reaches two reports, every report from them is harassment too."""
    reports = list(sender.reports.all())
    if not abuse_rules.course_of_conduct(len(reports)):
        return []
    changed = []
    for report in reports:
        if abuse_rules.HARASSMENT not in report.categories:
            report.categories = [c for c in abuse_rules.CATEGORIES if c in {*report.categories, abuse_rules.HARASSMENT}]
            report.reasons = [
                *report.reasons,
                f"{abuse_rules.CATEGORY_LABELS[abuse_rules.HARASSMENT]}: "
                f"{abuse_rules.COURSE_OF_CONDUCT_AT} or more reports from this sender: a course of conduct",
            ]
            report.save(update_fields=["categories", "reasons"])
            changed.append(report)
    return changed


def people_to_tell(member: Any) -> list[str]:
    """The member's group leader(s) and Members' Services, by e-mail address."""
    users = get_user_model().objects.filter(is_active=True)
    leaders = (
        users.filter(groups__name=roles.GROUP_LEADER, member__group_id=member.group_id)
        if member.group_id
        else users.none()
    )
    services = users.filter(groups__name=roles.MEMBERS_SERVICES)
    addresses = {u.email for u in [*leaders, *services] if u.email and u.pk != member.user_id}
    return sorted(addresses)


def notify_abuse(report: AbuseReport, link: str) -> list[str]:
    recipients = people_to_tell(report.member)
    if not recipients:
        log.warning("abuse report %s: nobody to tell (no group leader or Members' Services e-mail)", report.pk)
        return []
    what = ", ".join(report.category_labels) or "abuse"
    urgent = "URGENT: a threat. " if report.threat else ""
    send_mail(
        subject=f"CouncilGuard: {urgent}Councillor {report.member.full_name} has reported abuse ({what})",
        message=(
            f"Councillor {report.member.full_name} has reported a message received on "
            f"{report.get_platform_display()} on {report.received_on:%d %B %Y}.\n"
            + (
                "It contains a threat: the councillor has been asked to report it to the Police.\n"
                if report.threat
                else ""
            )
            + f"Read the report and download the evidence pack at\n{link}\n\n"
            "The message itself is not included in this e-mail."
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=recipients,
        fail_silently=True,
    )
    return recipients


def visible_abuse_reports(user: Any) -> QuerySet[AbuseReport]:
    reports = AbuseReport.objects.select_related("member", "member__group", "sender")
    if roles.has_role(user, roles.MEMBERS_SERVICES, roles.ADMINISTRATOR):
        return reports
    own = roles.member_for(user)
    if own is None:
        return reports.none()
    if roles.has_role(user, roles.GROUP_LEADER) and own.group_id:
        return reports.filter(member__group_id=own.group_id)
    return reports.filter(member=own)


def today() -> date:
    from django.utils import timezone

    return timezone.localdate()
