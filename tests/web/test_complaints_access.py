"""Who sees complaints: the Monitoring Officer and the administrator (past their second
factor); everyone else is refused, outsiders are sent to sign in, and nobody sees a
complaint about themselves."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from councilguard.web import roles
from councilguard.web.casework.complaint_models import ArchiveScan, Complaint

from .conftest import sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("casework_settings")]


@pytest.fixture
def scan(complaint) -> ArchiveScan:
    return ArchiveScan.objects.create(complaint=complaint, status=ArchiveScan.Status.FINISHED, files=[])


def _pages(complaint: Complaint, scan: ArchiveScan) -> list[str]:
    ids = [complaint.pk, scan.pk]
    return [
        reverse("casework:complaints"),
        reverse("casework:complaint-new"),
        reverse("casework:complaint", args=[complaint.pk]),
        reverse("casework:complaint-edit", args=[complaint.pk]),
        reverse("casework:scan", args=ids),
        reverse("casework:scan-status", args=ids),
    ]


def test_the_monitoring_officer_and_the_administrator_see_every_complaint_page(
    mo_client, admin_client, complaint, scan
):
    for client in (mo_client, admin_client):
        for url in _pages(complaint, scan):
            assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    "who", ["councillor", "other councillor", "group leader", "Members' Services", "ICT Service Desk"]
)
def test_every_other_role_is_refused_every_complaint_page(everyone, complaint, scan, who):
    client = sign_in(Client(), everyone[who])
    for url in _pages(complaint, scan):
        assert client.get(url).status_code == 403, url


def test_the_councillor_complained_about_cannot_see_the_complaint(councillor_client, complaint, scan):
    for url in _pages(complaint, scan):
        assert councillor_client.get(url).status_code == 403, url


def test_someone_signed_in_without_a_role_is_refused(outsider, complaint, scan):
    client = sign_in(Client(), outsider)
    assert client.get(reverse("casework:complaint", args=[complaint.pk])).status_code == 403


def test_an_outsider_is_sent_to_sign_in(client, complaint, scan):
    for url in _pages(complaint, scan):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:sign-in")), url


def test_an_officer_without_the_second_factor_is_sent_to_the_two_factor_page(monitoring_officer, complaint):
    client = sign_in(Client(), monitoring_officer, verified=False)
    response = client.get(reverse("casework:complaint", args=[complaint.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two-factor"))


def test_an_officer_who_is_also_the_member_complained_about_never_sees_it(make_user, complaint):
    # A Monitoring Officer who sits as a councillor elsewhere, say: the complaint is about them.
    officer = make_user("dual", roles.MONITORING_OFFICER, roles.COUNCILLOR)
    complaint.member = officer.member
    complaint.save()
    client = sign_in(Client(), officer)
    assert client.get(reverse("casework:complaint", args=[complaint.pk])).status_code == 403
    listing = client.get(reverse("casework:complaints") + "?status=all")
    assert listing.status_code == 200
    assert complaint.summary[:40] not in listing.content.decode()


def test_the_list_shows_the_complaints_to_the_monitoring_officer(mo_client, complaint):
    page = mo_client.get(reverse("casework:complaints")).content.decode()
    assert "Anna Webb" in page and "Pat Resident" in page
    assert complaint.get_absolute_url() in page


def test_the_navigation_offers_complaints_only_to_the_officer_and_the_administrator(
    mo_client, admin_client, councillor_client, services_client
):
    link = f'href="{reverse("casework:complaints")}"'
    home = reverse("home")
    assert link in mo_client.get(home).content.decode()
    assert link in admin_client.get(home).content.decode()
    assert link not in councillor_client.get(home).content.decode()
    assert link not in services_client.get(home).content.decode()
