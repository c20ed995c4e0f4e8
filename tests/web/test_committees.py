"""Committee records (issue 14): the seed's minutes rendered from the register, validated
attendance, declarations and votes, publishing, open data, who may see what, and what the
records tell the checker."""

from __future__ import annotations

import html
import json
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from councilguard.checker import Draft
from councilguard.web.checks.service import checker
from councilguard.web.governance.models import AuditEntry
from councilguard.web.register.context import checker_context_for
from councilguard.web.register.demo import load_demo
from councilguard.web.register.models import (
    AgendaItem,
    Attendance,
    Committee,
    CommitteeMembership,
    Declaration,
    Election,
    Meeting,
    Member,
    MemberVote,
    PoliticalGroup,
    Vote,
    Ward,
)

from .. import personas
from .conftest import sign_in

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
SEED = next((Path(__file__).resolve().parents[3] / "shared" / "seed").glob("governance-committee-2018-07-18*.txt"))


def _text(response) -> str:  # noqa: ANN001
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html.unescape(text))


def _seed_meeting() -> Meeting:
    load_demo(today=date(2026, 1, 15))
    return Meeting.objects.get(committee__name="Governance Committee")


class TestTheSeedMinutes:
    """The minutes the register writes say what the seed's minutes say."""

    def test_the_rendered_minutes_state_every_fact_of_the_seed(self, client):
        meeting = _seed_meeting()
        seed = re.sub(r"\s+", " ", SEED.read_text(encoding="utf-8").replace("**", ""))
        minutes = _text(client.get(f"/meetings/{meeting.pk}/"))
        facts = [
            "18 July 2018 (7.30 - 8.15 pm)",
            "Town Hall, Main Road, Romford",
            "Conservative Group Robert Benham (Vice-Chair), Michael White (Chairman), Joshua Chapman, "
            "Damian White and Maggie Themistocli",
            "Residents' Group Ray Morgon and Paul Middleton",
            "Upminster & Cranham Residents' Group Clarence Barrett",
            "Independent Residents Group David Durant",
            "Labour Group Keith Darvill",
            "North Havering Residents Group Darren Wise",
            "The Chairman reminded Members of the action to be taken in an emergency.",
            "5 APOLOGIES FOR ABSENCE & SUBSTITUTE MEMBERS",
            "There were no declarations of interest.",
            "were agreed as a correct record subject to an amendment that Councillor Jason Frost was appointed "
            "to the Transport & Environment Committee instead of Councillor Joshua Chapman as stated in the "
            "appendix 1 to the minutes",
            "The minutes of the meeting held on 31 May 2018",
            "8 MEMBERS IT USAGE AND SOCIAL MEDIA PROTOCOLS",
            "Following discussion, the Committee:",
            "Approved the 'Member IT Usage Protocol' as amended and attached as Appendix 1.",
            "'Social Media Protocol for Members' as amended and attached as Appendix 2",
            "The voting to approve the protocol was carried by 10 votes to 1 against.",
            "Councillor David Durant voted against the proposal.",
        ]
        for fact in facts:
            assert fact in minutes, fact
            assert fact.replace("Group ", "Group\t").split("\t")[-1] in seed.replace("\t", " "), fact
        # The two apologies and who substituted, as the seed words them.
        for absent, substitute in (("Barry Mugglestone", "Paul Middleton"), ("Roger Ramsey", "Maggie Themistocli")):
            assert f"Councillor {absent}, who was substituted by Councillor {substitute}" in minutes
            assert absent in seed and f"substituted by Councillor {substitute}" in seed
        # Eleven present, in six groups.
        assert Attendance.objects.filter(meeting=meeting, status__in=["present", "substitute"]).count() == 11
        # Item 8's minute is the seed's, paragraph by paragraph.
        for paragraph in AgendaItem.objects.get(meeting=meeting, number=8).minute.split("\n\n"):
            assert paragraph in seed and paragraph in minutes

    def test_the_minutes_pdf_is_produced_from_the_same_records(self, client):
        meeting = _seed_meeting()
        response = client.get(f"/meetings/{meeting.pk}/minutes.pdf")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")
        assert "minutes-governance-committee-2018-07-18.pdf" in response["Content-Disposition"]

    def test_the_protocol_page_shows_the_adopting_decision_from_the_register(self, client):
        meeting = _seed_meeting()
        page = _text(client.get("/protocol/"))
        assert "By the Governance Committee on 18 July 2018, minute 8 Members IT usage" in page
        assert "The vote was carried by 10 votes to 1 against. Councillor David Durant voted against" in page
        assert f'href="/meetings/{meeting.pk}/#item-8"' in client.get("/protocol/").content.decode()

    def test_the_version_the_checker_cites_on_a_date_is_the_one_in_force_then(self):
        from councilguard.web.governance.protocols import version_in_force_on

        _seed_meeting()
        assert version_in_force_on(date(2026, 1, 1)).pack_id == "havering-2018"
        assert version_in_force_on(date(2026, 1, 1)).decision.item.number == 8


