"""Who may reach every URL of the web app: each pattern in ``web/urls.py`` against every
persona (and someone not signed in), with the status each must get.

The table below is the README's "Who can do what" written out URL by URL: 200 (or the
view's own answer, such as 405 for a page that only takes a POST, or 409 for a step not yet
due) where the role may use it; 403 for a signed-in role that may not; 404 where the record
exists but is someone else's (its existence is not given away); 302 to the sign-in page for
someone not signed in. Pages that change something are tried with an empty POST: a role
that may use them gets the form's answer (200, 302 or 400), anyone else the refusal.

A URL added to ``web/urls.py`` without a row here fails the first test: decide who may
reach it, and write the row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from councilguard.packs.edit import set_pack_id
from councilguard.web.api.models import ApiToken
from councilguard.web.casework import casefiles, scan_files
from councilguard.web.casework.abuse_models import AbuseReport, AbuseScreenshot, AbuseSender
from councilguard.web.casework.complaint_models import ArchiveScan, ComplaintEvidence
from councilguard.web.casework.moderation_models import PageImport, ScreenedComment
from councilguard.web.governance.models import ProtocolVersion
from councilguard.web.governance.protocols import files_of, record_pack
from councilguard.web.register.models import AgendaItem, Meeting, Member
from councilguard.web.servicedesk import services
from councilguard.web.servicedesk.models import Asset

from .. import personas
from ..casework.factories import AdviceRequestFactory, ComplaintFactory
from .conftest import png, sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("casework_settings")]

WHO = [*personas.PERSONAS, "anonymous"]
COUNCILLORS = ("councillor", "other councillor", "group leader")
OFFICERS = ("Monitoring Officer", "Members' Services", "ICT Service Desk", "administrator")
SIGNED_IN = (*COUNCILLORS, *OFFICERS)


@dataclass(frozen=True)
class Row:
    """Who gets what at one URL: ``allowed`` maps persona to status; everyone else signed
    in gets ``refused`` (403 unless said), and anonymous visitors the sign-in page."""

    allowed: dict[str, int]
    method: str = "GET"
    refused: int = 403
    anonymous: int = 302
    kwargs: dict[str, str] = field(default_factory=dict)

    def expected(self, who: str) -> int:
        if who in self.allowed:
            return self.allowed[who]
        return self.anonymous if who == "anonymous" else self.refused


def every(status: int, *who: str) -> dict[str, int]:
    return dict.fromkeys(who, status)


MATRIX: dict[str, Row] = {}


def _url_names() -> set[str]:
    """Every named URL the app serves (the Django admin's own are its business)."""
    names: set[str] = set()

    def walk(patterns, namespace: str = "") -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.app_name != "admin":
                    walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern):
                assert pattern.name, f"{pattern.pattern} has no name: name it and give it a row in MATRIX"
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns)
    return names


