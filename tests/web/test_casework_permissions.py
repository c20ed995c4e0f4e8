"""Who reaches each casework page: every URL against every role (the matrix).

200 where the role may use the page; 403 for a signed-in role that may not; 404 where
the record exists but is someone else's (its existence is not given away); 302 to the
sign-in page for an outsider, except the public complaint form, which anyone may use.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from councilguard.web.casework.abuse_models import AbuseReport, AbuseSender
from councilguard.web.casework.complaint_models import Complaint
from councilguard.web.casework.moderation_models import PageImport

from .conftest import sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("casework_settings")]

ROLES = ["councillor", "other councillor", "group leader", "Monitoring Officer", "Members' Services",
         "ICT Service Desk", "administrator", "outsider"]  # fmt: skip
MO_ONLY = {"Monitoring Officer": 200, "administrator": 200}
REPORT_READERS = {"councillor": 200, "group leader": 200, "Members' Services": 200, "administrator": 200,
                  "other councillor": 404}  # fmt: skip
ABUSE_LIST = {"councillor": 200, "other councillor": 200, "group leader": 200, "Members' Services": 200,
              "administrator": 200}  # fmt: skip
COUNCILLORS = {"councillor": 200, "other councillor": 200, "group leader": 200}
PAGE_OWNER = {"councillor": 200, "administrator": 200, "other councillor": 404, "group leader": 404}


@pytest.fixture
def records(everyone):
    member = everyone["councillor"].member
    complaint = Complaint.objects.create(
        complainant_name="Pat", member=member, received_on=date(2026, 3, 2), summary="A post.",
        acknowledged_on=date(2026, 3, 3), assessed_on=date(2026, 3, 4), outcome="no-further-action",
        outcome_notes="None.", status="closed", closed_on=date(2026, 3, 5), assessment="no-further-action",
    )  # fmt: skip
    sender = AbuseSender.objects.create(member=member, platform="twitter", key="twitter:x", handle="@x")
    report = AbuseReport.objects.create(member=member, platform="twitter", sender=sender, sender_handle="@x",
                                        received_on=date(2026, 3, 2), text="I will kill you", threat=True, status="police")  # fmt: skip
    page_import = PageImport.objects.create(member=member, platform="facebook", file_name="comments.json")
    return complaint, report, page_import


def _cases(complaint, report, page_import):
    c, r, p = complaint.pk, report.pk, page_import.pk
    return [
        ("/complaints/new/", {role: 200 for role in ROLES}),
        (reverse("casework:complaints"), MO_ONLY),
        (reverse("casework:complaint", args=[c]), MO_ONLY),
        (reverse("casework:complaint-assess", args=[c]), {"Monitoring Officer": 409, "administrator": 409}),
        (reverse("casework:complaint-letter", args=[c, "outcome-complainant"]), MO_ONLY),
        (reverse("casework:complaint-letter-pdf", args=[c, "outcome-member"]), MO_ONLY),
        (reverse("abuse:list"), ABUSE_LIST),
        (reverse("abuse:new"), COUNCILLORS),
        (reverse("abuse:detail", args=[r]), REPORT_READERS),
        (reverse("abuse:evidence-pack", args=[r]), REPORT_READERS),
        (reverse("moderation:index"), {**COUNCILLORS, "administrator": 200}),
        (reverse("moderation:detail", args=[p]), PAGE_OWNER),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_the_casework_pages_it_may_use(everyone, records, role):
    user = everyone[role]
    client = sign_in(Client(), user) if user is not None else Client()
    for url, allowed in _cases(*records):
        expected = allowed.get(role, 302 if user is None else 403)
        response = client.get(url)
        assert response.status_code == expected, f"{role} GET {url}: {response.status_code}, expected {expected}"
        if expected == 302:
            assert response["Location"].startswith(reverse("accounts:sign-in")), url


@pytest.mark.parametrize("role", ROLES)
def test_nobody_outside_the_named_roles_can_change_a_case(everyone, records, role):
    complaint, report, page_import = records
    user = everyone[role]
    client = sign_in(Client(), user) if user is not None else Client()
    posts = [
        (reverse("casework:complaint-check", args=[complaint.pk]), {"Monitoring Officer", "administrator"}),
        (reverse("abuse:follow-up", args=[report.pk]), {"Members' Services", "administrator"}),
        (reverse("abuse:police", args=[report.pk]), {"councillor", "Members' Services", "administrator"}),
        (reverse("moderation:delete", args=[page_import.pk]), {"councillor", "administrator"}),
    ]
    for url, allowed in posts:
        status = client.post(url, {}).status_code
        if role in allowed:
            assert status in (200, 302, 400), f"{role} POST {url}: {status}"
        else:
            assert status in (302, 403, 404), f"{role} POST {url}: {status}"
            if status == 302:
                assert user is None