@pytest.fixture
def committee():
    """Planning Committee: two Conservatives and a Labour member; others not on it."""
    planning = Committee.objects.create(name="Planning Committee")
    con = PoliticalGroup.objects.create(name="Conservative Group")
    lab = PoliticalGroup.objects.get_or_create(name="Labour Group")[0]
    people = {}
    for key, name, group, on in (
        ("ann", "Ann Chair", con, True),
        ("bob", "Bob Member", con, True),
        ("lee", "Lee Member", lab, True),
        ("sue", "Sue Spare", con, False),
        ("tom", "Tom Other", lab, False),
    ):
        people[key] = Member.objects.create(full_name=name, group=group)
        if on:
            CommitteeMembership.objects.create(member=people[key], committee=planning, since=date(2025, 5, 1))
    meeting = Meeting.objects.create(
        committee=planning,
        start=datetime(2026, 3, 10, 19, 0, tzinfo=LONDON),
        end=datetime(2026, 3, 10, 21, 0, tzinfo=LONDON),
        chair=people["ann"],
    )
    item = AgendaItem.objects.create(meeting=meeting, number=3, title="Land at Oak Road")
    return {"meeting": meeting, "item": item, **people}


def _attend(client: Client, meeting: Meeting, member: Member, status: str, instead: Member | None = None):
    data = {"member": member.pk, "status": status, "substitute_for": instead.pk if instead else ""}
    return client.post(f"/register/meetings/{meeting.pk}/attendance/add/", data)


class TestAttendance:
    def test_a_substitute_from_the_same_group_is_recorded_in_place_of_the_member(self, services_client, committee):
        m = committee["meeting"]
        assert _attend(services_client, m, committee["bob"], "apologies").status_code == 302
        assert _attend(services_client, m, committee["sue"], "substitute", committee["bob"]).status_code == 302
        sue = Attendance.objects.get(meeting=m, member=committee["sue"])
        assert sue.substitute_for == committee["bob"]
        assert AuditEntry.objects.filter(model="register.Attendance", action="created").count() == 2

    def test_a_member_substituting_for_herself_is_refused_and_nothing_is_saved(self, services_client, committee):
        response = _attend(services_client, committee["meeting"], committee["bob"], "substitute", committee["bob"])
        assert response.status_code == 200
        assert "Councillor Bob Member cannot substitute for themselves" in _text(response)
        assert not Attendance.objects.exists()

    def test_someone_not_on_the_committee_is_refused_as_a_plain_member(self, services_client, committee):
        response = _attend(services_client, committee["meeting"], committee["tom"], "present")
        assert "Councillor Tom Other does not sit on this committee" in _text(response)
        assert not Attendance.objects.exists()

    def test_a_substitute_for_a_member_who_is_present_is_refused(self, services_client, committee):
        m = committee["meeting"]
        _attend(services_client, m, committee["bob"], "present")
        response = _attend(services_client, m, committee["sue"], "substitute", committee["bob"])
        assert "Councillor Bob Member is present, so cannot be substituted" in _text(response)
        assert Attendance.objects.count() == 1

    def test_a_substitute_from_another_group_is_refused(self, services_client, committee):
        m = committee["meeting"]
        _attend(services_client, m, committee["lee"], "apologies")
        response = _attend(services_client, m, committee["sue"], "substitute", committee["lee"])
        assert "choose a member of the same group" in _text(response)
        assert Attendance.objects.count() == 1


