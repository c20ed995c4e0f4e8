"""The register: Members' Services' pages, who may see a member, forged posts, and the
context the checker receives."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from councilguard.checker import Draft
from councilguard.web.governance.models import AuditEntry
from councilguard.web.register.context import checker_context_for
from councilguard.web.register.models import (
    Attendance,
    Committee,
    CommitteeMembership,
    Election,
    Meeting,
    Post,
    SocialAccount,
    Ward,
)
from councilguard.web.register.workdays import easter_sunday, is_working_day, pre_election_start

from .conftest import sign_in

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


class TestRegisterPages:
    def test_members_services_lists_every_part_of_the_register(self, services_client):
        for section in ("members", "wards", "groups", "posts", "social-accounts", "committees",
                        "memberships", "meetings", "attendance", "elections"):  # fmt: skip
            assert services_client.get(f"/register/{section}/").status_code == 200
            assert services_client.get(f"/register/{section}/add/").status_code == 200

    def test_members_services_adds_a_ward_and_the_audit_log_records_who(self, services_client, members_services):
        response = services_client.post("/register/wards/add/", {"name": "Upminster"})
        assert response.status_code == 302
        ward = Ward.objects.get(name="Upminster")
        entry = AuditEntry.objects.get(model="register.Ward", object_id=str(ward.pk))
        assert entry.actor == members_services and entry.action == "created"

    def test_editing_a_member_records_before_and_after(self, services_client, councillor):
        member = councillor.member
        response = services_client.post(
            f"/register/members/{member.pk}/edit/",
            {"full_name": "Priya Patel", "ward": member.ward_id, "group": member.group_id,
             "council_email": "Priya.Patel@Havering.gov.uk", "user": councillor.pk, "active": "on"},
        )  # fmt: skip
        assert response.status_code == 302
        member.refresh_from_db()
        assert member.full_name == "Priya Patel"
        assert member.council_email == "priya.patel@havering.gov.uk"
        entry = AuditEntry.objects.get(action="changed", model="register.Member")
        assert entry.changes["full_name"] == ["Anna Webb", "Priya Patel"]

    def test_a_meeting_that_ends_before_it_starts_is_refused(self, services_client):
        committee = Committee.objects.create(name="Planning Committee")
        response = services_client.post(
            "/register/meetings/add/",
            {"committee": committee.pk, "start": "2026-03-10T19:00", "end": "2026-03-10T18:00"},
        )
        assert response.status_code == 200
        assert b"The meeting must end after it starts" in response.content
        assert not Meeting.objects.exists()

    def test_an_empty_form_says_what_to_enter_for_each_field(self, services_client):
        response = services_client.post("/register/meetings/add/", {})
        assert b"Select the committee" in response.content
        assert b"Enter the start" in response.content
        assert not Meeting.objects.exists()

    def test_a_forged_post_naming_a_record_that_does_not_exist_changes_nothing(self, services_client, councillor):
        member = councillor.member
        before = (member.full_name, member.ward_id)
        response = services_client.post(
            f"/register/members/{member.pk}/edit/",
            {"full_name": "X", "ward": "99999", "group": "not-a-number", "council_email": "nope"},
        )
        assert response.status_code == 200
        assert b"Select a ward from the list" in response.content
        member.refresh_from_db()
        assert (member.full_name, member.ward_id) == before
        assert not AuditEntry.objects.exists()

    def test_a_post_without_a_csrf_token_changes_nothing(self, members_services):
        client = sign_in(Client(enforce_csrf_checks=True), members_services)
        response = client.post("/register/wards/add/", {"name": "Forged"})
        assert response.status_code == 403
        assert not Ward.objects.filter(name="Forged").exists()

    def test_an_unknown_part_of_the_register_is_not_found(self, services_client):
        assert services_client.get("/register/passwords/").status_code == 404
        assert services_client.post("/register/passwords/add/", {"name": "x"}).status_code == 404

    def test_a_duplicate_social_account_is_refused_with_a_message(self, services_client, councillor):
        SocialAccount.objects.create(member=councillor.member, platform="twitter", kind="council")
        before = SocialAccount.objects.count()
        response = services_client.post(
            "/register/social-accounts/add/",
            {"member": councillor.member.pk, "platform": "twitter", "kind": "council", "bio": "x"},
        )
        assert response.status_code == 200
        assert SocialAccount.objects.count() == before


class TestWhoSeesWhat:
    def test_a_councillor_cannot_use_the_register_pages(self, councillor_client):
        assert councillor_client.get("/register/").status_code == 403
        assert councillor_client.post("/register/wards/add/", {"name": "Mine"}).status_code == 403
        assert not Ward.objects.filter(name="Mine").exists()

    def test_a_councillor_sees_their_own_entry_but_not_another_councillors(
        self, councillor_client, councillor, other_councillor
    ):
        assert councillor_client.get(f"/register/members/{councillor.member.pk}/").status_code == 200
        response = councillor_client.get(f"/register/members/{other_councillor.member.pk}/")
        assert response.status_code == 403

    def test_officers_see_any_member(self, client, ict_officer, councillor):
        sign_in(client, ict_officer)
        assert client.get(f"/register/members/{councillor.member.pk}/").status_code == 200


class TestCheckerContext:
    @pytest.fixture
    def member(self, councillor):
        """The councillor (on the Planning Committee, a personal Twitter account), who also
        sat on Licensing until 2021 and holds a cabinet post and a council account."""
        member = councillor.member
        old = Committee.objects.create(name="Licensing Committee")
        CommitteeMembership.objects.create(member=member, committee=old, since=date(2020, 1, 1), until=date(2021, 1, 1))
        SocialAccount.objects.create(
            member=member, platform="twitter", kind="council", bio="Councillor for Harold Wood"
        )
        Post.objects.create(member=member, title="Cabinet Member for Housing", executive=True)
        return member

    def test_it_lists_the_committees_the_member_sits_on_now(self, member):
        context = checker_context_for(member, datetime(2026, 3, 10, 12, 0, tzinfo=LONDON))
        assert context["committees"] == ["Planning Committee"]
        assert context["author"] == member.register_id
        assert context["roles"] == ["Cabinet Member for Housing"]

    def test_it_finds_the_meeting_the_member_is_at_when_the_draft_is_sent(self, member):
        planning = Committee.objects.get(name="Planning Committee")
        Meeting.objects.create(
            committee=planning,
            start=datetime(2026, 3, 10, 19, 0, tzinfo=LONDON),
            end=datetime(2026, 3, 10, 21, 0, tzinfo=LONDON),
        )
        during = checker_context_for(member, datetime(2026, 3, 10, 20, 0, tzinfo=LONDON))
        after = checker_context_for(member, datetime(2026, 3, 10, 22, 0, tzinfo=LONDON))
        assert [m["name"] for m in during["meetings_attending"]] == ["Planning Committee"]
        assert after["meetings_attending"] == []

    def test_apologies_mean_the_member_is_not_at_the_meeting(self, member, other_councillor):
        planning = Committee.objects.get(name="Planning Committee")
        meeting = Meeting.objects.create(
            committee=planning,
            start=datetime(2026, 3, 10, 19, 0, tzinfo=LONDON),
            end=datetime(2026, 3, 10, 21, 0, tzinfo=LONDON),
        )
        Attendance.objects.create(meeting=meeting, member=member, status="apologies")
        Attendance.objects.create(meeting=meeting, member=other_councillor.member, status="present")
        context = checker_context_for(member, datetime(2026, 3, 10, 20, 0, tzinfo=LONDON))
        assert context["meetings_attending"] == []
        substitute = checker_context_for(other_councillor.member, datetime(2026, 3, 10, 20, 0, tzinfo=LONDON))
        assert len(substitute["meetings_attending"]) == 1

    def test_it_picks_the_bio_of_the_account_posted_from(self, member):
        council = checker_context_for(member, platform="twitter", account="council")
        personal = checker_context_for(member, platform="twitter", account="personal")
        assert council["bio"] == "Councillor for Harold Wood"
        assert personal["bio"] == "Dad, runner, Spurs fan."
        assert checker_context_for(member)["bio"] == ""

    def test_it_knows_when_a_pre_election_period_is_on(self, member):
        Election.objects.create(name="Borough elections", polling_day=date(2026, 5, 7))
        before = checker_context_for(member, datetime(2026, 2, 1, 12, 0, tzinfo=LONDON))
        during = checker_context_for(member, datetime(2026, 4, 20, 12, 0, tzinfo=LONDON))
        after = checker_context_for(member, datetime(2026, 5, 8, 12, 0, tzinfo=LONDON))
        assert (before["pre_election"], during["pre_election"], after["pre_election"]) == (
            False,
            True,
            False,
        )

    def test_the_context_is_a_valid_draft_for_the_checker(self, member):
        draft = Draft.from_dict({"text": "Hello", **checker_context_for(member, platform="twitter")})
        assert draft.committees == ("Planning Committee",)
        assert draft.extra["roles"] == ["Cabinet Member for Housing"]


class TestWorkingDays:
    def test_easter_falls_on_the_known_dates(self):
        assert easter_sunday(2018) == date(2018, 4, 1)
        assert easter_sunday(2026) == date(2026, 4, 5)

    def test_bank_holidays_and_christmas_eve_are_not_working_days(self):
        assert not is_working_day(date(2026, 4, 3))  # Good Friday
        assert not is_working_day(date(2026, 5, 4))  # early May bank holiday
        assert not is_working_day(date(2025, 12, 24))
        assert not is_working_day(date(2022, 9, 19))  # the Queen's funeral
        assert is_working_day(date(2026, 4, 7))

    def test_the_notice_of_the_2026_borough_elections_is_due_by_late_march(self):
        # Polling day 7 May 2026; the count skips Good Friday, Easter Monday and 4 May.
        start = pre_election_start(date(2026, 5, 7))
        assert start == date(2026, 3, 30)
        assert Election(name="x", polling_day=date(2026, 5, 7)).pre_election_starts == start

    def test_an_explicit_start_overrides_the_computed_one(self):
        election = Election(name="x", polling_day=date(2026, 5, 7), period_starts=date(2026, 3, 20))
        assert election.pre_election_starts == date(2026, 3, 20)
