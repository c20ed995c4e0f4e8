"""Recording a complaint and changing it: what the Monitoring Officer types is checked,
every change is in the audit log, and a forged request changes nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from councilguard.web.casework.complaint_models import Complaint
from councilguard.web.governance.models import AuditEntry

from .conftest import sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("casework_settings")]
NEW = reverse("casework:complaint-new")


def _fields(about, **changes) -> dict:  # noqa: ANN001
    return {
        "complainant_name": "Sam Taxpayer",
        "complainant_contact": "07700 900123",
        "member": about.pk,
        "received_on": "2026-06-01",
        "summary": "A post on the member's Facebook page called a resident an idiot.",
        "status": "received",
        "outcome": "",
        "outcome_notes": "",
        **changes,
    }


def test_the_monitoring_officer_records_a_complaint_about_a_member(mo_client, councillor, monitoring_officer):
    response = mo_client.post(NEW, _fields(councillor.member))
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response["Location"] == complaint.get_absolute_url()
    assert complaint.member == councillor.member
    assert complaint.received_on == date(2026, 6, 1)
    assert complaint.status == Complaint.Status.RECEIVED
    assert complaint.created_by == monitoring_officer
    page = mo_client.get(complaint.get_absolute_url()).content.decode()
    assert "Sam Taxpayer" in page and "called a resident an idiot" in page


def test_recording_a_complaint_is_in_the_audit_log(mo_client, councillor, monitoring_officer):
    mo_client.post(NEW, _fields(councillor.member))
    entry = AuditEntry.objects.get(model="casework.Complaint")
    assert entry.action == "created" and entry.actor == monitoring_officer
    assert entry.changes["member"] == councillor.member.full_name


def test_a_complaint_without_its_essentials_is_refused_with_messages(mo_client, councillor):
    response = mo_client.post(NEW, _fields(councillor.member, complainant_name="", summary="", member=""))
    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter the complainant&#x27;s name" in page
    assert "Select the member complained about" in page
    assert Complaint.objects.count() == 0


def test_a_date_received_in_the_future_is_refused(mo_client, councillor):
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    response = mo_client.post(NEW, _fields(councillor.member, received_on=tomorrow))
    assert response.status_code == 400
    assert "must be today or in the past" in response.content.decode()


def test_a_closed_complaint_needs_an_outcome_and_an_open_one_has_none(mo_client, councillor):
    closed = mo_client.post(NEW, _fields(councillor.member, status="closed"))
    assert closed.status_code == 400
    assert "Select the outcome of the closed complaint" in closed.content.decode()
    early = mo_client.post(NEW, _fields(councillor.member, outcome="sanction"))
    assert early.status_code == 400
    assert "Only a closed complaint has an outcome" in early.content.decode()
    assert Complaint.objects.count() == 0


def test_closing_a_complaint_with_an_outcome_is_audited_field_by_field(mo_client, complaint, monitoring_officer):
    url = reverse("casework:complaint-edit", args=[complaint.pk])
    response = mo_client.post(
        url,
        _fields(
            complaint.member,
            complainant_name=complaint.complainant_name,
            complainant_contact=complaint.complainant_contact,
            received_on=str(complaint.received_on),
            summary=complaint.summary,
            status="closed",
            outcome="informal-resolution",
        ),
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == "closed" and complaint.outcome == "informal-resolution"
    entry = AuditEntry.objects.get(model="casework.Complaint", action="changed")
    assert entry.actor == monitoring_officer
    assert entry.changes == {
        "status": ["received", "closed"],
        "outcome": ["", "informal-resolution"],
    }


def test_the_administrator_may_record_a_complaint_too(admin_client, councillor):
    assert admin_client.post(NEW, _fields(councillor.member)).status_code == 302


def test_a_forged_post_without_the_csrf_token_changes_nothing(monitoring_officer, complaint):
    client = sign_in(Client(enforce_csrf_checks=True), monitoring_officer)
    edit = reverse("casework:complaint-edit", args=[complaint.pk])
    assert client.post(edit, _fields(complaint.member, status="assessing")).status_code == 403
    assert client.post(NEW, _fields(complaint.member)).status_code == 403
    complaint.refresh_from_db()
    assert complaint.status == "received"
    assert Complaint.objects.count() == 1
    assert not AuditEntry.objects.filter(model="casework.Complaint").exists()


def test_changing_a_complaint_that_does_not_exist_is_not_found(mo_client, complaint):
    url = reverse("casework:complaint-edit", args=[complaint.pk + 100])
    assert mo_client.post(url, _fields(complaint.member)).status_code == 404


def test_a_councillor_cannot_record_or_change_a_complaint(councillor_client, complaint):
    edit = reverse("casework:complaint-edit", args=[complaint.pk])
    assert councillor_client.post(edit, _fields(complaint.member, status="closed")).status_code == 403
    assert councillor_client.post(NEW, _fields(complaint.member)).status_code == 403
    complaint.refresh_from_db()
    assert complaint.status == "received" and Complaint.objects.count() == 1