@pytest.fixture
def records(settings, tmp_path, everyone):
    """One of every record a URL names, belonging to the councillor where it belongs to someone."""
    base = record_pack("havering-2018", in_force=True)
    # A draft protocol version (issue 16), for the Monitoring Officer's pages.
    ProtocolVersion.objects.create(
        pack_id="havering-2026", title="Draft", status=ProtocolVersion.Status.DRAFT,
        files=set_pack_id(files_of(base), "havering-2026"), based_on=base,
    )  # fmt: skip
    councillor, mo, desk = everyone["councillor"], everyone["Monitoring Officer"], everyone["ICT Service Desk"]
    member = councillor.member
    today = timezone.localdate()

    complaint = ComplaintFactory(member=member, created_by=mo, acknowledged_on=date(2026, 5, 3),
                                 assessed_on=date(2026, 5, 4), assessment="no-further-action",
                                 outcome="no-further-action", outcome_notes="None.")  # fmt: skip
    (evidence,) = casefiles.keep(
        [casefiles.check_image(png())], "complaint", complaint.pk, ComplaintEvidence, complaint=complaint
    )
    scan = ArchiveScan.objects.create(complaint=complaint, started_by=mo, status=ArchiveScan.Status.FINISHED)
    report_dir = scan_files.report_dir(complaint.pk, scan.pk)
    report_dir.mkdir(parents=True, exist_ok=True)
    (report_dir / "report.html").write_text("<html><body>Report</body></html>", encoding="utf-8")

    advice = AdviceRequestFactory(member=councillor)
    sender = AbuseSender.objects.create(member=member, platform="twitter", key="twitter:x", handle="@x")
    abuse = AbuseReport.objects.create(member=member, platform="twitter", sender=sender, sender_handle="@x",
                                       received_on=date(2026, 3, 2), text="I will kill you", threat=True,
                                       status="police", reported_by=councillor)  # fmt: skip
    (shot,) = casefiles.keep([casefiles.check_image(png())], "abuse", abuse.pk, AbuseScreenshot, report=abuse)
    page_import = PageImport.objects.create(member=member, platform="facebook", file_name="comments.json")
    comment = ScreenedComment.objects.create(page_import=page_import, author="Dave", text="Scum.", locator="1",
                                             flagged=True)  # fmt: skip

    token = ApiToken.objects.create(user=councillor, name="Phone", digest="0" * 64, prefix="cg_0000")
    meeting = Meeting.objects.create(committee=member.memberships.get().committee, start=timezone.now(),
                                     end=timezone.now() + timezone.timedelta(hours=2))  # fmt: skip
    item = AgendaItem.objects.create(meeting=meeting, number=1, title="Apologies")

    asset = Asset.objects.create(asset_tag="HAV-I001", kind="ipad", make="Apple", model="iPad")
    services.issue_asset(asset, member, today, desk)
    incident, _ = services.report_incident(asset=asset, kind="damage", happened_on=today, description="x",
                                           crime_number="", actor=desk)  # fmt: skip
    other = Asset.objects.create(asset_tag="HAV-L001", kind="laptop", make="Dell", model="X")
    services.issue_asset(other, member, today, desk)
    ret = services.request_return(asset=other, reason="audit", requested_on=today, due_on=today, note="",
                                  actor=desk)  # fmt: skip
    filt, _ = services.ask_filter(member=member, sender="x.example", reason="", actor=councillor)
    leaver = Member.objects.create(full_name="Leaving Member", term_ends=today, term_end_reason="died")
    laptop = Asset.objects.create(asset_tag="HAV-L002", kind="laptop", make="Dell", model="Y")
    services.issue_asset(laptop, leaver, today, desk)
    case = services.term_end_recorded(leaver, desk)
    return {
        "pk:complaint": complaint.pk, "evidence": evidence.pk, "scan": scan.pk, "pk:advice": advice.pk,
        "pk:abuse": abuse.pk, "shot": shot.pk, "pk:moderation": page_import.pk, "comment": comment.pk,
        "pk:token": token.pk, "pk:meeting": meeting.pk, "item": item.pk, "pk:member": member.pk,
        "pk:asset": asset.pk, "pk:incident": incident.pk, "pk:return": ret.pk, "pk:filter": filt.pk,
        "pk:leaver": case.pk, "account": case.accounts.first().pk, "device": case.devices.first().pk,
        "pk:user": councillor.pk,
    }  # fmt: skip


