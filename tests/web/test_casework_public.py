"""The public complaint form: anyone may complain with no account; spam, forgeries,
replays, bad uploads and missing answers are refused with a clear message, and nothing
is stored half-way."""

from __future__ import annotations

import re

import pytest
from django.core import mail, signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from councilguard.web.casework import antispam
from councilguard.web.casework.complaint_models import Complaint, ComplaintEvidence, PublicSubmission
from councilguard.web.governance.models import AuditEntry

from .conftest import png

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("casework_settings")]
NEW = "/complaints/new/"


def _token(client: Client) -> str:
    page = client.get(NEW).content.decode()
    return re.search(r'name="form_token" value="([^"]+)"', page).group(1)


def _answers(who, client, **extra):
    data = {
        "form_token": _token(client),
        "complainant_name": "Pat Resident",
        "complainant_contact": "pat@example.org",
        "member": who.pk,
        "summary": "The councillor called residents scum on Facebook.",
        "conduct_on_0": "2", "conduct_on_1": "3", "conduct_on_2": "2026",
        "evidence_links": "https://facebook.com/post/1",
        "evidence_text": "Residents who object are scum.",
        "website": "",
    }  # fmt: skip
    data.update(extra)
    return data


def test_a_resident_lodges_a_complaint_with_a_screenshot_and_gets_a_reference(client, councillor, monitoring_officer):
    response = client.post(NEW, {**_answers(councillor.member, client), "screenshots": [png()]})
    assert response.status_code == 302 and response["Location"] == reverse("complaints:lodged")
    complaint = Complaint.objects.get()
    assert complaint.source == "public" and complaint.member == councillor.member
    assert complaint.evidence_text == "Residents who object are scum."
    evidence = ComplaintEvidence.objects.get()
    assert len(evidence.sha256) == 64 and evidence.width == 40
    page = client.get(reverse("complaints:lodged")).content.decode()
    assert complaint.reference in page
    assert mail.outbox and complaint.reference in mail.outbox[0].subject
    assert AuditEntry.objects.filter(model="casework.Complaint", action="created", actor=None).exists()


def test_the_form_needs_no_account_and_carries_a_csrf_token_and_a_hidden_honeypot(client):
    page = client.get(NEW)
    assert page.status_code == 200
    html = page.content.decode()
    assert "csrfmiddlewaretoken" in html and 'name="form_token"' in html and 'class="cg-hp"' in html


def test_a_complaint_with_no_member_is_refused_with_a_message_and_nothing_is_stored(client, councillor):
    response = client.post(NEW, _answers(councillor.member, client, member=""))
    assert response.status_code == 400
    assert "Select the councillor you are complaining about" in response.content.decode()
    assert not Complaint.objects.exists() and not PublicSubmission.objects.exists()


def test_a_filled_honeypot_is_refused(client, councillor):
    response = client.post(NEW, _answers(councillor.member, client, website="http://spam.example"))
    assert response.status_code == 400 and not Complaint.objects.exists()


def test_a_forged_token_is_refused(client, councillor):
    response = client.post(NEW, _answers(councillor.member, client, form_token="forged:token"))
    assert response.status_code == 400
    assert "could not be checked" in response.content.decode()
    assert not Complaint.objects.exists()


def test_a_token_for_another_form_or_an_expired_one_is_refused(client, councillor, monkeypatch):
    other = signing.dumps({"f": "other-form", "t": 0, "n": "x"}, salt=antispam.SALT)
    assert client.post(NEW, _answers(councillor.member, client, form_token=other)).status_code == 400
    monkeypatch.setattr(antispam, "MAX_AGE_SECONDS", -1)
    expired = client.post(NEW, _answers(councillor.member, client))
    assert expired.status_code == 400 and "open for too long" in expired.content.decode()


def test_a_replayed_post_is_refused_and_stores_nothing_more(client, councillor):
    answers = _answers(councillor.member, client)
    assert client.post(NEW, answers).status_code == 302
    again = client.post(NEW, answers)
    assert again.status_code == 409 and "already been sent" in again.content.decode()
    assert Complaint.objects.count() == 1


def test_a_form_sent_faster_than_a_person_types_is_refused(client, councillor, settings):
    settings.COUNCILGUARD_PUBLIC_FORM_MIN_SECONDS = 60
    response = client.post(NEW, _answers(councillor.member, client))
    assert response.status_code == 400 and "too quickly" in response.content.decode()


def test_posts_past_the_hourly_limit_from_one_address_are_refused_with_429(client, councillor, settings):
    settings.COUNCILGUARD_PUBLIC_FORM_PER_HOUR = 2
    for _ in range(2):
        assert client.post(NEW, _answers(councillor.member, client)).status_code == 302
    refused = client.post(NEW, _answers(councillor.member, client))
    assert refused.status_code == 429 and refused["Retry-After"] == "3600"
    assert Complaint.objects.count() == 2


def test_a_post_without_the_csrf_token_is_refused(councillor):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(NEW, _answers(councillor.member, strict))
    assert response.status_code == 403 and not Complaint.objects.exists()


def test_an_upload_that_is_not_an_image_is_refused_naming_the_file(client, councillor):
    fake = SimpleUploadedFile("photo.png", b"%PDF-1.4 not an image", content_type="image/png")
    response = client.post(NEW, {**_answers(councillor.member, client), "screenshots": [png(), fake]})
    assert response.status_code == 400
    assert "photo.png is not an image" in response.content.decode()
    assert not Complaint.objects.exists() and not ComplaintEvidence.objects.exists()


def test_a_screenshot_over_the_size_limit_is_refused(client, councillor, settings):
    settings.COUNCILGUARD_SCREENSHOT_MAX_BYTES = 1024
    response = client.post(NEW, {**_answers(councillor.member, client), "screenshots": [png(size=(400, 400))]})
    assert response.status_code == 400 and "must be 1 KB or smaller" in response.content.decode()
    assert not Complaint.objects.exists()


def test_a_50_mb_upload_is_refused_with_413_before_it_is_read(client, councillor):
    response = client.post(NEW, _answers(councillor.member, client), CONTENT_LENGTH=str(50 * 1024 * 1024))
    assert response.status_code == 413
    assert "too large" in response.content.decode() and not Complaint.objects.exists()


def test_if_storing_a_screenshot_fails_nothing_is_kept(client, councillor, monkeypatch, settings):
    from councilguard.web.casework import casefiles

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(casefiles, "store", broken)
    client.raise_request_exception = False
    response = client.post(NEW, {**_answers(councillor.member, client), "screenshots": [png()]})
    assert response.status_code == 500
    assert not Complaint.objects.exists() and not PublicSubmission.objects.exists()
    assert not any((settings.COUNCILGUARD_CASEWORK_DIR).glob("complaint-*"))
