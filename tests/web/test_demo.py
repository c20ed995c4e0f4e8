"""The demo data: the seed's Governance Committee of 18 July 2018, loaded idempotently."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import authenticate, get_user_model

from councilguard.web import roles
from councilguard.web.register.demo import DEMO_PASSWORD, DEMO_PEOPLE, load_demo, sign_in_help
from councilguard.web.register.models import Attendance, Decision, Meeting, Member

pytestmark = pytest.mark.django_db


def _snapshot() -> dict[str, int]:
    from django.apps import apps

    return {m._meta.label: m._default_manager.count() for m in apps.get_models()
            if m._meta.app_label in ("register", "governance", "auth", "otp_totp")}  # fmt: skip


def test_loading_the_demo_twice_changes_nothing_the_second_time():
    load_demo()
    first = _snapshot()
    load_demo()
    assert _snapshot() == first


def test_it_reproduces_the_governance_committee_of_18_july_2018():
    load_demo()
    meeting = Meeting.objects.get(committee__name="Governance Committee")
    london = ZoneInfo("Europe/London")
    assert meeting.start == datetime(2018, 7, 18, 19, 30, tzinfo=london)
    assert meeting.end == datetime(2018, 7, 18, 20, 15, tzinfo=london)
    assert "Town Hall" in meeting.venue
    present = Attendance.objects.filter(meeting=meeting).exclude(status="apologies")
    assert present.count() == 11
    assert Member.objects.get(full_name="David Durant").group.name == "Independent Residents Group"
    middleton = Attendance.objects.get(meeting=meeting, member__full_name="Paul Middleton")
    assert middleton.status == "substitute" and middleton.substitute_for.full_name == "Barry Mugglestone"
    apologies = Attendance.objects.filter(meeting=meeting, status="apologies")
    assert sorted(a.member.full_name for a in apologies) == ["Barry Mugglestone", "Roger Ramsey"]
    decisions = Decision.objects.filter(meeting=meeting).order_by("number")
    assert [d.item.number for d in decisions] == [8, 8]
    tally = decisions[0].vote.tally
    assert (tally.votes_for, tally.votes_against, tally.result) == (10, 1, "carried")
    against = decisions[0].vote.member_votes.get(option="against")
    assert against.member.full_name == "David Durant"


def test_every_demo_person_signs_in_with_the_printed_password_and_holds_their_roles(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()
    for person in DEMO_PEOPLE:
        user = authenticate(username=person.username, password=DEMO_PASSWORD)
        assert user is not None, person.username
        assert roles.roles_of(user) == frozenset(person.roles)
        assert (roles.member_for(user) is not None) == person.is_councillor
        assert person.username in sign_in_help()
    assert get_user_model().objects.get(username="admin").is_superuser


def test_the_demo_gives_each_casework_queue_something_to_work_on():
    from councilguard.casework import abuse
    from councilguard.web.casework.abuse_models import AbuseReport
    from councilguard.web.casework.complaint_models import Complaint
    from councilguard.web.casework.models import AdviceRequest

    load_demo()
    assert set(AdviceRequest.objects.values_list("status", flat=True)) == {"open", "answered"}
    # The advice request about a party's campaign from the council address shows what the checker found.
    waiting = AdviceRequest.objects.get(status="open")
    assert "party-political-use" in {f["rule"] for f in waiting.result["findings"]}
    assert set(Complaint.objects.values_list("status", flat=True)) == {"received", "assessing", "closed"}
    assert all(c.evidence_check.get("findings") is not None for c in Complaint.objects.all())
    reports = AbuseReport.objects.order_by("received_on")
    assert reports.count() == 2
    # Two messages from one sender, however the handle was typed, are a course of conduct.
    assert reports[0].sender_id == reports[1].sender_id
    assert all(abuse.HARASSMENT in r.categories for r in reports)
    assert reports[1].threat and reports[1].status == "police"


def test_loading_the_demo_twice_adds_no_casework_the_second_time():
    from django.apps import apps

    load_demo()
    first = {m._meta.label: m._default_manager.count() for m in apps.get_app_config("casework").get_models()}
    load_demo()
    assert {m._meta.label: m._default_manager.count() for m in apps.get_app_config("casework").get_models()} == first
