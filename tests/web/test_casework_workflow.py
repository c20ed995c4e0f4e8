"""The Monitoring Officer takes a complaint to an outcome: acknowledge, check the
evidence, Independent Person and assessment, outcome, letters (HTML and PDF), with
deadlines, reminders that are safe to send twice, and retention."""

from __future__ import annotations

import html
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from councilguard.web.casework.complaint_models import Complaint, ComplaintReminder
from councilguard.web.governance.models import AuditEntry

from .conftest import ARCHIVES

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("casework_settings")]


def _url(name, complaint, *args):
    return reverse(f"casework:{name}", args=[complaint.pk, *args])


def _assess(mo_client, complaint, **extra):
    return mo_client.post(_url("complaint-assess", complaint), {
        "ip_name": "Sam Independent", "ip_consulted_on_0": "3", "ip_consulted_on_1": "3", "ip_consulted_on_2": "2026",
        "ip_view": "A breach is likely.", "assessment": "investigation",
        "assessment_reasons": "The post appears to call residents scum.", **extra})  # fmt: skip


def test_the_monitoring_officer_takes_a_complaint_from_receipt_to_an_outcome_with_letters(mo_client, complaint):
    complaint.evidence_text = "Residents who object to this are scum."
    complaint.save()
    assert mo_client.post(_url("complaint-acknowledge", complaint)).status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == "acknowledged" and complaint.acknowledged_on == timezone.localdate()

    assert mo_client.post(_url("complaint-check", complaint)).status_code == 302
    complaint.refresh_from_db()
    assert "offensive-content" in [f["rule"] for f in complaint.evidence_check["findings"]]
    page = mo_client.get(complaint.get_absolute_url()).content.decode()
    assert "SM.dont.4" in page or "Don't" in page

    assert _assess(mo_client, complaint).status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == "investigating" and complaint.ip_name == "Sam Independent"

    response = mo_client.post(_url("complaint-outcome", complaint), {"outcome": "sanction",
                              "outcome_notes": "Breach found; the councillor is to apologise."})  # fmt: skip
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == "closed" and complaint.closed_on == timezone.localdate()

    letter = mo_client.get(_url("complaint-letter", complaint, "outcome-complainant")).content.decode()
    assert "Breach found: sanction" in letter and "the councillor is to apologise" in letter
    pdf = mo_client.get(_url("complaint-letter-pdf", complaint, "outcome-member"))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    changes = AuditEntry.objects.filter(model="casework.Complaint", action="changed").values_list("changes", flat=True)
    assert {"status": ["investigating", "closed"]}.items() <= next(c for c in changes if "outcome" in c).items()


def test_a_referral_to_investigation_keeps_the_complaint_open_with_a_new_deadline(mo_client, complaint):
    mo_client.post(_url("complaint-acknowledge", complaint))
    _assess(mo_client, complaint)
    mo_client.post(
        _url("complaint-outcome", complaint), {"outcome": "investigation", "outcome_notes": "To investigate."}
    )
    complaint.refresh_from_db()
    assert complaint.status == "investigating" and complaint.referred_on and not complaint.closed_on


def test_steps_out_of_order_are_refused_and_change_nothing(mo_client, complaint):
    assert _assess(mo_client, complaint).status_code == 409
    assert mo_client.get(_url("complaint-outcome", complaint)).status_code == 409
    mo_client.post(_url("complaint-acknowledge", complaint))
    assert mo_client.post(_url("complaint-acknowledge", complaint)).status_code == 409
    complaint.refresh_from_db()
    assert complaint.assessment == "" and complaint.outcome == ""


def test_an_assessment_without_the_independent_persons_view_is_refused(mo_client, complaint):
    mo_client.post(_url("complaint-acknowledge", complaint))
    response = _assess(mo_client, complaint, ip_view="")
    assert response.status_code == 400 and "Enter the Independent Person's view" in html.unescape(
        response.content.decode()
    )


def test_a_letter_is_not_there_before_its_step(mo_client, complaint):
    assert mo_client.get(_url("complaint-letter", complaint, "outcome-complainant")).status_code == 404
    assert mo_client.get(_url("complaint-letter", complaint, "no-such-letter")).status_code == 404


def test_looking_at_a_complaint_is_in_the_audit_log(mo_client, complaint, monitoring_officer):
    mo_client.get(complaint.get_absolute_url())
    assert AuditEntry.objects.filter(action="viewed", actor=monitoring_officer, object_id=str(complaint.pk)).exists()


def test_the_page_shows_the_stages_deadline_in_working_days(mo_client, complaint, settings):
    settings.COUNCILGUARD_COMPLAINT_ACKNOWLEDGE_DAYS = 3
    page = mo_client.get(complaint.get_absolute_url()).content.decode()
    assert "Acknowledge the complaint" in page and "Overdue" in page  # received 2 May 2026


def test_reminders_are_sent_once_per_deadline_however_often_the_command_runs(complaint, monitoring_officer):
    call_command("casework_reminders", verbosity=0)
    call_command("casework_reminders", verbosity=0)
    assert ComplaintReminder.objects.filter(complaint=complaint, kind="overdue").count() == 1
    assert len(mail.outbox) == 1 and complaint.reference in mail.outbox[0].subject


def test_retention_deletes_closed_cases_past_the_period_and_keeps_the_rest(complaint, councillor, settings):
    settings.COUNCILGUARD_CASE_RETENTION_DAYS = 30
    old = Complaint.objects.create(complainant_name="Old", member=councillor.member, received_on=date(2020, 1, 1),
                                   summary="Old", status="closed", outcome="no-further-action",
                                   closed_on=timezone.localdate() - timedelta(days=31))  # fmt: skip
    call_command("casework_retention", "--dry-run", verbosity=0)
    assert Complaint.objects.filter(pk=old.pk).exists()
    call_command("casework_retention", verbosity=0)
    assert not Complaint.objects.filter(pk=old.pk).exists()
    assert Complaint.objects.filter(pk=complaint.pk).exists()
    assert AuditEntry.objects.filter(action="deleted", object_id=str(old.pk)).exists()


def test_a_complaints_scan_checks_only_what_the_member_sent(mo_client, complaint):
    """The mailbox holds the member's sent mail and mail from others; only the
    member's address is given, so the others' messages are left out (filtered)."""
    with (ARCHIVES / "council-sent.mbox").open("rb") as mbox:
        response = mo_client.post(_url("scan-start", complaint), {"archives": [mbox], "social_account": "personal",
                                                                 "senders": "someone.else@havering.gov.uk"})  # fmt: skip
    assert response.status_code == 302
    scan = complaint.scans.get()
    assert scan.options["senders"] == ["someone.else@havering.gov.uk"]
    assert scan.checked == 0 and scan.summary["filtered"] > 0
