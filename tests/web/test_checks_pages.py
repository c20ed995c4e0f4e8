"""The check page: a councillor pastes a draft and sees the verdict, the findings with
their words marked, the clause quoted; the draft is not kept; bad posts change nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from councilguard.web.casework.models import AdviceRequest
from councilguard.web.checks.models import CheckedRule, CheckStatistic

from .conftest import sign_in

pytestmark = pytest.mark.django_db
URL = "/check/"
SECRET_WORDS = "Marigold-Turnpike-Ninety"


def _post(client, **fields):  # noqa: ANN001, ANN202
    data = {
        "text": "Lovely day at the West Ward fun day.",
        "channel": "social",
        "account": "personal",
    }
    data.update(fields)
    return client.post(URL, data)


def _everything_stored() -> str:
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    return out.getvalue()


def test_the_check_page_offers_the_form_to_a_councillor(councillor_client):
    response = councillor_client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="text"' in page and 'name="channel"' in page and 'name="account"' in page
    assert "check.js" in page


def test_someone_not_signed_in_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("accounts:sign-in") in response["Location"]


def test_a_sign_in_without_a_role_is_refused(outsider_client):
    assert outsider_client.get(URL).status_code == 403
    assert _post(outsider_client).status_code == 403
    assert CheckStatistic.objects.count() == 0


def test_a_breach_shows_the_verdict_the_marked_words_and_the_clause(councillor_client, protocol):
    response = _post(
        councillor_client,
        text=f"Minutes attached. {SECRET_WORDS}",
        channel="email",
        account="council",
        to="resident@example.org",
        attachments="minutes.pdf\ninvoice.pdf.exe",
    )
    assert response.status_code == 200
    report = response.context["report"]
    assert report.verdict == "do-not-send"
    finding = next(f for f in report.findings if f.rule == "malware-risk")
    clause = protocol.clauses[finding.clauses[0].id]
    page = response.content.decode()
    assert "Do not send" in page
    assert clause.title in page
    assert finding.suggestion in page.replace("&#x27;", "'")


def test_the_register_tells_the_checker_which_meeting_the_member_is_at(councillor_client, meeting_now):
    response = _post(
        councillor_client,
        text="Do people ever read the agenda before committee?",
        platform="twitter",
    )
    meeting = next(f for f in response.context["report"].findings if f.rule == "meeting-use")
    assert "Planning Committee" in meeting.message


def test_the_words_a_finding_is_about_are_marked_in_the_draft(councillor_client):
    text = "word " * 70  # 350 characters: 70 past what X allows
    response = _post(councillor_client, text=text, platform="twitter")
    report = response.context["report"]
    limit = next(f for f in report.findings if f.rule == "platform-limit")
    marked = "".join(s.text for s in report.segments if limit.number in s.findings)
    assert marked == text[280:]
    page = response.content.decode()
    assert f'<mark class="cg-mark cg-mark--{limit.severity}" id="{limit.anchor}-text">' in page
    assert f'href="#{limit.anchor}"' in page


def test_a_check_keeps_rule_ids_and_verdict_but_not_the_draft(councillor_client):
    _post(councillor_client, text=f"{SECRET_WORDS} see attached", attachments="run.exe")
    stat = CheckStatistic.objects.get()
    assert (stat.channel, stat.verdict, stat.source) == ("social", "do-not-send", "web")
    assert "malware-risk" in set(CheckedRule.objects.values_list("rule", flat=True))
    assert AdviceRequest.objects.count() == 0
    assert SECRET_WORDS not in _everything_stored()


def test_checking_as_you_type_returns_the_results_alone_and_counts_nothing(councillor_client):
    response = councillor_client.post(
        URL + "?live=1", {"text": "Great day", "channel": "social", "account": "personal"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="verdict"' in page and "<html" not in page
    assert CheckStatistic.objects.count() == 0


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"text": ""}, "text"),
        ({"channel": "fax"}, "channel"),
        ({"account": "someone-elses"}, "account"),
        ({"platform": "myspace"}, "platform"),
        ({"channel": "email", "account": "council", "to": "no-at-sign"}, "to"),
        ({"text": "x" * 200_001}, "text"),
    ],
)
def test_a_malformed_post_is_refused_with_the_field_named_and_nothing_stored(councillor_client, fields, field):
    response = _post(councillor_client, **fields)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert "There is a problem" in response.content.decode()
    assert CheckStatistic.objects.count() == 0


def test_a_forged_post_without_the_csrf_token_is_refused(councillor):
    client = sign_in(Client(enforce_csrf_checks=True), councillor)
    response = client.post(URL, {"text": "Hello", "channel": "social", "account": "personal"})
    assert response.status_code == 403
    assert CheckStatistic.objects.count() == 0


def test_the_page_accepts_only_get_and_post(councillor_client):
    assert councillor_client.put(URL).status_code == 405


def test_the_monitoring_officer_sees_counts_by_rule_and_month(councillor_client, officer_client):
    _post(councillor_client, attachments="run.exe")
    _post(councillor_client, attachments="macro.docm")
    response = officer_client.get(reverse("checks:statistics"))
    assert response.status_code == 200
    row = next(r for r in response.context["table"] if r["rule"] == "malware-risk")
    assert row["total"] == 2
    assert response.context["verdicts"][0]["do_not_send"] == 2


def test_a_councillor_cannot_see_the_statistics(councillor_client):
    assert councillor_client.get(reverse("checks:statistics")).status_code == 403


THREE_BREACHES = {
    "text": "Vote Labour on Thursday! Mrs Jane Smith of 14 Oak Road, Romford RM1 2AB "
    "(07911 123456) says the bins are a disgrace.",
    "channel": "social",
    "account": "council",
    "platform": "facebook",
    "attachments": "leaflet.pdf.exe",
}


def test_one_click_removes_the_personal_data_and_checks_again(councillor_client):
    first = _post(councillor_client, **THREE_BREACHES)
    assert "personal-data" in first.context["report"].rule_ids
    assert "Remove the personal data" in first.content.decode()
    response = _post(councillor_client, **THREE_BREACHES, action="redact")
    assert response.status_code == 200
    text = response.context["form"]["text"].value()
    assert "07911 123456" not in text and "Jane Smith" not in text
    assert "Vote Labour on Thursday!" in text
    assert "personal-data" not in response.context["report"].rule_ids
    assert response.context["redacted"] == 1
    assert "We removed the personal data" in response.content.decode()
    # Two checks ran (before and after), both counted, neither stored.
    assert CheckStatistic.objects.count() == 3
    assert "07911" not in _everything_stored()