class TestDeclarationsAndVotes:
    def test_a_declaration_for_a_member_who_was_absent_is_refused(self, services_client, committee):
        m = committee["meeting"]
        Attendance.objects.create(meeting=m, member=committee["bob"], status="absent")
        response = services_client.post(
            f"/register/meetings/{m.pk}/declarations/add/",
            {"item": committee["item"].pk, "member": committee["bob"].pk, "kind": "pecuniary", "description": "Owns"},
        )
        assert response.status_code == 200
        assert "Councillor Bob Member was absent, so cannot declare an interest at this meeting" in _text(response)
        assert not Declaration.objects.exists()

    def test_a_member_present_declares_an_interest(self, services_client, committee):
        m = committee["meeting"]
        Attendance.objects.create(meeting=m, member=committee["bob"], status="present")
        response = services_client.post(
            f"/register/meetings/{m.pk}/declarations/add/",
            {"item": committee["item"].pk, "member": committee["bob"].pk, "kind": "registrable", "description": "A"},
        )
        assert response.status_code == 302
        assert Declaration.objects.get().get_kind_display() == "Other registrable interest"

    def test_a_recorded_vote_computes_its_result_and_the_substitute_votes_in_her_own_name(
        self, services_client, committee
    ):
        m = committee["meeting"]
        Attendance.objects.create(meeting=m, member=committee["ann"], status="present")
        Attendance.objects.create(meeting=m, member=committee["bob"], status="apologies")
        Attendance.objects.create(
            meeting=m, member=committee["sue"], status="substitute", substitute_for=committee["bob"]
        )
        Attendance.objects.create(meeting=m, member=committee["lee"], status="present")
        response = services_client.post(
            f"/register/meetings/{m.pk}/votes/add/",
            {"item": committee["item"].pk, "motion": "to grant permission", "recorded": "on",
             f"vote_{committee['ann'].pk}": "for", f"vote_{committee['sue'].pk}": "for",
             f"vote_{committee['lee'].pk}": "against", "count_for": "99"},
        )  # fmt: skip
        assert response.status_code == 302
        vote = Vote.objects.get()
        assert vote.result == "carried" and vote.tally.sentence() == "carried by 2 votes to 1 against"
        assert vote.count_for is None  # a recorded vote keeps no typed totals
        sue = MemberVote.objects.get(member=committee["sue"])
        assert sue.on_behalf_of == committee["bob"] and sue.option == "for"
        assert not MemberVote.objects.filter(member=committee["bob"]).exists()

    def test_counts_that_exceed_the_members_present_are_refused(self, services_client, committee):
        m = committee["meeting"]
        Attendance.objects.create(meeting=m, member=committee["ann"], status="present")
        Attendance.objects.create(meeting=m, member=committee["lee"], status="present")
        response = services_client.post(
            f"/register/meetings/{m.pk}/votes/add/",
            {"item": committee["item"].pk, "motion": "to refuse", "count_for": "2", "count_against": "1"},
        )
        assert response.status_code == 200
        assert "3 votes were cast but only 2 members were present: check the totals" in _text(response)
        assert not Vote.objects.exists()

    def test_a_meeting_that_ends_before_it_starts_is_refused(self, services_client, committee):
        m = committee["meeting"]
        response = services_client.post(
            f"/register/meetings/{m.pk}/edit/",
            {"committee": m.committee_id, "start": "2026-03-10T19:00", "end": "2026-03-10T18:00"},
        )
        assert "The meeting must end after it starts" in _text(response)
        m.refresh_from_db()
        assert m.end.hour == 21


class TestPublishing:
    def test_unpublished_minutes_are_hidden_from_the_public_and_published_ones_are_shown(
        self, client, services_client, committee
    ):
        m = committee["meeting"]
        assert Client().get(f"/meetings/{m.pk}/").status_code == 404
        assert Client().get(f"/meetings/{m.pk}/minutes.pdf").status_code == 404
        assert services_client.get(f"/meetings/{m.pk}/").status_code == 200  # Members' Services' preview
        Attendance.objects.create(meeting=m, member=committee["ann"], status="present")
        response = services_client.post(f"/register/meetings/{m.pk}/publish/")
        assert response.status_code == 302
        m.refresh_from_db()
        assert m.published
        assert Client().get(f"/meetings/{m.pk}/").status_code == 200
        assert "Planning Committee" in _text(Client().get("/meetings/"))

    def test_minutes_with_invalid_attendance_cannot_be_published(self, services_client, committee):
        m = committee["meeting"]
        Attendance.objects.create(meeting=m, member=committee["tom"], status="present")
        response = services_client.post(f"/register/meetings/{m.pk}/publish/", follow=True)
        assert "Councillor Tom Other does not sit on this committee" in _text(response)
        m.refresh_from_db()
        assert not m.published


class TestOpenData:
    def test_popolo_lists_people_groups_meetings_and_the_seeds_vote_with_substitutes(self):
        meeting = _seed_meeting()
        data = json.loads(Client().get("/open-data/popolo.json").content)
        names = {p["name"] for p in data["persons"]}
        assert {"David Durant", "Maggie Themistocli"} <= names
        assert {"Conservative Group", "Governance Committee"} <= {o["name"] for o in data["organizations"]}
        event = next(e for e in data["events"] if e["id"] == f"meeting-{meeting.pk}")
        ids = {p["id"]: p["name"] for p in data["persons"]}
        subs = {ids[a["person_id"]]: ids[a["substitute_for"]] for a in event["attendance"] if a["substitute_for"]}
        assert subs == {"Paul Middleton": "Barry Mugglestone", "Maggie Themistocli": "Roger Ramsey"}
        (vote_event,) = [v for v in data["vote_events"] if v["legislative_session_id"] == event["id"]]
        assert vote_event["result"] == "pass"
        assert {c["option"]: c["value"] for c in vote_event["counts"]} == {"yes": 10, "no": 1, "abstain": 0}
        no = [ids[v["voter_id"]] for v in vote_event["votes"] if v["option"] == "no"]
        assert no == ["David Durant"]
        assert any(v.get("substitute_for") for v in vote_event["votes"])
        assert "substitute_for" in data["extensions"]

    def test_open_data_leaves_out_unpublished_meetings(self, committee):
        data = json.loads(Client().get("/open-data/popolo.json").content)
        assert data["events"] == []


