"""Uploading archives against a complaint and scanning them: the scan runs with the
member as author, the page shows what it found and what it skipped, and the report is
kept with the case, for the Monitoring Officer and the administrator only."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from councilguard.archive import run_scan
from councilguard.web.casework import scan_files
from councilguard.web.casework.complaint_models import ArchiveScan
from councilguard.web.governance.models import AuditEntry

from .conftest import ARCHIVES, sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("casework_settings")]


def _file(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (ARCHIVES / name).read_bytes())


def _upload(client, complaint, *files, **fields):  # noqa: ANN001, ANN202
    url = reverse("casework:scan-start", args=[complaint.pk])
    fields.setdefault("senders", "cllr.anna.webb@havering.gov.uk\n@CllrAnnaWebb")
    return client.post(url, {"archives": list(files), "social_account": "personal", **fields})


@pytest.fixture
def finished_scan(mo_client, complaint) -> ArchiveScan:
    _upload(mo_client, complaint, _file("council-sent.mbox"))
    return ArchiveScan.objects.get()


def test_an_uploaded_mailbox_is_scanned_with_the_member_as_author(mo_client, complaint, monitoring_officer, tmp_path):
    response = _upload(mo_client, complaint, _file("council-sent.mbox"))
    scan = ArchiveScan.objects.get()
    assert response.status_code == 302 and response["Location"] == scan.get_absolute_url()
    assert scan.status == ArchiveScan.Status.FINISHED
    assert scan.started_by == monitoring_officer
    assert scan.options["author"] == complaint.member.register_id
    # The same archive scanned directly gives the same figures: the web adds nothing.
    direct = run_scan(
        [ARCHIVES / "council-sent.mbox"],
        tmp_path / "direct",
        processes=1,
        author=complaint.member.register_id,
    )
    assert (scan.checked, scan.flagged, scan.skipped) == (direct.checked, direct.flagged, 0)
    assert scan.done == scan.total == direct.total
    assert scan.summary["findings_by_rule"] == direct.findings_by_rule
    assert scan.summary["checked"] == direct.checked > 0


def test_the_scan_page_shows_counts_by_rule_and_links_to_the_reports(mo_client, complaint, finished_scan):
    page = mo_client.get(finished_scan.get_absolute_url()).content.decode()
    assert "Scan finished" in page
    assert "Findings by rule" in page
    assert reverse("governance:rule", args=["havering-2018", "party-political-use"]) in page
    for name in ("report.html", "findings.csv", "findings.jsonl", "skipped.csv"):
        assert reverse("casework:scan-file", args=[complaint.pk, finished_scan.pk, name]) in page
    # The complaint page lists the scan with its figures.
    listing = mo_client.get(complaint.get_absolute_url()).content.decode()
    assert finished_scan.get_absolute_url() in listing and "council-sent.mbox" in listing


def test_an_upload_is_streamed_to_a_file_on_disk_never_held_in_memory(mo_client, complaint, monkeypatch):
    from django.core.files.uploadhandler import TemporaryFileUploadHandler

    from councilguard.web.casework import complaint_views

    streamed = []

    class Watched(TemporaryFileUploadHandler):
        def file_complete(self, file_size):  # noqa: ANN001, ANN202
            upload = super().file_complete(file_size)
            streamed.append((upload.name, upload.temporary_file_path()))
            return upload

    monkeypatch.setattr(complaint_views, "TemporaryFileUploadHandler", Watched)
    _upload(mo_client, complaint, _file("council-sent.mbox"))
    assert [name for name, _ in streamed] == ["council-sent.mbox"]
    # Moved into the case folder rather than copied: the temporary file is gone.
    assert not any(Path(path).exists() for _, path in streamed)
    assert ArchiveScan.objects.get().status == ArchiveScan.Status.FINISHED


def test_the_uploads_and_reports_are_kept_privately_with_the_case(complaint, finished_scan):
    folder = scan_files.scan_dir(complaint.pk, finished_scan.pk)
    upload = folder / "uploads" / finished_scan.files[0]["stored"]
    assert upload.read_bytes() == (ARCHIVES / "council-sent.mbox").read_bytes()
    assert stat.S_IMODE(upload.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert (folder / "report" / "report.html").is_file()


def test_starting_a_scan_is_in_the_audit_log(mo_client, complaint, monitoring_officer):
    _upload(mo_client, complaint, _file("council-sent.mbox"), _file("posts.jsonl"))
    entry = AuditEntry.objects.get(model="casework.ArchiveScan")
    assert entry.action == "created" and entry.actor == monitoring_officer
    assert entry.changes["files"] == ["council-sent.mbox", "posts.jsonl"]
    assert entry.changes["author"] == complaint.member.register_id


def test_the_report_opens_for_the_officer_sandboxed_and_the_tables_download(
    mo_client, admin_client, complaint, finished_scan
):
    ids = [complaint.pk, finished_scan.pk]
    report = mo_client.get(reverse("casework:scan-file", args=[*ids, "report.html"]))
    assert report.status_code == 200
    assert report["Content-Type"].startswith("text/html")
    assert "sandbox" in report["Content-Security-Policy"]
    assert "script-src" not in report["Content-Security-Policy"]  # default-src 'none' covers it
    assert b"Polling day tomorrow" in b"".join(report.streaming_content)
    csv = admin_client.get(reverse("casework:scan-file", args=[*ids, "findings.csv"]))
    assert csv.status_code == 200 and "attachment" in csv["Content-Disposition"]
    lines = b"".join(
        admin_client.get(reverse("casework:scan-file", args=[*ids, "findings.jsonl"])).streaming_content
    ).splitlines()
    # One line per message with findings, each naming the rules the scan counted.
    assert len(lines) == finished_scan.summary["with_findings"]
    rules = {f["rule"] for line in lines for f in json.loads(line)["findings"]}
    assert rules == set(finished_scan.summary["findings_by_rule"])


def test_the_report_is_refused_to_everyone_else(councillor_client, services_client, complaint, finished_scan):
    url = reverse("casework:scan-file", args=[complaint.pk, finished_scan.pk, "report.html"])
    assert councillor_client.get(url).status_code == 403
    assert services_client.get(url).status_code == 403
    assert Client().get(url).status_code == 302  # an outsider is sent to sign in


def test_a_report_file_through_another_complaint_or_by_another_name_is_not_found(
    mo_client, complaint, finished_scan, councillor
):
    other = type(complaint).objects.create(
        complainant_name="Someone Else",
        member=councillor.member,
        received_on=complaint.received_on,
        summary="Another matter.",
    )
    wrong_case = reverse("casework:scan-file", args=[other.pk, finished_scan.pk, "report.html"])
    assert mo_client.get(wrong_case).status_code == 404
    for name in ("journal.jsonl", "scan.json", "..", "%2e%2e%2fuploads"):
        url = reverse("casework:scan-file", args=[complaint.pk, finished_scan.pk, "x"])[:-1] + name
        assert mo_client.get(url).status_code == 404, name


def test_a_csv_export_is_read_with_the_column_mapping_given(mo_client, complaint):
    _upload(
        mo_client,
        complaint,
        _file("posts.csv"),
        mapping="text=body,sent_at=date,sender=from,platform=network",
    )
    scan = ArchiveScan.objects.get()
    assert scan.options["mapping"] == "text=body,sent_at=date,sender=from,platform=network"
    assert scan.checked >= 2 and scan.flagged >= 1


def test_a_csv_export_without_a_mapping_says_how_to_map_its_columns(mo_client, complaint):
    _upload(mo_client, complaint, _file("posts.csv"))
    scan = ArchiveScan.objects.get()
    assert scan.checked == 0 and scan.skipped == 4
    page = mo_client.get(scan.get_absolute_url()).content.decode()
    assert "no &#x27;text&#x27; column" in page
    assert "name it in the column mapping" in page and "--map" not in page


def test_a_column_mapping_that_cannot_be_read_is_refused_before_anything_is_stored(mo_client, complaint):
    response = _upload(mo_client, complaint, _file("posts.csv"), mapping="text")
    assert response.status_code == 400
    assert "The column mapping" in response.content.decode()
    assert ArchiveScan.objects.count() == 0


def test_an_upload_with_no_file_is_refused_with_a_message(mo_client, complaint):
    response = _upload(mo_client, complaint)
    assert response.status_code == 400
    assert "Select at least one archive file to scan" in response.content.decode()
    assert ArchiveScan.objects.count() == 0


def test_a_file_that_is_not_an_archive_is_recorded_as_skipped_and_the_page_says_so(mo_client, complaint):
    photo = SimpleUploadedFile("holiday.jpg", b"\xff\xd8\xff\xe0" + b"\x00JFIF" * 50)
    _upload(mo_client, complaint, photo)
    scan = ArchiveScan.objects.get()
    assert scan.status == ArchiveScan.Status.FINISHED
    assert (scan.checked, scan.skipped) == (0, 1)
    page = mo_client.get(scan.get_absolute_url()).content.decode()
    assert "No message in these files could be checked" in page
    assert "holiday.jpg" in page and "not a format the scanner reads" in page


def test_a_corrupt_archive_and_an_empty_one_are_skipped_with_their_reasons(mo_client, complaint):
    empty = SimpleUploadedFile("empty.mbox", b"")
    _upload(mo_client, complaint, _file("not-really.msg"), empty, _file("council-sent.mbox"))
    scan = ArchiveScan.objects.get()
    assert scan.status == ArchiveScan.Status.FINISHED
    assert scan.skipped == 2 and scan.checked > 0
    page = mo_client.get(scan.get_absolute_url()).content.decode()
    assert "2 items could not be scanned" in page
    assert "not-really.msg" in page and "not an Outlook .msg file" in page
    assert "empty.mbox" in page and "the file is empty" in page


def test_an_upload_over_the_limit_is_refused_with_413_and_nothing_is_kept(mo_client, complaint, complaint_settings):
    complaint_settings.COUNCILGUARD_COMPLAINT_UPLOAD_MAX_BYTES = 2048
    big = SimpleUploadedFile("big.mbox", b"From a@b Thu Jan 1 00:00:00 2026\n" + b"x" * 5000)
    response = _upload(mo_client, complaint, big)
    assert response.status_code == 413
    assert "The upload is too large" in response.content.decode()
    assert ArchiveScan.objects.count() == 0
    assert not scan_files.complaints_root().exists() or not any(scan_files.complaints_root().iterdir())


def test_a_forged_upload_without_the_csrf_token_starts_nothing(monitoring_officer, complaint):
    client = sign_in(Client(enforce_csrf_checks=True), monitoring_officer)
    assert _upload(client, complaint, _file("council-sent.mbox")).status_code == 403
    assert ArchiveScan.objects.count() == 0
    assert not AuditEntry.objects.filter(model="casework.ArchiveScan").exists()


def test_an_upload_against_a_complaint_that_does_not_exist_is_not_found(mo_client, complaint):
    complaint.pk += 100
    assert _upload(mo_client, complaint, _file("council-sent.mbox")).status_code == 404
    assert ArchiveScan.objects.count() == 0


def test_a_councillor_cannot_upload_against_a_complaint(councillor_client, complaint):
    assert _upload(councillor_client, complaint, _file("council-sent.mbox")).status_code == 403
    assert ArchiveScan.objects.count() == 0


def test_the_status_endpoint_gives_the_progress_as_json(mo_client, complaint, finished_scan):
    url = reverse("casework:scan-status", args=[complaint.pk, finished_scan.pk])
    status = mo_client.get(url).json()
    assert status["status"] == "finished" and status["active"] is False
    assert status["done"] == status["total"] == finished_scan.total
    assert status["percent"] == 100
