"""Asking the Monitoring Officer: only then is the draft stored; the officer answers
from a queue and the member is told by e-mail; nobody else sees a request."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from councilguard.web.casework.models import AdviceRequest

from .conftest import sign_in

pytestmark = pytest.mark.django_db
ASK = "/advice/ask/"
DRAFT = {
    "text": "Vote Labour on Thursday! Call me on 07911 123456.",
    "channel": "email",
    "account": "council",
    "to": "friends@example.org",
    "subject": "Thursday",
}


def _ask(client, question="Can I send this from my council address?", **fields):  # noqa: ANN001, ANN202
    return client.post(ASK, {**DRAFT, **fields, "question": question})


@pytest.fixture
def request_from_anna(councillor_client, monitoring_officer) -> AdviceRequest:
    _ask(councillor_client)
    return AdviceRequest.objects.get()


def test_asking_stores_the_draft_its_findings_and_the_question(councillor_client, councillor, monitoring_officer):
    response = _ask(councillor_client)
    advice = AdviceRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == advice.get_absolute_url()
    assert advice.member == councillor
    assert advice.text == DRAFT["text"]
    assert advice.draft["subject"] == "Thursday" and advice.draft["sender"] == "cllr.anna.webb@havering.gov.uk"
    assert advice.verdict == "do-not-send"
    assert "party-political-use" in [f["rule"] for f in advice.result["findings"]]
    assert advice.status == AdviceRequest.Status.OPEN
    # The Monitoring Officer is told there is a request, without the draft in the e-mail.
    assert [m.to for m in mail.outbox] == [[monitoring_officer.email]]
    assert "07911" not in mail.outbox[0].body


def test_the_findings_stored_are_the_servers_not_the_forms(councillor_client):
    _ask(councillor_client, findings="[]", verdict="ok")
    assert AdviceRequest.objects.get().verdict == "do-not-send"


def test_a_question_is_required_and_nothing_is_stored_without_one(councillor_client):
    response = _ask(councillor_client, question="  ")
    assert response.status_code == 400
    assert "Enter your question for the Monitoring Officer" in response.content.decode()
    assert AdviceRequest.objects.count() == 0


def test_a_malformed_draft_is_refused_and_nothing_is_stored(councillor_client):
    assert _ask(councillor_client, channel="carrier-pigeon").status_code == 400
    assert _ask(councillor_client, text="").status_code == 400
    assert AdviceRequest.objects.count() == 0


def test_a_forged_ask_without_the_csrf_token_is_refused(councillor):
    client = sign_in(Client(enforce_csrf_checks=True), councillor)
    assert client.post(ASK, {**DRAFT, "question": "?"}).status_code == 403
    assert AdviceRequest.objects.count() == 0


def test_only_councillors_ask(officer_client, outsider_client, client):
    assert _ask(officer_client).status_code == 403
    assert _ask(outsider_client).status_code == 403
    assert _ask(client).status_code == 302  # to sign in
    assert AdviceRequest.objects.count() == 0


def test_a_councillor_sees_their_own_request_and_not_anothers(request_from_anna, councillor_client, other_client):
    url = request_from_anna.get_absolute_url()
    own = councillor_client.get(url)
    assert own.status_code == 200 and "Can I send this" in own.content.decode()
    assert own.context["report"].verdict == "do-not-send"
    assert other_client.get(url).status_code == 404
    listing = other_client.get(reverse("casework:mine")).content.decode()
    assert "Can I send this" not in listing
    assert "Can I send this" in councillor_client.get(reverse("casework:mine")).content.decode()


def test_other_officers_and_outsiders_see_no_requests(request_from_anna, ict_client, outsider_client):
    url = request_from_anna.get_absolute_url()
    for client in (ict_client, outsider_client):
        assert client.get(url).status_code == 403
        assert client.get(reverse("casework:queue")).status_code == 403


def test_a_councillor_cannot_answer(request_from_anna, councillor_client):
    response = councillor_client.post(reverse("casework:reply", args=[request_from_anna.pk]), {"reply": "Fine"})
    assert response.status_code == 403
    request_from_anna.refresh_from_db()
    assert request_from_anna.status == AdviceRequest.Status.OPEN and request_from_anna.reply == ""


def test_the_monitoring_officer_answers_from_the_queue_and_the_member_is_told(
    request_from_anna, officer_client, councillor_client, councillor
):
    queue = officer_client.get(reverse("casework:queue"))
    assert queue.status_code == 200
    assert list(queue.context["requests"]) == [request_from_anna]
    detail = officer_client.get(request_from_anna.get_absolute_url())
    assert "Send answer" in detail.content.decode()
    mail.outbox.clear()
    answer = "Do not send election material from your council address. Use your party account."
    response = officer_client.post(reverse("casework:reply", args=[request_from_anna.pk]), {"reply": answer})
    assert response.status_code == 302
    request_from_anna.refresh_from_db()
    assert request_from_anna.status == AdviceRequest.Status.ANSWERED
    assert request_from_anna.reply == answer
    assert [m.to for m in mail.outbox] == [[councillor.email]]
    assert request_from_anna.get_absolute_url() in mail.outbox[0].body
    assert answer in councillor_client.get(request_from_anna.get_absolute_url()).content.decode()
    assert list(officer_client.get(reverse("casework:queue")).context["requests"]) == []


def test_an_answer_cannot_be_overwritten(request_from_anna, officer_client):
    url = reverse("casework:reply", args=[request_from_anna.pk])
    officer_client.post(url, {"reply": "First answer"})
    assert officer_client.post(url, {"reply": "Second answer"}).status_code == 409
    request_from_anna.refresh_from_db()
    assert request_from_anna.reply == "First answer"


def test_an_empty_answer_is_refused(request_from_anna, officer_client):
    response = officer_client.post(reverse("casework:reply", args=[request_from_anna.pk]), {"reply": ""})
    assert response.status_code == 400
    request_from_anna.refresh_from_db()
    assert request_from_anna.status == AdviceRequest.Status.OPEN


def test_an_officer_without_a_second_factor_cannot_reach_the_queue(monitoring_officer):
    client = sign_in(Client(), monitoring_officer, verified=False)
    response = client.get(reverse("casework:queue"))
    assert response.status_code == 302
    assert reverse("accounts:two-factor") in response["Location"]


def test_the_administrator_may_answer_advice_requests_as_the_readme_says(
    request_from_anna, admin_client, administrator
):
    assert list(admin_client.get(reverse("casework:queue")).context["requests"]) == [request_from_anna]
    assert "Send answer" in admin_client.get(request_from_anna.get_absolute_url()).content.decode()
    response = admin_client.post(
        reverse("casework:reply", args=[request_from_anna.pk]), {"reply": "Use your party page."}
    )
    assert response.status_code == 302
    request_from_anna.refresh_from_db()
    assert request_from_anna.status == AdviceRequest.Status.ANSWERED and request_from_anna.replied_by == administrator
