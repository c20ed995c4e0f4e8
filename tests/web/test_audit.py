"""The audit log records each change as field, before and after, whole values: never a
bare value (once "status: received" was shown as "status: r → e", the string taken apart)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from councilguard.web.casework.models import AdviceRequest
from councilguard.web.governance import audit
from councilguard.web.governance.models import AuditEntry

from .conftest import sign_in
from .test_casework_advice import _ask
from .test_complaints_records import NEW
from .test_complaints_records import _fields as complaint_fields
from .test_complaints_scans import _file, _upload
from .test_permission_matrix import records  # noqa: F401 - the fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("casework_settings")]


@pytest.mark.parametrize("bare", ["received", 3, True, None, {"a": 1}, ["only one"], ["a", "b", "c"]])
def test_the_audit_api_refuses_a_bare_value(councillor, bare):
    with pytest.raises(TypeError, match=r"must be \[before, after\]"):
        audit.record(councillor, "changed", councillor, {"status": bare})
    assert not AuditEntry.objects.exists()


def test_whole_values_are_kept_whole_however_long():
    assert audit.new(status="received", files=["a.mbox", "b.mbox"]) == {
        "status": (None, "received"),
        "files": (None, ["a.mbox", "b.mbox"]),
    }
    assert audit.gone(comments=12) == {"comments": (12, None)}


def _assert_whole(entry: AuditEntry) -> None:
    assert entry.changes, entry
    for field, change in entry.changes.items():
        assert isinstance(change, list) and len(change) == 2, (entry.model, field, change)


def test_a_complaint_is_logged_with_whole_values(mo_client, councillor):
    mo_client.post(NEW, complaint_fields(councillor.member))
    entry = AuditEntry.objects.get(model="casework.Complaint", action="created")
    _assert_whole(entry)
    assert entry.changes["status"] == [None, "received"] and entry.changes["member"] == [None, "Anna Webb"]


def test_an_advice_request_is_logged_with_whole_values(councillor_client):
    _ask(councillor_client)
    entry = AuditEntry.objects.get(model="casework.AdviceRequest", action="created")
    _assert_whole(entry)
    assert entry.changes["verdict"] == [None, AdviceRequest.objects.get().verdict]


def test_a_token_is_logged_with_whole_values_when_made_and_revoked(councillor_client):
    councillor_client.post(reverse("api:tokens"), {"name": "Outlook add-in"})
    created = AuditEntry.objects.get(model="api.ApiToken", action="created")
    assert created.changes == {"name": [None, "Outlook add-in"]}
    councillor_client.post(reverse("api:revoke", args=[created.object_id]))
    revoked = AuditEntry.objects.get(model="api.ApiToken", action="changed")
    assert revoked.changes == {"revoked": [False, True]}


def test_a_scan_is_logged_with_whole_values(mo_client, complaint):
    _upload(mo_client, complaint, _file("council-sent.mbox"))
    entry = AuditEntry.objects.get(model="casework.ArchiveScan", action="created")
    _assert_whole(entry)
    assert entry.changes["files"] == [None, ["council-sent.mbox"]]


def test_the_audit_log_page_shows_before_and_after_not_letters(mo_client, councillor, administrator):
    mo_client.post(NEW, complaint_fields(councillor.member))
    page = sign_in(None, administrator).get(reverse("governance:audit")).content.decode()
    assert "status: – → received" in page and "status: r → e" not in page


@pytest.mark.usefixtures("records")
def test_every_entry_the_service_desk_and_register_write_holds_whole_values(services_client, councillor):
    """``records`` issues devices, reports an incident, asks a device back and for a filter,
    and opens a leaver case; Members' Services then renames a member."""
    member = councillor.member
    services_client.post(
        reverse("register:edit", kwargs={"section": "members", "pk": member.pk}),
        {"full_name": "Anna Webb-Smith", "ward": member.ward_id, "group": member.group_id,
         "council_email": member.council_email, "user": councillor.pk, "active": "on"},
    )  # fmt: skip
    entries = list(AuditEntry.objects.exclude(changes={}))
    models = {entry.model for entry in entries}
    assert {"servicedesk.Asset", "servicedesk.Incident", "servicedesk.ReturnRequest", "servicedesk.FilterRequest",
            "servicedesk.LeaverCase", "register.Member"} <= models, models  # fmt: skip
    for entry in entries:
        _assert_whole(entry)
    renamed = AuditEntry.objects.get(model="register.Member", action="changed", object_id=str(member.pk))
    assert renamed.changes["full_name"] == ["Anna Webb", "Anna Webb-Smith"]
