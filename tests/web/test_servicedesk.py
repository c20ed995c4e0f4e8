"""The ICT Service Desk: devices, incidents, returns, leavers, filters, deadlines, permissions."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from councilguard.calendar.workdays import add_working_days
from councilguard.web import roles
from councilguard.web.governance.models import Acknowledgement, AuditEntry
from councilguard.web.governance.protocols import record_pack
from councilguard.web.register.models import Member
from councilguard.web.servicedesk import deadlines, services
from councilguard.web.servicedesk.models import (
    Asset,
    FilterRequest,
    Incident,
    LeaverCase,
    Notice,
    ReturnRequest,
)

from .conftest import sign_in

pytestmark = pytest.mark.django_db


def _date(prefix: str, day: date) -> dict[str, str]:
    return {f"{prefix}_0": str(day.day), f"{prefix}_1": str(day.month), f"{prefix}_2": str(day.year)}


@pytest.fixture(autouse=True)
def _setup(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    for name in roles.ROLES:
        Group.objects.get_or_create(name=name)
    record_pack("havering-2018", in_force=True)


@pytest.fixture
def desk_user(ict_officer):
    return ict_officer


@pytest.fixture
def desk(client, desk_user):
    return sign_in(client, desk_user)


@pytest.fixture
def ipad(desk_user, councillor):
    asset = Asset.objects.create(asset_tag="HAV-I001", kind="ipad", make="Apple", model="iPad", serial_number="S1")
    services.issue_asset(asset, councillor.member, timezone.localdate() - timedelta(days=30), desk_user)
    asset.refresh_from_db()
    return asset


class TestTheRegister:
    def test_adding_a_device_records_it_in_stock_with_its_history(self, desk):
        response = desk.post(
            reverse("servicedesk:asset-add"),
            {"asset_tag": " hav-l009 ", "kind": "laptop", "make": "Dell", "model": "Latitude", "serial_number": "X"},
        )
        asset = Asset.objects.get()
        assert response.status_code == 302
        assert (asset.asset_tag, asset.status) == ("HAV-L009", "in_stock")
        assert asset.events.get().what == "Added to the register"
        assert AuditEntry.objects.filter(model="servicedesk.Asset", action="created").exists()

    def test_an_asset_tag_already_used_is_refused_and_nothing_is_added(self, desk, ipad):
        response = desk.post(
            reverse("servicedesk:asset-add"), {"asset_tag": "hav-i001", "kind": "laptop", "make": "Dell", "model": "X"}
        )
        assert response.status_code == 400
        assert "Asset tag HAV-I001 is already used" in response.content.decode()
        assert Asset.objects.count() == 1

    def test_issuing_a_device_records_the_members_acknowledgement_of_the_protocol_in_force(self, desk, councillor):
        asset = Asset.objects.create(asset_tag="HAV-L001", kind="laptop", make="Dell", model="Latitude")
        response = desk.post(
            reverse("servicedesk:asset-issue", args=[asset.pk]),
            {"member": councillor.member.pk, "acknowledged": "on", **_date("issued_on", timezone.localdate())},
        )
        assert response.status_code == 302
        asset.refresh_from_db()
        assert (asset.status, asset.holder, asset.held_since) == ("issued", councillor.member, timezone.localdate())
        ack = Acknowledgement.objects.get(member=councillor.member)
        assert ack.version.pack_id == "havering-2018"
        assert asset.events.first().protocol_version == ack.version

    def test_a_device_is_not_issued_without_the_acknowledgement(self, desk, councillor):
        asset = Asset.objects.create(asset_tag="HAV-L001", kind="laptop", make="Dell", model="Latitude")
        response = desk.post(
            reverse("servicedesk:asset-issue", args=[asset.pk]),
            {"member": councillor.member.pk, **_date("issued_on", timezone.localdate())},
        )
        assert response.status_code == 400
        assert "Confirm the councillor has acknowledged the protocol" in response.content.decode()
        asset.refresh_from_db()
        assert asset.status == "in_stock" and not Acknowledgement.objects.exists()

    def test_a_date_that_is_not_real_is_named_in_the_error(self, desk, councillor):
        asset = Asset.objects.create(asset_tag="HAV-L001", kind="laptop", make="Dell", model="Latitude")
        response = desk.post(
            reverse("servicedesk:asset-issue", args=[asset.pk]),
            {"member": councillor.member.pk, "acknowledged": "on", "issued_on_0": "31", "issued_on_1": "2",
             "issued_on_2": "2026"},
        )  # fmt: skip
        assert response.status_code == 400
        assert "Enter the date issued as a real date" in response.content.decode()

    def test_the_register_downloads_as_csv(self, desk, ipad):
        response = desk.get(reverse("servicedesk:export"))
        assert response["Content-Type"].startswith("text/csv")
        lines = response.content.decode().splitlines()
        assert lines[0].startswith("Asset tag,Serial number,Type")
        assert lines[1].startswith("HAV-I001,S1,iPad,Apple,iPad,Issued,Anna Webb,")


class TestIncidents:
    def _report(self, client, asset, kind="theft", crime_number="", key=None):
        return client.post(
            reverse("servicedesk:incident-report"),
            {"asset": asset.pk, "kind": kind, "description": "Taken from my bag on the train",
             "crime_number": crime_number, "submission_key": str(key or uuid.uuid4()),
             **_date("happened_on", timezone.localdate())},
        )  # fmt: skip

    def test_a_member_reports_a_theft_and_the_service_desk_is_told_at_once(
        self, client, councillor, ipad, django_capture_on_commit_callbacks
    ):
        sign_in(client, councillor)
        with django_capture_on_commit_callbacks(execute=True):
            response = self._report(client, ipad)
        incident = Incident.objects.get()
        assert response.status_code == 302
        ipad.refresh_from_db()
        assert ipad.status == "stolen"
        assert incident.member == councillor.member
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == ["ict.servicedesk@havering.gov.uk"]
        assert "stolen" in mail.outbox[0].subject.lower()

    def test_a_double_submission_records_one_report(self, client, councillor, ipad):
        sign_in(client, councillor)
        key = uuid.uuid4()
        self._report(client, ipad, key=key)
        second = self._report(client, ipad, key=key)
        assert second.status_code == 302
        assert Incident.objects.count() == 1

    def test_a_device_already_marked_stolen_takes_no_second_report(self, client, councillor, ipad):
        sign_in(client, councillor)
        self._report(client, ipad)
        response = self._report(client, ipad)
        assert response.status_code == 400
        assert "This device is already reported stolen" in response.content.decode()
        assert Incident.objects.count() == 1

    def test_a_crime_number_on_a_loss_is_refused_and_nothing_is_recorded(self, client, councillor, ipad):
        sign_in(client, councillor)
        response = self._report(client, ipad, kind="loss", crime_number="CAD 1/26")
        assert response.status_code == 400
        assert "Only a theft has a police crime number" in response.content.decode()
        ipad.refresh_from_db()
        assert ipad.status == "issued" and not Incident.objects.exists()

    def test_a_member_cannot_report_someone_elses_device(self, client, other_councillor, ipad):
        sign_in(client, other_councillor)
        response = self._report(client, ipad)
        assert response.status_code == 400
        assert not Incident.objects.exists()

    def test_a_theft_cannot_be_closed_without_a_crime_number(self, desk, desk_user, ipad):
        incident, _ = services.report_incident(asset=ipad, kind="theft", happened_on=timezone.localdate(),
                                               description="x", crime_number="", actor=desk_user)  # fmt: skip
        response = desk.post(
            reverse("servicedesk:incident-close", args=[incident.pk]), {"outcome": "replaced_insurance"}
        )
        assert response.status_code == 400
        assert "a theft cannot be closed without it" in response.content.decode()
        incident.refresh_from_db()
        assert incident.is_open
        response = desk.post(
            reverse("servicedesk:incident-close", args=[incident.pk]),
            {"outcome": "replaced_insurance", "crime_number": "CAD 4471/26"},
        )
        incident.refresh_from_db()
        assert response.status_code == 302
        assert (incident.is_open, incident.crime_number, incident.outcome) == (
            False,
            "CAD 4471/26",
            "replaced_insurance",
        )

    def test_misuse_is_charged_with_the_amount_and_the_decision_and_the_device_written_off(self, desk, desk_user, ipad):
        incident, _ = services.report_incident(asset=ipad, kind="damage", happened_on=timezone.localdate(),
                                               description="x", crime_number="", actor=desk_user)  # fmt: skip
        url = reverse("servicedesk:incident-close", args=[incident.pk])
        refused = desk.post(url, {"outcome": "charged_misuse", "charge_amount": "120.00"})
        assert "Enter the decision to charge" in refused.content.decode()
        desk.post(url, {"outcome": "charged_misuse", "charge_amount": "120.00", "decision": "Head of ICT, 3 March"})
        incident.refresh_from_db()
        ipad.refresh_from_db()
        assert str(incident.charge_amount) == "120.00"
        assert (ipad.status, ipad.holder) == ("written_off", None)

    def test_a_member_sees_only_their_own_incidents(self, client, desk_user, other_councillor, ipad):
        incident, _ = services.report_incident(asset=ipad, kind="loss", happened_on=timezone.localdate(),
                                               description="x", crime_number="", actor=desk_user)  # fmt: skip
        sign_in(client, other_councillor)
        assert client.get(reverse("servicedesk:incident", args=[incident.pk])).status_code == 403
        assert "HAV-I001" not in client.get(reverse("servicedesk:mine")).content.decode()


class TestReturns:
    def test_a_return_date_before_the_request_is_refused(self, desk, ipad):
        today = timezone.localdate()
        response = desk.post(
            reverse("servicedesk:return-add"),
            {"asset": ipad.pk, "reason": "audit", **_date("requested_on", today),
             **_date("due_on", today - timedelta(days=1))},
        )  # fmt: skip
        assert response.status_code == 400
        assert "The return date must be on or after the date of the request" in response.content.decode()
        assert not ReturnRequest.objects.exists()

    def test_an_overdue_return_is_listed_in_red(self, desk, desk_user, ipad):
        today = timezone.localdate()
        services.request_return(asset=ipad, reason="upgrade", requested_on=today - timedelta(days=20),
                                due_on=add_working_days(today, -2), note="", actor=desk_user)  # fmt: skip
        page = desk.get(reverse("servicedesk:dashboard")).content.decode()
        assert 'govuk-tag--red cg-overdue">Overdue by 2 working days' in page

    def test_recording_the_return_of_an_audit_sets_the_next_audit(self, desk, desk_user, ipad):
        today = timezone.localdate()
        made = services.request_return(asset=ipad, reason="audit", requested_on=today, due_on=today, note="",
                                       actor=desk_user)  # fmt: skip
        desk.post(reverse("servicedesk:return", args=[made.pk]), _date("returned_on", today))
        made.refresh_from_db()
        ipad.refresh_from_db()
        assert made.returned_on == today
        assert (ipad.status, ipad.holder, ipad.next_audit_due) == ("returned", None, today + timedelta(days=365))


class TestLeavers:
    def _end_term(self, client, member, ends, reason="resigned"):
        return client.post(
            reverse("register:edit", args=["members", member.pk]),
            {"full_name": member.full_name, "council_email": member.council_email or "", "active": "on",
             "user": member.user_id or "", "term_ends": ends.isoformat(), "term_end_reason": reason},
        )  # fmt: skip

    def test_recording_a_term_end_opens_a_leaver_case_with_devices_accounts_and_deadline(
        self, services_client, councillor, ipad
    ):
        response = self._end_term(services_client, councillor.member, date(2025, 12, 19))
        assert response.status_code == 302
        case = LeaverCase.objects.get(member=councillor.member)
        assert case.deadline == date(2026, 1, 7)
        assert [d.asset for d in case.devices.all()] == [ipad]
        assert [a.kind for a in case.accounts.all()] == ["email", "network", "councilguard"]

    def test_a_term_end_without_a_reason_is_refused(self, services_client, councillor):
        member = councillor.member
        response = services_client.post(
            reverse("register:edit", args=["members", member.pk]),
            {"full_name": member.full_name, "council_email": member.council_email, "term_ends": "2026-04-02"},
        )
        assert "Select why the term ends" in response.content.decode()
        assert not LeaverCase.objects.exists()

    def test_a_case_cannot_close_while_a_device_is_unaccounted_for(self, desk, desk_user, councillor, ipad):
        member = councillor.member
        member.term_ends, member.term_end_reason = timezone.localdate(), "resigned"
        member.save()
        case = services.term_end_recorded(member, desk_user)
        for account in case.accounts.all():
            desk.post(reverse("servicedesk:leaver-account", args=[case.pk, account.pk, "end"]))
        response = desk.post(reverse("servicedesk:leaver-close", args=[case.pk]))
        assert response.status_code == 409
        assert "iPad HAV-I001 is not accounted for" in response.content.decode()
        case.refresh_from_db()
        assert case.is_open
        device = case.devices.get()
        desk.post(reverse("servicedesk:leaver-device", args=[case.pk, device.pk]), {"how": "returned"})
        assert desk.post(reverse("servicedesk:leaver-close", args=[case.pk])).status_code == 302
        case.refresh_from_db()
        councillor.refresh_from_db()
        member.refresh_from_db()
        assert not case.is_open and not councillor.is_active and not member.active

    def test_the_deadlines_command_ends_the_sign_in_on_the_day_the_case_says(self, desk_user, councillor):
        member = councillor.member
        member.term_ends, member.term_end_reason = date(2026, 4, 2), "not_reelected"
        member.save()
        case = services.term_end_recorded(member, desk_user)
        assert case.deadline == date(2026, 4, 20)
        deadlines.run(today=date(2026, 4, 1))
        councillor.refresh_from_db()
        assert councillor.is_active
        deadlines.run(today=date(2026, 4, 2))
        councillor.refresh_from_db()
        assert not councillor.is_active


class TestFilters:
    def test_a_filter_goes_from_asked_to_in_place_and_the_member_sees_it(self, client, councillor, desk_user):
        sign_in(client, councillor)
        client.post(
            reverse("servicedesk:filter-ask"), {"sender": "Spam@Example.com", "submission_key": str(uuid.uuid4())}
        )
        request = FilterRequest.objects.get()
        assert (request.sender, request.status) == ("spam@example.com", "asked")
        services.decide_filter(request, status="in_place", in_place_on=timezone.localdate(), declined_reason="",
                               actor=desk_user)  # fmt: skip
        assert "In place" in client.get(reverse("servicedesk:mine")).content.decode()

    def test_a_sender_that_is_not_an_address_or_domain_is_refused(self, client, councillor):
        sign_in(client, councillor)
        response = client.post(
            reverse("servicedesk:filter-ask"), {"sender": "the council", "submission_key": str(uuid.uuid4())}
        )
        assert response.status_code == 400
        assert "Enter a full e-mail address" in response.content.decode()
        assert not FilterRequest.objects.exists()


class TestDeadlines:
    def test_running_the_command_twice_sends_each_notice_once(self, desk_user, ipad):
        today = date(2026, 3, 16)
        services.request_return(asset=ipad, reason="repair", requested_on=date(2026, 3, 2), due_on=date(2026, 3, 13),
                                note="", actor=desk_user)  # fmt: skip
        mail.outbox.clear()
        first = deadlines.run(today=today)
        assert [k.split(":")[2] for k in first.sent] == ["overdue"]
        assert len(mail.outbox) == 1 and "Overdue" in mail.outbox[0].subject
        second = deadlines.run(today=today)
        assert second.sent == [] and len(mail.outbox) == 1
        later = deadlines.run(today=date(2026, 3, 20))
        assert [k.split(":")[2] for k in later.sent] == ["escalation"]
        assert Notice.objects.count() == 3  # reminder (overtaken, recorded), overdue, escalation

    def test_the_management_command_reports_what_it_did(self, desk_user, ipad, capsys):
        call_command("deadlines", "--today", "2026-03-16")
        assert "notice(s) sent" in capsys.readouterr().out

    def test_a_bad_date_for_the_command_is_named(self):
        from django.core.management.base import CommandError

        with pytest.raises(CommandError, match="is not a date"):
            call_command("deadlines", "--today", "16/03/2026")


# --- Permissions: every URL for every role ------------------------------------------------

PERSONAS = ["councillor", "other_councillor", "group_leader", "monitoring_officer", "members_services",
            "service_desk", "administrator", "outsider"]  # fmt: skip
DESK_ROLES = {"service_desk", "administrator"}


@pytest.fixture
def world(everyone, desk_user, councillor):
    people = {
        "councillor": councillor,
        "other_councillor": everyone["other councillor"],
        "group_leader": everyone["group leader"],
        "monitoring_officer": everyone["Monitoring Officer"],
        "members_services": everyone["Members' Services"],
        "service_desk": desk_user,
        "administrator": everyone["administrator"],
        "outsider": None,
    }
    asset = Asset.objects.create(asset_tag="HAV-I001", kind="ipad", make="Apple", model="iPad")
    services.issue_asset(asset, councillor.member, timezone.localdate(), desk_user)
    incident, _ = services.report_incident(asset=asset, kind="damage", happened_on=timezone.localdate(),
                                           description="x", crime_number="", actor=desk_user)  # fmt: skip
    other = Asset.objects.create(asset_tag="HAV-L001", kind="laptop", make="Dell", model="X")
    services.issue_asset(other, councillor.member, timezone.localdate(), desk_user)
    ret = services.request_return(asset=other, reason="audit", requested_on=timezone.localdate(),
                                  due_on=timezone.localdate(), note="", actor=desk_user)  # fmt: skip
    filt, _ = services.ask_filter(member=councillor.member, sender="x.example", reason="", actor=councillor)
    leaver = Member.objects.create(full_name="Leaving Member", term_ends=timezone.localdate(), term_end_reason="died")
    case = services.term_end_recorded(leaver, desk_user)
    return people, {"asset": asset.pk, "incident": incident.pk, "return": ret.pk, "filter": filt.pk, "case": case.pk}


def _pages(ids):
    """(url, who may see it) for every GET page."""
    own = {"councillor", "service_desk", "administrator"}
    members = {"councillor", "other_councillor", "group_leader"}
    return [
        (reverse("servicedesk:dashboard"), DESK_ROLES),
        (reverse("servicedesk:assets"), DESK_ROLES),
        (reverse("servicedesk:export"), DESK_ROLES),
        (reverse("servicedesk:asset-add"), DESK_ROLES),
        (reverse("servicedesk:asset", args=[ids["asset"]]), DESK_ROLES),
        (reverse("servicedesk:asset-edit", args=[ids["asset"]]), DESK_ROLES),
        (reverse("servicedesk:asset-issue", args=[ids["asset"]]), DESK_ROLES),
        (reverse("servicedesk:asset-receive", args=[ids["asset"]]), DESK_ROLES),
        (reverse("servicedesk:incidents"), DESK_ROLES),
        (reverse("servicedesk:incident-report"), DESK_ROLES | members),
        (reverse("servicedesk:incident", args=[ids["incident"]]), own),
        (reverse("servicedesk:returns"), DESK_ROLES),
        (reverse("servicedesk:return-add"), DESK_ROLES),
        (reverse("servicedesk:return", args=[ids["return"]]), own),
        (reverse("servicedesk:leavers"), DESK_ROLES | {"members_services"}),
        (reverse("servicedesk:leaver", args=[ids["case"]]), DESK_ROLES | {"members_services"}),
        (reverse("servicedesk:filters"), DESK_ROLES),
        (reverse("servicedesk:filter-ask"), members),
        (reverse("servicedesk:filter", args=[ids["filter"]]), own),
        (reverse("servicedesk:mine"), members),
    ]


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_is_open_to_exactly_the_roles_that_may_use_it(client, world, persona):
    people, ids = world
    if people[persona] is not None:
        sign_in(client, people[persona])
    for url, allowed in _pages(ids):
        status = client.get(url).status_code
        if persona == "outsider":
            assert status == 302, url
        elif persona in allowed:
            assert status == 200, (persona, url, status)
        else:
            assert status == 403, (persona, url, status)


POSTS = ["incident-close", "incident-crime-number", "leaver-close", "leaver-sign-in", "leaver-account", "leaver-device"]


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p not in DESK_ROLES and p != "outsider"])
def test_only_the_service_desk_changes_assets_and_closes_cases(client, world, persona):
    people, ids = world
    sign_in(client, people[persona])
    case = LeaverCase.objects.get(pk=ids["case"])
    attempts = [
        reverse("servicedesk:asset-add"),
        reverse("servicedesk:asset-issue", args=[ids["asset"]]),
        reverse("servicedesk:incident-close", args=[ids["incident"]]),
        reverse("servicedesk:return", args=[ids["return"]]),
        reverse("servicedesk:filter", args=[ids["filter"]]),
        reverse("servicedesk:leaver-close", args=[case.pk]),
        reverse("servicedesk:leaver-account", args=[case.pk, case.accounts.first().pk, "end"]),
    ]
    for url in attempts:
        assert client.post(url, {"outcome": "repaired", "returned_on_0": "1"}).status_code == 403, (persona, url)
    assert Incident.objects.get(pk=ids["incident"]).is_open
    assert LeaverCase.objects.get(pk=ids["case"]).is_open
    assert FilterRequest.objects.get(pk=ids["filter"]).status == "asked"