# The record each URL names: a key of ``records`` (a pk) or, failing that, the literal value.
KWARGS: dict[str, dict[str, str]] = {
    "accounts:support-action": {"pk": "pk:user", "action": "unlock"},
    "register:member": {"pk": "pk:member"},
    "register:meeting": {"pk": "pk:meeting"},
    "register:publish": {"pk": "pk:meeting"},
    "register:meeting-add": {"pk": "pk:meeting", "part": "items"},
    "register:meeting-edit": {"pk": "pk:meeting", "part": "items", "part_pk": "item"},
    "register:list": {"section": "members"},
    "register:add": {"section": "members"},
    "register:edit": {"section": "members", "pk": "pk:member"},
    "governance:version": {"pack_id": "havering-2018"},
    "governance:rule": {"pack_id": "havering-2018", "rule_id": "party-political-use"},
    **{
        f"protocols:{name}": {"pack_id": "havering-2026"}
        for name in ("version", "add_rule", "test", "propose", "withdraw", "report", "download", "adopt")
    },
    "protocols:clause": {"pack_id": "havering-2026", "clause_id": "SM.tone"},
    "protocols:rule": {"pack_id": "havering-2026", "rule_id": "tone"},
    "protocols:lexicon": {"pack_id": "havering-2026", "name": "threats"},
    "protocols:file": {"pack_id": "havering-2026", "path": "rules/tone.yaml"},
    "casework:detail": {"pk": "pk:advice"},
    "casework:reply": {"pk": "pk:advice"},
    "casework:complaint": {"pk": "pk:complaint"},
    "casework:complaint-edit": {"pk": "pk:complaint"},
    "casework:scan-start": {"pk": "pk:complaint"},
    "casework:complaint-acknowledge": {"pk": "pk:complaint"},
    "casework:complaint-check": {"pk": "pk:complaint"},
    "casework:complaint-assess": {"pk": "pk:complaint"},
    "casework:complaint-outcome": {"pk": "pk:complaint"},
    "casework:complaint-letter": {"pk": "pk:complaint", "kind": "outcome-complainant"},
    "casework:complaint-letter-pdf": {"pk": "pk:complaint", "kind": "outcome-member"},
    "casework:complaint-evidence": {"pk": "pk:complaint", "file_pk": "evidence"},
    "casework:scan": {"pk": "pk:complaint", "scan_pk": "scan"},
    "casework:scan-status": {"pk": "pk:complaint", "scan_pk": "scan"},
    "casework:scan-resume": {"pk": "pk:complaint", "scan_pk": "scan"},
    "casework:scan-stop": {"pk": "pk:complaint", "scan_pk": "scan"},
    "casework:scan-file": {"pk": "pk:complaint", "scan_pk": "scan", "name": "report.html"},
    "abuse:detail": {"pk": "pk:abuse"},
    "abuse:police": {"pk": "pk:abuse"},
    "abuse:follow-up": {"pk": "pk:abuse"},
    "abuse:evidence-pack": {"pk": "pk:abuse"},
    "abuse:screenshot": {"pk": "pk:abuse", "shot_pk": "shot"},
    "moderation:detail": {"pk": "pk:moderation"},
    "moderation:removed": {"pk": "pk:moderation", "comment_pk": "comment"},
    "moderation:delete": {"pk": "pk:moderation"},
    "api:revoke": {"pk": "pk:token"},
    "public:minutes": {"pk": "pk:meeting"},
    "public:minutes-pdf": {"pk": "pk:meeting"},
    "servicedesk:asset": {"pk": "pk:asset"},
    "servicedesk:asset-edit": {"pk": "pk:asset"},
    "servicedesk:asset-issue": {"pk": "pk:asset"},
    "servicedesk:asset-receive": {"pk": "pk:asset"},
    "servicedesk:incident": {"pk": "pk:incident"},
    "servicedesk:incident-crime-number": {"pk": "pk:incident"},
    "servicedesk:incident-close": {"pk": "pk:incident"},
    "servicedesk:return": {"pk": "pk:return"},
    "servicedesk:leaver": {"pk": "pk:leaver"},
    "servicedesk:leaver-account": {"pk": "pk:leaver", "item": "account", "step": "suspend"},
    "servicedesk:leaver-device": {"pk": "pk:leaver", "item": "device"},
    "servicedesk:leaver-sign-in": {"pk": "pk:leaver"},
    "servicedesk:leaver-close": {"pk": "pk:leaver"},
    "servicedesk:filter": {"pk": "pk:filter"},
}


def _url(name: str, records: dict) -> str:
    kwargs = {key: records.get(value, value) for key, value in KWARGS.get(name, {}).items()}
    return reverse(name, kwargs=kwargs)


def public(status: int = 200) -> Row:
    """Anyone, signed in or not."""
    return Row(every(status, *WHO), anonymous=status)


