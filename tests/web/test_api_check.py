"""The JSON API: Draft -> Result per the contract, tokens, and a JSON refusal with the
right status for every kind of bad request, leaving stored data as it was."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from councilguard.checker.draft import Draft
from councilguard.web.api import limits
from councilguard.web.api.models import ApiToken, RateWindow, digest_of
from councilguard.web.casework.models import AdviceRequest
from councilguard.web.checks.models import CheckStatistic

from .conftest import sign_in

pytestmark = pytest.mark.django_db
CHECK = "/api/v1/check"
BATCH = "/api/v1/check/batch"
ELECTION_EMAIL = {
    "id": "d1",
    "text": "Please remember to vote tomorrow - a vote for Labour is a vote for a cleaner Northvale!",
    "channel": "email",
    "account": "council",
    "recipients": {"to": ["friends@example.org"]},
}


@pytest.fixture
def token(councillor) -> str:
    return ApiToken.issue(councillor, "tests")[1]


def _post(path, body, token=None, content_type="application/json", client=None):  # noqa: ANN001, ANN202
    client = client or Client()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(path, data=data, content_type=content_type, **headers)


def _nothing_stored() -> bool:
    return CheckStatistic.objects.count() == 0 and AdviceRequest.objects.count() == 0


def test_a_draft_comes_back_as_a_result_in_the_contracts_shape(token):
    response = _post(CHECK, ELECTION_EMAIL, token)
    assert response.status_code == 200
    result = response.json()
    assert result["id"] == "d1"
    assert result["verdict"] == "do-not-send"
    assert result["protocol"] == "havering-2018"
    finding = next(f for f in result["findings"] if f["rule"] == "party-political-use")
    assert set(finding) >= {
        "rule",
        "severity",
        "clauses",
        "message",
        "suggestion",
        "spans",
        "confidence",
    }
    span = finding["spans"][0]
    assert ELECTION_EMAIL["text"][span["start"] : span["end"]] == span["text"]


def test_a_check_by_api_keeps_statistics_but_not_the_draft(token):
    _post(CHECK, ELECTION_EMAIL, token)
    stat = CheckStatistic.objects.get()
    assert (stat.source, stat.channel, stat.verdict) == ("api", "email", "do-not-send")
    assert AdviceRequest.objects.count() == 0


def test_the_register_fills_the_context_a_draft_leaves_out(token, meeting_now):
    post = {"text": "Do people ever read the agenda before committee?", "platform": "twitter"}
    rules = [f["rule"] for f in _post(CHECK, post, token).json()["findings"]]
    assert "meeting-use" in rules
    stated = {**post, "meetings_attending": []}  # the caller's word wins, even when empty
    assert "meeting-use" not in [f["rule"] for f in _post(CHECK, stated, token).json()["findings"]]


def test_a_batch_returns_one_result_per_draft_in_order_with_errors_in_place(token):
    drafts = [
        ELECTION_EMAIL,
        {"id": "bad", "text": "x", "channel": "pigeon"},
        {"id": "d3", "text": "Hello all"},
    ]
    response = _post(BATCH, {"drafts": drafts}, token)
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["id"] for r in results] == ["d1", "bad", "d3"]
    assert results[0]["verdict"] == "do-not-send"
    assert "channel" in results[1]["error"] and "verdict" not in results[1]
    assert results[2]["verdict"] == "ok"
    assert CheckStatistic.objects.count() == 2  # the bad draft was not a check


def test_no_credentials_is_401(db):
    response = _post(CHECK, ELECTION_EMAIL)
    assert response.status_code == 401
    assert response.json()["status"] == 401
    assert response["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize("header", ["Bearer cg_not-a-real-token", "Basic dXNlcjpwYXNz", "Bearer "])
def test_a_wrong_token_or_scheme_is_401(db, header):
    response = Client().post(CHECK, json.dumps(ELECTION_EMAIL), content_type="application/json",
                             HTTP_AUTHORIZATION=header)  # fmt: skip
    assert response.status_code == 401
    assert _nothing_stored()


def test_a_revoked_token_stops_working(councillor, token):
    ApiToken.objects.get(user=councillor).revoke()
    assert _post(CHECK, ELECTION_EMAIL, token).status_code == 401


def test_a_sign_in_without_a_role_is_403_even_with_a_token(outsider):
    raw = ApiToken.issue(outsider, "sneaky")[1]
    response = _post(CHECK, ELECTION_EMAIL, raw)
    assert response.status_code == 403
    assert _nothing_stored()


def test_a_session_must_send_its_csrf_token(councillor):
    browser = sign_in(Client(enforce_csrf_checks=True), councillor)
    assert _post(CHECK, ELECTION_EMAIL, client=browser).status_code == 403
    browser.get("/check/")
    csrf = browser.cookies["csrftoken"].value
    ok = browser.post(CHECK, json.dumps(ELECTION_EMAIL), content_type="application/json", HTTP_X_CSRFTOKEN=csrf)
    assert ok.status_code == 200 and ok.json()["verdict"] == "do-not-send"


def test_only_post_is_allowed(token):
    response = Client().get(CHECK, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 405
    assert response["Allow"] == "POST"


def test_a_body_that_is_not_json_content_type_is_415(token):
    response = _post(CHECK, "text=hello", token, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415
    assert _nothing_stored()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ("{not json", "body"),
        (b"\xff\xfe{}", "body"),
        ("[1, 2]", "draft"),
        ({"channel": "email"}, "text"),
        ({"text": "hi", "channel": "fax"}, "channel"),
        ({"text": "hi", "recipients": {"to": [1]}}, "recipients.to[0]"),
        ({"text": "hi", "sent_at": "last Tuesday"}, "sent_at"),
        ({"text": "hi", "committees": "Planning"}, None),  # a bare string is read as one committee
    ],
)
def test_bad_input_is_400_naming_the_field(token, body, field):
    response = _post(CHECK, body, token)
    if field is None:
        assert response.status_code == 200
        return
    assert response.status_code == 400
    assert response.json()["field"] == field
    assert _nothing_stored()


def test_a_batch_without_drafts_is_400(token):
    assert _post(BATCH, {"draft": []}, token).json()["field"] == "drafts"
    assert _post(BATCH, {"drafts": "all of them"}, token).status_code == 400


def test_an_oversized_body_is_413(token, settings):
    settings.COUNCILGUARD_API_MAX_CHECK_BYTES = 1000
    response = _post(CHECK, {"text": "x" * 2000}, token)
    assert response.status_code == 413
    assert "1,000" in response.json()["error"]
    assert _nothing_stored()


def test_a_batch_over_the_cap_is_413(token, settings):
    settings.COUNCILGUARD_API_MAX_BATCH_DRAFTS = 3
    response = _post(BATCH, {"drafts": [{"text": "hi"}] * 4}, token)
    assert response.status_code == 413
    assert _nothing_stored()


def test_too_many_requests_is_429_with_retry_after(token, settings):
    settings.COUNCILGUARD_API_RATE_PER_MINUTE = 2
    statuses = [_post(CHECK, {"text": "Hello"}, token).status_code for _ in range(3)]
    assert statuses[:2] == [200, 200]
    if statuses[2] == 200:  # the minute turned between requests: the next one is over
        statuses[2] = [_post(CHECK, {"text": "Hello"}, token).status_code for _ in range(3)][-1]
    assert statuses[2] == 429


def test_the_openapi_document_describes_the_contracts_fields(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert {"/api/v1/check", "/api/v1/check/batch"} <= set(document["paths"])
    draft_fields = set(document["components"]["schemas"]["Draft"]["properties"])
    assert draft_fields == set(Draft.__dataclass_fields__) - {"extra"}
    finding_fields = set(document["components"]["schemas"]["Finding"]["required"])
    assert finding_fields == {
        "rule",
        "severity",
        "clauses",
        "message",
        "suggestion",
        "spans",
        "confidence",
    }
    for status in ("400", "401", "403", "405", "413", "415", "429"):
        assert status in document["paths"]["/api/v1/check"]["post"]["responses"]


def test_a_member_creates_a_token_sees_it_once_and_only_a_digest_is_kept(councillor_client, councillor):
    response = councillor_client.post("/api/tokens/", {"name": "Outlook add-in"})
    assert response.status_code == 201
    raw = response.context["raw_token"]
    stored = ApiToken.objects.get(user=councillor)
    assert stored.digest == digest_of(raw) and raw not in (stored.prefix, stored.digest)
    assert raw not in councillor_client.get("/api/tokens/").content.decode()
    assert _post(CHECK, {"text": "Hello"}, raw).status_code == 200


def test_a_member_revokes_their_own_token_but_not_anothers(councillor_client, other_councillor):
    theirs, raw = ApiToken.issue(other_councillor, "Bob's")
    assert councillor_client.post(f"/api/tokens/{theirs.pk}/revoke/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.active
    councillor_client.post("/api/tokens/", {"name": "mine"})
    mine = ApiToken.objects.get(name="mine")
    assert councillor_client.post(f"/api/tokens/{mine.pk}/revoke/").status_code == 302
    mine.refresh_from_db()
    assert not mine.active


def test_a_token_needs_a_name(councillor_client):
    assert councillor_client.post("/api/tokens/", {"name": ""}).status_code == 400
    assert ApiToken.objects.count() == 0


def test_the_rate_window_counts_each_member_apart_and_forgets_past_minutes(councillor, other_councillor, settings):
    settings.COUNCILGUARD_API_RATE_PER_MINUTE = 2
    minute = 29_000_000 * 60.0
    assert [limits.take(councillor.pk, minute + s)[0] for s in (1, 2, 3)] == [True, True, False]
    assert limits.take(other_councillor.pk, minute + 4) == (True, 56)
    assert limits.take(councillor.pk, minute + 61) == (True, 59)  # a new minute
    assert list(RateWindow.objects.filter(user=councillor).values_list("minute", "count")) == [(29_000_001, 1)]
