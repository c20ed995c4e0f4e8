"""The API's own work per request is small: one statement finds the token, its user's roles
and the register's stamp, the member's register context comes from memory while the
register is unchanged, and statistics are written in bulk, off the request."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.utils import timezone

from councilguard.web import roles
from councilguard.web.api.models import ApiToken
from councilguard.web.checks.models import CheckedRule, CheckStatistic
from councilguard.web.checks.service import flush_statistics, member_context
from councilguard.web.governance.protocols import version_in_force
from councilguard.web.register.models import Committee, CommitteeMembership, Meeting, Member, Post

from .test_api_rate_shared import _issue_token
from .test_serve_processes import free_port

pytestmark = pytest.mark.django_db
CHECK = "/api/v1/check"
MEETING_POST = {"text": "Do people ever read the agenda before committee?", "platform": "twitter"}
ELECTION_EMAIL = {
    "text": "Please remember to vote tomorrow - a vote for Labour is a vote for a cleaner Northvale!",
    "channel": "email",
    "account": "council",
    "recipients": {"to": ["friends@example.org"]},
}


@pytest.fixture
def token(councillor) -> str:
    return ApiToken.issue(councillor, "tests")[1]


def _post(body, token):  # noqa: ANN001, ANN202
    return Client().post(
        CHECK, data=json.dumps(body), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )


def _rules(response) -> list[str]:  # noqa: ANN001
    assert response.status_code == 200, response.content
    return [f["rule"] for f in response.json()["findings"]]


def test_a_check_with_a_token_costs_two_statements_once_the_member_was_seen(
    token, settings, django_assert_max_num_queries
):
    settings.COUNCILGUARD_API_STATISTICS_SECONDS = 300  # as served: statistics wait in memory
    version_in_force()  # on a fresh database this records the shipped pack (a new stamp)
    _post(MEETING_POST, token)  # the first request reads the member's register context
    # The token with its user, roles and the register's stamp; the rate count (on PostgreSQL
    # in the token's own statement); once a minute, the member's past minutes are deleted. Neither the
    # register nor the protocol version in force is read while the stamp is unchanged.
    with django_assert_max_num_queries(3) as captured:
        response = _post(MEETING_POST, token)
    assert response.status_code == 200
    read = " ".join(q["sql"] for q in captured.captured_queries)
    assert "register_member" not in read and "register_committeemembership" not in read
    assert "governance_protocolversion" not in read and "register_agendaitem" not in read
    assert flush_statistics() == 2


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_the_token_statement_counts_the_request_itself(councillor):
    # One round trip reads the token and counts the request (a data-modifying CTE); a
    # token that names nobody counts nothing. On SQLite the count is left to limits.take.
    from councilguard.web.api.models import RateWindow

    _, raw = ApiToken.issue(councillor, "counted")
    minute = int(time.time() // 60)
    first = ApiToken.authenticate(raw, minute).user._councilguard_rate_count
    second = ApiToken.authenticate(raw, minute).user._councilguard_rate_count
    assert ApiToken.authenticate(raw[:-2] + "xx", minute) is None
    if connection.vendor == "postgresql":
        assert (first, second) == (1, 2)
        assert RateWindow.objects.get(user=councillor, minute=minute).count == 2
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            assert cursor.fetchone()[0] == "on"
    else:
        assert (first, second) == (None, None)
        assert not RateWindow.objects.filter(user=councillor).exists()


@pytest.mark.django_db(transaction=True)
def test_the_rate_count_leaves_the_connection_waiting_for_the_disk_as_before(councillor):
    # On PostgreSQL the count's own statement turns synchronous_commit off for itself only:
    # the member's and officers' writes that follow on the connection still wait for the disk.
    from councilguard.web.api import limits

    minute = int(time.time() // 60)
    assert [limits.take(councillor.pk, minute * 60 + s)[0] for s in (1, 2)] == [True, True]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            assert cursor.fetchone()[0] == "on"
    from councilguard.web.api.models import RateWindow

    assert RateWindow.objects.get(user=councillor, minute=minute).count == 2


def test_the_cached_context_answers_without_a_query_while_the_register_is_unchanged(
    councillor, django_assert_num_queries
):
    token = ApiToken.authenticate(ApiToken.issue(councillor, "tests")[1])
    stamp = token.user._councilguard_register_stamp
    first = member_context(token.user, register_stamp=stamp, platform="twitter", account="personal")
    with django_assert_num_queries(0):
        again = member_context(token.user, register_stamp=stamp, platform="twitter", account="personal")
    assert again == first
    assert again.committees == ("Planning Committee",) and again.bio == "Dad, runner, Spurs fan."


def test_a_meeting_recorded_in_the_register_reaches_the_next_api_check_at_once(token, councillor):
    assert "meeting-use" not in _rules(_post(MEETING_POST, token))  # no meeting: context cached
    now = timezone.now()
    Meeting.objects.create(
        committee=Committee.objects.get(name="Planning Committee"),
        start=now - timedelta(minutes=30),
        end=now + timedelta(hours=1),
    )
    assert "meeting-use" in _rules(_post(MEETING_POST, token))


def test_every_kind_of_register_change_gives_the_register_a_new_stamp(councillor):
    member = Member.objects.get(user=councillor)

    def stamp() -> str:
        return ApiToken.authenticate(ApiToken.issue(councillor, "t")[1]).user._councilguard_register_stamp

    seen = [stamp()]
    changes = [
        lambda: Post.objects.create(member=member, title="Cabinet Member for Housing", executive=True),
        lambda: setattr(member, "council_email", "anna@havering.gov.uk") or member.save(),
        lambda: CommitteeMembership.objects.filter(member=member).delete(),
        lambda: Committee.objects.create(name="Licensing Committee").members.add(member),
    ]
    for change in changes:
        change()
        seen.append(stamp())
    assert len(set(seen)) == len(seen)


def test_roles_still_decide_at_every_request_even_with_the_context_cached(token, councillor):
    assert _post(MEETING_POST, token).status_code == 200
    councillor.groups.remove(Group.objects.get(name=roles.COUNCILLOR))
    assert _post(MEETING_POST, token).status_code == 403


def test_api_statistics_wait_in_memory_and_are_written_in_bulk(token, settings, django_assert_max_num_queries):
    settings.COUNCILGUARD_API_STATISTICS_SECONDS = 300  # the writer thread will not wake in this test
    for _ in range(3):
        _rules(_post(ELECTION_EMAIL, token))
    assert CheckStatistic.objects.count() == 0
    with django_assert_max_num_queries(4):  # both tables, whatever the number of rows
        assert flush_statistics() == 3
    assert CheckStatistic.objects.filter(source="api", verdict="do-not-send").count() == 3
    # each row keeps the rules its check raised (at least one for a do-not-send)
    assert CheckStatistic.objects.filter(rules__isnull=True).count() == 0
    assert CheckedRule.objects.count() >= 3


@pytest.mark.django_db(transaction=True)
def test_the_writer_thread_writes_api_statistics_within_the_delay(councillor, settings):
    settings.COUNCILGUARD_API_STATISTICS_SECONDS = 1
    raw = ApiToken.issue(councillor, "tests")[1]
    _rules(_post(ELECTION_EMAIL, raw))
    deadline = time.monotonic() + 30
    while CheckStatistic.objects.count() == 0:
        assert time.monotonic() < deadline, "the statistics row was not written within 30 s"
        time.sleep(0.2)
    assert CheckStatistic.objects.get().source == "api"


def test_a_stopped_server_writes_the_statistics_it_was_holding(tmp_path):
    """Two processes, statistics held for a minute: SIGTERM writes every row first."""
    port = free_port()
    database = tmp_path / "stats.sqlite3"
    env = {
        **os.environ,
        "COUNCILGUARD_HOME": str(tmp_path),
        "COUNCILGUARD_DATABASE_URL": f"sqlite:///{database}",
        "COUNCILGUARD_API_STATISTICS_SECONDS": "60",
        "COUNCILGUARD_LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "councilguard.web.settings",
    }
    bin_dir = Path(sys.executable).parent
    server = subprocess.Popen(
        [str(bin_dir / "councilguard"), "serve", "--host", "127.0.0.1", "--port", str(port), "--processes", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        import http.client

        def post(body: dict, token: str) -> int:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=180)
            conn.request(
                "POST",
                CHECK,
                body=json.dumps(body),
                headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
            )
            status = conn.getresponse().status
            conn.close()
            return status

        deadline = time.monotonic() + 120
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/api/v1/openapi.json")
                assert conn.getresponse().status == 200
                conn.close()
                break
            except OSError:
                assert server.poll() is None, "the server exited before answering"
                assert time.monotonic() < deadline, "the server did not answer within two minutes"
                time.sleep(0.5)
        token = _issue_token(env)
        statuses = [post({"text": f"Hello residents, note {n}.", "channel": "email"}, token) for n in range(6)]
        assert statuses == [200] * 6
        with sqlite3.connect(database) as db:
            held = db.execute("SELECT count(*) FROM checks_checkstatistic").fetchone()[0]
        assert held == 0  # still in the processes' memory
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        with sqlite3.connect(database) as db:
            written = db.execute("SELECT count(*) FROM checks_checkstatistic WHERE source = 'api'").fetchone()[0]
        assert written == 6
    finally:
        if server.poll() is None:
            server.kill()


def test_a_check_says_how_long_the_checker_took_in_server_timing(token):
    response = _post(MEETING_POST, token)
    assert response.status_code == 200
    name, _, duration = response.headers["Server-Timing"].partition(";dur=")
    assert name == "check" and float(duration) > 0