# Who does what (README), by role; each row below is built from these.
COUNCILLOR = ("councillor",)  # the one whose records they are
MEMBERS = COUNCILLORS  # any councillor, for their own records
WITH_A_ROLE = SIGNED_IN
MO = ("Monitoring Officer", "administrator")
SERVICES = ("Members' Services", "administrator")
DRAFTERS = ("Monitoring Officer", "administrator")
VERSION_READERS = ("Monitoring Officer", "Members' Services", "administrator")
DESK = ("ICT Service Desk", "administrator")
LEAVERS = ("Members' Services", "ICT Service Desk", "administrator")
ABUSE_READERS = ("councillor", "group leader", "Members' Services", "administrator")
ABUSE_LIST = (*COUNCILLORS, "Members' Services", "administrator")
OFFICERS_ENROLLED = every(302, *OFFICERS)  # already past two-factor: sent on

MATRIX = {
    # Signing in and the account
    "home": public(),
    "accounts:sign-in": Row({**every(302, *SIGNED_IN, "outsider")}, anonymous=200),
    "accounts:sign-out": Row(every(302, *SIGNED_IN, "outsider"), method="POST"),
    "accounts:two-factor": Row(every(302, *SIGNED_IN, "outsider")),
    "accounts:two-factor-enrol": Row({**every(200, *COUNCILLORS, "outsider"), **OFFICERS_ENROLLED}),
    "accounts:account": Row(every(200, *SIGNED_IN, "outsider")),
    "accounts:password-change": Row(every(200, *SIGNED_IN, "outsider")),
    "accounts:support": Row(every(200, *DESK)),
    "accounts:support-action": Row(every(302, *DESK), method="POST"),
    # The register and meeting records: Members' Services (a councillor sees their own
    # entry, a group leader their group's, officers everyone)
    "register:index": Row(every(200, *SERVICES)),
    "register:member": Row(every(200, "councillor", "group leader", *OFFICERS)),
    # a group leader's own group (no one else leads one)
    "register:group-members": Row(every(200, "group leader")),
    "register:meeting": Row(every(200, *SERVICES)),
    "register:publish": Row(every(302, *SERVICES), method="POST"),
    "register:meeting-add": Row(every(200, *SERVICES)),
    "register:meeting-edit": Row(every(200, *SERVICES)),
    "register:list": Row(every(200, *SERVICES)),
    "register:add": Row(every(200, *SERVICES)),
    "register:edit": Row(every(200, *SERVICES)),
    # The protocols: public; members acknowledge; who has not, to officers; the audit log
    "governance:protocol": public(),
    "governance:version": public(),
    "governance:rule": public(),
    "governance:acknowledge": Row(every(302, *MEMBERS), method="POST"),
    "governance:acknowledgements": Row(every(200, "Monitoring Officer", *SERVICES)),
    "governance:audit": Row(every(200, "administrator")),
    # Protocol versions (issue 16): the Monitoring Officer drafts (a draft here), Members'
    # Services read drafts and record the adopting decision; the comparison is public
    "protocols:index": Row(every(200, *VERSION_READERS)),
    "protocols:new": Row(every(200, *DRAFTERS)),
    "protocols:upload": Row(every(200, *DRAFTERS)),
    "protocols:compare": public(),
    "protocols:version": Row(every(200, *VERSION_READERS)),
    "protocols:clause": Row(every(200, *DRAFTERS)),
    "protocols:rule": Row(every(200, *DRAFTERS)),
    "protocols:add_rule": Row(every(200, *DRAFTERS)),
    "protocols:lexicon": Row(every(200, *DRAFTERS)),
    "protocols:file": Row(every(200, *DRAFTERS)),
    "protocols:test": Row(every(302, *DRAFTERS), method="POST"),
    "protocols:propose": Row(every(302, *DRAFTERS), method="POST"),  # untested: refused, sent back
    "protocols:withdraw": Row(every(302, *DRAFTERS), method="POST"),  # not proposed: sent back
    "protocols:report": Row(every(404, *VERSION_READERS)),  # not proposed: no report yet
    "protocols:download": Row(every(200, *VERSION_READERS), anonymous=403),  # a draft is the officers'
    "protocols:adopt": Row(every(302, *SERVICES)),  # a draft: only a proposed version is adopted
    # Checking drafts, and the statistics
    "checks:check": Row(every(200, *WITH_A_ROLE)),
    "checks:statistics": Row(every(200, *MO)),
    # Advice: a councillor asks and reads their own (others' are not found); the Monitoring
    # Officer (and the administrator) answer
    "casework:mine": Row(every(200, *MEMBERS)),
    "casework:ask": Row(every(400, *MEMBERS), method="POST"),
    "casework:queue": Row(every(200, *MO)),
    "casework:detail": Row({**every(200, "councillor", *MO), **every(404, "other councillor", "group leader")}),
    "casework:reply": Row(every(400, *MO), method="POST"),
    # Complaints: the Monitoring Officer and the administrator, nobody else
    "casework:complaints": Row(every(200, *MO)),
    "casework:complaint-new": Row(every(200, *MO)),
    "casework:complaint": Row(every(200, *MO)),
    "casework:complaint-edit": Row(every(200, *MO)),
    "casework:complaint-acknowledge": Row(every(409, *MO), method="POST"),  # already acknowledged
    "casework:complaint-check": Row(every(302, *MO), method="POST"),
    "casework:complaint-assess": Row(every(200, *MO)),
    "casework:complaint-outcome": Row(every(200, *MO)),
    "casework:complaint-letter": Row(every(200, *MO)),
    "casework:complaint-letter-pdf": Row(every(200, *MO)),
    "casework:complaint-evidence": Row(every(200, *MO)),
    "casework:scan-start": Row(every(400, *MO), method="POST"),
    "casework:scan": Row(every(200, *MO)),
    "casework:scan-status": Row(every(200, *MO)),
    "casework:scan-resume": Row(every(409, *MO), method="POST"),  # the scan has finished
    "casework:scan-stop": Row(every(409, *MO), method="POST"),
    "casework:scan-file": Row(every(200, *MO)),
    "complaints:new": public(),
    "complaints:lodged": public(302),  # straight back to the form unless one was just lodged
    # Abuse received: the councillor, their group leader, Members' Services
    "abuse:list": Row(every(200, *ABUSE_LIST)),
    "abuse:new": Row(every(200, *MEMBERS)),
    "abuse:detail": Row({**every(200, *ABUSE_READERS), "other councillor": 404}),
    "abuse:police": Row(
        {**every(400, "councillor", *SERVICES), **every(404, "other councillor", "group leader")}, method="POST"
    ),  # fmt: skip
    "abuse:follow-up": Row(every(400, *SERVICES), method="POST"),
    "abuse:evidence-pack": Row({**every(200, *ABUSE_READERS), "other councillor": 404}),
    "abuse:screenshot": Row({**every(200, *ABUSE_READERS), "other councillor": 404}),
    # Moderation of a councillor's own page
    "moderation:index": Row(every(200, *MEMBERS, "administrator")),
    "moderation:detail": Row(
        {**every(200, "councillor", "administrator"), **every(404, "other councillor", "group leader")}
    ),
    "moderation:removed": Row(
        {**every(302, "councillor", "administrator"), **every(404, "other councillor", "group leader")}, method="POST"
    ),  # fmt: skip
    "moderation:delete": Row(
        {**every(302, "councillor", "administrator"), **every(404, "other councillor", "group leader")}, method="POST"
    ),  # fmt: skip
    # The API: a token or a session with a role; anyone reads the OpenAPI document
    "api:check": Row(every(415, *WITH_A_ROLE), method="POST", anonymous=401),  # an empty form is not JSON
    "api:check-batch": Row(every(415, *WITH_A_ROLE), method="POST", anonymous=401),
    "api:openapi": public(),
    "api:tokens": Row(every(200, *WITH_A_ROLE)),
    "api:revoke": Row({**every(404, *WITH_A_ROLE), "councillor": 302}, method="POST"),  # only one's own
    # Published minutes and open data (unpublished minutes: their editors only)
    "public:meetings": public(),
    "public:minutes": Row({**every(404, *WHO), **every(200, *SERVICES)}, anonymous=404),
    "public:minutes-pdf": Row({**every(404, *WHO), **every(200, *SERVICES)}, anonymous=404),
    "public:popolo": public(),
    # The ICT Service Desk (a councillor sees their own devices, incidents and filters)
    "servicedesk:dashboard": Row(every(200, *DESK)),
    "servicedesk:mine": Row(every(200, *MEMBERS)),
    "servicedesk:assets": Row(every(200, *DESK)),
    "servicedesk:export": Row(every(200, *DESK)),
    "servicedesk:asset-add": Row(every(200, *DESK)),
    "servicedesk:asset": Row(every(200, *DESK)),
    "servicedesk:asset-edit": Row(every(200, *DESK)),
    "servicedesk:asset-issue": Row(every(200, *DESK)),
    "servicedesk:asset-receive": Row(every(200, *DESK)),
    "servicedesk:incidents": Row(every(200, *DESK)),
    "servicedesk:incident-report": Row(every(200, *MEMBERS, *DESK)),
    "servicedesk:incident": Row(every(200, "councillor", *DESK)),
    "servicedesk:incident-crime-number": Row(every(400, "councillor", *DESK), method="POST"),
    "servicedesk:incident-close": Row(every(400, *DESK), method="POST"),
    "servicedesk:returns": Row(every(200, *DESK)),
    "servicedesk:return-add": Row(every(200, *DESK)),
    "servicedesk:return": Row(every(200, "councillor", *DESK)),
    "servicedesk:leavers": Row(every(200, *LEAVERS)),
    "servicedesk:leaver": Row(every(200, *LEAVERS)),
    "servicedesk:leaver-account": Row(every(302, *DESK), method="POST"),
    "servicedesk:leaver-device": Row(every(400, *DESK), method="POST"),
    "servicedesk:leaver-sign-in": Row(every(400, *DESK), method="POST"),
    "servicedesk:leaver-close": Row(every(409, *DESK), method="POST"),  # devices not yet accounted for
    "servicedesk:filters": Row(every(200, *DESK)),
    "servicedesk:filter-ask": Row(every(200, *MEMBERS)),
    "servicedesk:filter": Row(every(200, "councillor", *DESK)),
}