class TestWhatTheCheckerLearns:
    def test_the_checker_flags_a_post_made_during_a_meeting_by_a_member_attending_it(self, committee):
        m = committee["meeting"]
        Attendance.objects.create(meeting=m, member=committee["ann"], status="present")
        Attendance.objects.create(meeting=m, member=committee["bob"], status="apologies")
        during = m.start + timedelta(minutes=40)
        context = checker_context_for(committee["ann"], during)
        assert [x["name"] for x in context["meetings_attending"]] == ["Planning Committee"]
        draft = Draft.from_dict(
            {**context, "text": "Great debate on Oak Road tonight.", "channel": "social", "platform": "twitter"}
        )
        result = checker().check(draft)
        assert "meeting-use" in {f.rule for f in result.findings}
        assert checker_context_for(committee["bob"], during)["meetings_attending"] == []

    def test_a_ward_by_election_puts_only_that_wards_councillors_into_the_pre_election_period(self):
        heaton, harold = Ward.objects.create(name="Heaton"), Ward.objects.create(name="Harold Wood")
        inside = Member.objects.create(full_name="Hana Heaton", ward=heaton)
        outside = Member.objects.create(full_name="Owen Harold", ward=harold)
        Election.objects.create(
            name="Heaton by-election", kind="by_election", ward=heaton, polling_day=date(2026, 9, 10)
        )
        during = datetime(2026, 8, 20, 12, 0, tzinfo=LONDON)
        assert checker_context_for(inside, during)["pre_election"] is True
        assert checker_context_for(outside, during)["pre_election"] is False
        assert checker_context_for(inside, datetime(2026, 9, 11, 12, 0, tzinfo=LONDON))["pre_election"] is False

    def test_a_by_election_needs_a_ward_and_a_borough_election_has_none(self, services_client):
        ward = Ward.objects.create(name="Heaton")
        response = services_client.post(
            "/register/elections/add/", {"name": "By", "kind": "by_election", "polling_day": "2026-09-10"}
        )
        assert "Select the ward the by-election is held in" in _text(response)
        response = services_client.post(
            "/register/elections/add/",
            {"name": "All", "kind": "borough", "ward": ward.pk, "polling_day": "2026-05-07"},
        )
        assert "Only a by-election is held in one ward" in _text(response)
        assert not Election.objects.exists()


# --- who may reach each page ---------------------------------------------------------------

EDITORS = {"Members' Services", "administrator"}


@pytest.mark.parametrize("who", [*personas.PERSONAS, "anonymous"])
def test_only_members_services_and_administrators_edit_records_and_everyone_reads_published_minutes(
    who, client, committee, everyone
):
    if who != "anonymous":
        sign_in(client, everyone[who])
    m, item = committee["meeting"], committee["item"]
    staff_pages = [
        f"/register/meetings/{m.pk}/",
        f"/register/meetings/{m.pk}/attendance/add/",
        f"/register/meetings/{m.pk}/items/add/",
        f"/register/meetings/{m.pk}/items/{item.pk}/edit/",
        f"/register/meetings/{m.pk}/declarations/add/",
        f"/register/meetings/{m.pk}/votes/add/",
        f"/register/meetings/{m.pk}/decisions/add/",
    ]
    editor = who in EDITORS
    for url in staff_pages:
        status = client.get(url).status_code
        assert status == (200 if editor else 302 if who == "anonymous" else 403), (url, status)
    response = client.post(
        f"/register/meetings/{m.pk}/items/add/", {"number": 4, "title": "Forged", "kind": "business"}
    )
    assert response.status_code == (302 if editor else 302 if who == "anonymous" else 403)
    assert AgendaItem.objects.filter(title="Forged").exists() == editor
    Attendance.objects.create(meeting=m, member=committee["ann"], status="present")
    client.post(f"/register/meetings/{m.pk}/publish/")
    m.refresh_from_db()
    assert m.published == editor
    # Unpublished minutes: only editors see them; published: everyone, no sign-in.
    Meeting.objects.filter(pk=m.pk).update(published_at=None)
    assert client.get(f"/meetings/{m.pk}/").status_code == (200 if editor else 404)
    Meeting.objects.filter(pk=m.pk).update(published_at=datetime(2026, 3, 20, tzinfo=LONDON))
    for url in (f"/meetings/{m.pk}/", f"/meetings/{m.pk}/minutes.pdf", "/meetings/", "/open-data/popolo.json"):
        assert client.get(url).status_code == 200, url
