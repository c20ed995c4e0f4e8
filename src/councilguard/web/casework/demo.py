"""Demo data for casework: advice requests waiting and answered, complaints at three
stages (just received from the public form, assessed with the Independent Person's view,
closed with an outcome), and abuse a councillor received from one sender twice (a course
of conduct), one message with a threat. Dates count from ``today``.

Findings come from the checker, so what the officers see is what the product would have
found; each record is audited as the pages would have audited it. Loaded only once: a
second ``load_demo`` finds the first demo complaint and changes nothing.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from councilguard.casework import abuse as abuse_rules

from ..checks.service import check
from ..governance import audit
from ..register.models import Member
from . import workflow
from .abuse_models import AbuseReport
from .complaint_models import Complaint
from .models import AdviceRequest

FIRST_COMPLAINANT = "Maureen Ellis"

# (member's username, question, draft, answer or "")
ADVICE: list[tuple[str, str, dict[str, Any], str]] = [
    (
        "cllr.patel",
        "Can I send this to the residents' association list from my council address? "
        "It is about the consultation, but it mentions the party.",
        {
            "text": "Dear neighbours, the consultation on the Harold Wood parking scheme closes on Friday. "
            "Harold Wood Labour has fought this scheme from day one: respond, and vote Labour on 7 May!",
            "channel": "email",
            "account": "council",
            "sender": "priya.patel@havering.gov.uk",
            "recipients": {"to": ["hwra-members@groups.example.org"]},
        },
        "",
    ),
    (
        "cllr.okafor",
        "A resident asked me to chase her housing repair. Is it all right to post this?",
        {
            "text": "Still no repair for Mrs Jean Whitlock at 14 Oldchurch Road RM7 0BB after six weeks. "
            "Not good enough, @HaveringCouncil.",
            "channel": "social",
            "account": "council",
            "platform": "twitter",
        },
        "Please do not post it: it names a resident and her address, which is her personal data "
        "(Members' ICT Usage Protocol, data protection). Raise it with Housing through the "
        "members' enquiry line instead, and tell her you have done so.",
    ),
]


def _advice(today: date) -> None:
    officer = get_user_model().objects.filter(username="mo.reid").first()
    for username, question, draft, answer in ADVICE:
        member = get_user_model().objects.filter(username=username).first()
        if member is None:
            continue
        result = check(draft)
        advice = AdviceRequest.objects.create(
            member=member,
            question=question,
            text=draft["text"],
            draft={k: v for k, v in draft.items() if k != "text"},
            result=result.to_dict(),
            verdict=result.verdict,
        )
        audit.record(member, "created", advice, {"verdict": [None, advice.verdict]})
        if answer and officer is not None:
            advice.reply, advice.replied_by, advice.replied_at = answer, officer, timezone.now()
            advice.status = AdviceRequest.Status.ANSWERED
            advice.save()
            audit.record(officer, "answered", advice, {"status": ["open", "answered"]})


def _complaints(today: date) -> None:
    officer = get_user_model().objects.filter(username="mo.reid").first()
    patel = Member.objects.filter(user__username="cllr.patel").first()
    okafor = Member.objects.filter(user__username="cllr.okafor").first()
    if patel is None or okafor is None:
        return
    received = Complaint.objects.create(
        complainant_name=FIRST_COMPLAINANT,
        complainant_contact="m.ellis@example.org",
        member=okafor,
        received_on=today - timedelta(days=1),
        summary="Cllr Okafor posted a photo of my son's car with its number plate, calling him a menace.",
        conduct_on=today - timedelta(days=4),
        evidence_text="This absolute menace parks across the dropped kerb on Market Link every night. "
        "Plate's in the photo - you know who you are.",
        source=Complaint.Source.PUBLIC,
    )
    audit.record(None, "created", received, {"source": [None, "public form"], "member": [None, okafor.full_name]})

    assessed = Complaint.objects.create(
        complainant_name="Councillor Dean Marsh",
        complainant_contact="dean.marsh@havering.gov.uk",
        member=patel,
        received_on=today - timedelta(days=24),
        summary="Cllr Patel's post from her council account asks people to vote Labour.",
        conduct_on=today - timedelta(days=26),
        evidence_text="Only Labour will save Harold Wood library. Vote Labour on 7 May!",
        status=Complaint.Status.ASSESSING,
        acknowledged_on=today - timedelta(days=22),
        ip_name="Ms Helen Barker",
        ip_view="The post asks for a vote for a party from the council account; informal resolution is proportionate.",
        ip_consulted_on=today - timedelta(days=10),
        created_by=officer,
    )
    audit.record(officer, "created", assessed, {"source": [None, "entered by an officer"]})

    closed = Complaint.objects.create(
        complainant_name="Mr Paul Granger",
        complainant_contact="01708 555 0192",
        member=okafor,
        received_on=today - timedelta(days=70),
        summary="Cllr Okafor was rude about the planning committee's decision on the Brewery site.",
        evidence_text="The committee got this one badly wrong and I will keep saying so.",
        status=Complaint.Status.CLOSED,
        acknowledged_on=today - timedelta(days=68),
        assessment=Complaint.Assessment.NO_FURTHER_ACTION,
        assessment_reasons="Robust criticism of a decision is protected political expression; no personal attack.",
        assessed_on=today - timedelta(days=50),
        outcome=Complaint.Outcome.NO_FURTHER_ACTION,
        outcome_notes="No breach of the Code of Conduct or the Social Media Protocol.",
        decided_on=today - timedelta(days=50),
        closed_on=today - timedelta(days=50),
        created_by=officer,
    )
    audit.record(officer, "closed", closed, {"status": ["assessing", "closed"]})
    for complaint in (received, assessed, closed):
        complaint.evidence_check = check(workflow.evidence_draft(complaint)).to_dict()
        complaint.evidence_checked_at = timezone.now()
        complaint.save(update_fields=["evidence_check", "evidence_checked_at"])


# (platform, sender's handle, days ago, message)
ABUSE = [
    ("twitter", "@HW_truthteller", 9, "Patel is a useless parasite. People like her should be run out of Harold Wood."),
    ("twitter", "@hw_TruthTeller", 2, "We know where you hold your surgery, Patel. Watch your back on Saturday."),
]


def _abuse(today: date) -> None:
    patel = Member.objects.filter(user__username="cllr.patel").select_related("user").first()
    if patel is None:
        return
    for platform, handle, days_ago, text in ABUSE:
        sender = workflow.sender_for(patel, platform, handle)
        report = AbuseReport(
            member=patel,
            reported_by=patel.user,
            platform=platform,
            sender=sender,
            sender_handle=handle,
            received_on=today - timedelta(days=days_ago),
            text=text,
        )
        workflow.classify_report(report, course=abuse_rules.course_of_conduct(sender.reports.count() + 1))
        report.save()
        workflow.relink_course_of_conduct(sender)
        audit.record(patel.user, "created", report, {"status": [None, report.status]})


def load_casework_demo(today: date) -> None:
    if Complaint.objects.filter(complainant_name=FIRST_COMPLAINANT).exists():
        return
    _advice(today)
    _complaints(today)
    _abuse(today)