def test_every_url_the_app_serves_has_a_row_in_the_matrix():
    names = _url_names()
    assert not names - set(MATRIX), f"URLs without a row (say who may reach them): {sorted(names - set(MATRIX))}"
    assert not set(MATRIX) - names, f"rows for URLs that no longer exist: {sorted(set(MATRIX) - names)}"


@pytest.mark.parametrize("who", WHO)
def test_each_persona_gets_exactly_the_status_the_matrix_gives_at_every_url(records, everyone, who):
    client = Client() if who == "anonymous" else sign_in(Client(), everyone[who])
    wrong = []
    # Signing out last: it ends the session the other rows are tried in.
    for name, row in sorted(MATRIX.items(), key=lambda item: item[0] == "accounts:sign-out"):
        url = _url(name, records)
        # Each POST is undone, so one refused or accepted change cannot alter the next row.
        with transaction.atomic():
            response = client.post(url, {}) if row.method == "POST" else client.get(url)
            transaction.set_rollback(True)
        expected = row.expected(who)
        if response.status_code != expected:
            wrong.append(f"{row.method} {url} ({name}): {response.status_code}, expected {expected}")
        elif expected == 302 and who == "anonymous" and row.anonymous == 302 and name not in PUBLIC_REDIRECTS:
            assert response["Location"].startswith(reverse("accounts:sign-in")), url
    assert not wrong, f"{who}:\n" + "\n".join(wrong)


# URLs whose 302 for someone not signed in goes somewhere other than the sign-in page.
PUBLIC_REDIRECTS = {"complaints:lodged", "accounts:two-factor", "accounts:sign-out"}
