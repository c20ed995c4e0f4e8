"""A councillor reports abuse from a phone; the detectors classify it, the group leader
and Members' Services are told at once, two reports from one sender are a course of
conduct, and a threat asks for a Police report with an evidence pack."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from councilguard.web.casework.abuse_models import AbuseReport, AbuseScreenshot

from .conftest import png, sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("casework_settings")]
NEW = "/abuse/new/"


def _report(client, text="I will kill you, watch your back.", handle="@TrollFace99", **extra):
    data = {"platform": "twitter", "sender_handle": handle, "received_on_0": "20", "received_on_1": "3",
            "received_on_2": "2026", "text": text, **extra}  # fmt: skip
    return client.post(NEW, data)


def test_a_threat_is_classified_the_group_leader_and_members_services_are_told_and_the_police_step_raised(
    client, everyone
):
    sign_in(client, everyone["councillor"])
    response = _report(client, screenshots=[png()])
    assert response.status_code == 302
    report = AbuseReport.objects.get()
    assert report.threat and report.status == "police" and "threat" in report.categories
    assert sorted(mail.outbox[0].to) == sorted([everyone["group leader"].email, everyone["Members' Services"].email])
    assert "URGENT" in mail.outbox[0].subject and report.text not in mail.outbox[0].body
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Report it to the Police" in page and "help.x.com" in page
    assert AbuseScreenshot.objects.get().sha256 in page


def test_two_reports_from_one_sender_become_a_course_of_conduct(client, everyone):
    sign_in(client, everyone["councillor"])
    _report(client, text="You are a disgrace.")
    _report(client, text="I know where you live.", handle="trollface99")
    first, second = AbuseReport.objects.order_by("pk")
    assert first.sender_id == second.sender_id
    first.refresh_from_db()
    assert "harassment" in first.categories and "harassment" in second.categories


def test_the_evidence_pack_is_a_pdf_with_the_screenshots_hashes(client, everyone):
    sign_in(client, everyone["councillor"])
    _report(client, screenshots=[png()])
    report = AbuseReport.objects.get()
    sign_in(client, everyone["group leader"])
    pdf = client.get(reverse("abuse:evidence-pack", args=[report.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_recording_the_police_reference_moves_the_report_on(client, everyone):
    sign_in(client, everyone["councillor"])
    _report(client)
    report = AbuseReport.objects.get()
    assert (
        client.post(reverse("abuse:police", args=[report.pk]), {"police_reference": "CAD 1234/20MAR26"}).status_code
        == 302
    )
    report.refresh_from_db()
    assert report.status == "reported" and report.police_reference == "CAD 1234/20MAR26"
    assert client.post(reverse("abuse:police", args=[report.pk]), {"police_reference": "again"}).status_code == 409


def test_a_report_that_is_not_a_threat_has_no_police_step(client, everyone):
    sign_in(client, everyone["councillor"])
    _report(client, text="Thank you for the pothole repairs.")
    report = AbuseReport.objects.get()
    assert not report.threat and report.status == "open"
    assert client.post(reverse("abuse:police", args=[report.pk]), {"police_reference": "x"}).status_code == 409


def test_a_screenshot_that_is_not_an_image_or_a_missing_date_stores_nothing(client, everyone):
    sign_in(client, everyone["councillor"])
    fake = SimpleUploadedFile("shot.jpg", b"MZ\x90\x00 executable", content_type="image/jpeg")
    response = _report(client, screenshots=[fake])
    assert response.status_code == 400 and "shot.jpg is not an image" in response.content.decode()
    response = _report(client, received_on_0="", received_on_1="", received_on_2="")
    assert response.status_code == 400 and "Enter the date you received the message" in response.content.decode()
    assert not AbuseReport.objects.exists()


def test_members_services_sees_open_reports_and_the_group_leader_only_their_groups(client, everyone):
    sign_in(client, everyone["councillor"])
    _report(client)
    sign_in(client, everyone["other councillor"])
    _report(client, handle="@someoneelse")
    labour, conservative = AbuseReport.objects.order_by("pk")
    sign_in(client, everyone["Members' Services"])
    listing = client.get(reverse("abuse:list")).content.decode()
    assert labour.get_absolute_url() in listing and conservative.get_absolute_url() in listing
    sign_in(client, everyone["group leader"])
    listing = client.get(reverse("abuse:list")).content.decode()
    assert labour.get_absolute_url() in listing and conservative.get_absolute_url() not in listing
    assert client.get(conservative.get_absolute_url()).status_code == 404


def test_members_services_closes_a_report(client, everyone):
    sign_in(client, everyone["councillor"])
    _report(client, text="You are useless.")
    report = AbuseReport.objects.get()
    sign_in(client, everyone["Members' Services"])
    response = client.post(
        reverse("abuse:follow-up", args=[report.pk]), {"status": "closed", "notes": "Spoke to the councillor."}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "closed" and report.closed_on
