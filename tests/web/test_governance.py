"""The protocol's pages, members' acknowledgements, and the audit log."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils.html import escape

from councilguard.web.governance.models import Acknowledgement, AuditEntry, ProtocolVersion
from councilguard.web.governance.protocols import pack, record_pack

from .conftest import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def version():
    return record_pack("havering-2018")


class TestProtocolPages:
    def test_the_protocol_in_force_shows_its_adoption_clauses_and_rules(self, client, version):
        page = client.get("/protocol/").content.decode()
        protocol = pack("havering-2018")
        assert "18 July 2018" in page and "Governance Committee" in page
        clause = protocol.clauses["ICT.business-only"]
        assert escape(clause.title) in page
        assert "Members should use their Council-provided ICT facilities" in page
        for rule in protocol.rules.values():
            assert f"/protocol/versions/havering-2018/rules/{rule.id}/" in page

    def test_a_rule_page_quotes_the_clauses_it_cites(self, client, version):
        rule = next(iter(pack("havering-2018").rules.values()))
        page = client.get(f"/protocol/versions/havering-2018/rules/{rule.id}/")
        assert page.status_code == 200
        assert escape(rule.title) in page.content.decode()
        assert f"#clause-{rule.cites[0]}" in page.content.decode()

    def test_an_unknown_rule_or_version_is_not_found(self, client, version):
        assert client.get("/protocol/versions/havering-2018/rules/no-such-rule/").status_code == 404
        assert client.get("/protocol/versions/no-such-pack/").status_code == 404

    def test_a_fresh_database_records_the_configured_pack_as_in_force(self, client):
        assert client.get("/protocol/").status_code == 200
        assert ProtocolVersion.objects.get(in_force=True).pack_id == "havering-2018"


class TestAcknowledgement:
    def test_a_councillor_acknowledges_the_version_in_force_once(self, councillor_client, councillor, version):
        assert b"I have read and will follow these protocols" in councillor_client.get("/protocol/").content
        for _ in range(2):  # a double click must not fail or duplicate
            response = councillor_client.post("/protocol/acknowledge/", {"version": "havering-2018"})
            assert response.status_code == 302
        ack = Acknowledgement.objects.get(member=councillor.member)
        assert ack.version == version
        assert b"You acknowledged this version on" in councillor_client.get("/protocol/").content
        assert AuditEntry.objects.filter(action="acknowledged").count() == 1

    def test_acknowledging_a_version_that_is_not_in_force_is_refused(self, councillor_client, councillor, version):
        councillor_client.post("/protocol/acknowledge/", {"version": "havering-1999"})
        councillor_client.post("/protocol/acknowledge/", {})
        assert not Acknowledgement.objects.exists()

    def test_an_officer_who_is_not_a_member_cannot_acknowledge(self, services_client, version):
        assert services_client.post("/protocol/acknowledge/", {"version": "havering-2018"}).status_code == 403

    def test_acknowledging_needs_a_post_with_a_csrf_token(self, councillor, version):
        client = sign_in(Client(enforce_csrf_checks=True), councillor)
        assert client.get("/protocol/acknowledge/").status_code == 405
        assert client.post("/protocol/acknowledge/", {"version": "havering-2018"}).status_code == 403
        assert not Acknowledgement.objects.exists()

    def test_members_services_sees_who_has_not_acknowledged(
        self, client, councillor, other_councillor, members_services, version
    ):
        Acknowledgement.objects.create(member=councillor.member, version=version)
        sign_in(client, members_services)
        page = client.get("/protocol/acknowledgements/").content.decode()
        outstanding, acknowledged = page.split("Acknowledged (")
        assert other_councillor.member.full_name in outstanding
        assert councillor.member.full_name in acknowledged

    def test_a_councillor_cannot_see_who_has_acknowledged(self, councillor_client, version):
        assert councillor_client.get("/protocol/acknowledgements/").status_code == 403


class TestAuditLog:
    def test_only_the_administrator_sees_the_audit_log(self, client, administrator, members_services, councillor):
        sign_in(client, members_services)
        client.post("/register/wards/add/", {"name": "Cranham"})
        assert client.get("/protocol/audit/").status_code == 403
        sign_in(client, councillor)
        assert client.get("/protocol/audit/").status_code == 403
        sign_in(client, administrator)
        page = client.get("/protocol/audit/").content.decode()
        assert "Cranham" in page and "register.Ward" in page
