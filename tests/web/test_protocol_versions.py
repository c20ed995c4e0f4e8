"""Issue 16: the Monitoring Officer keeps the protocol. Versions drafted and edited in the
app, tested before they can be proposed, compared, adopted only by a recorded decision,
and cited on every finding as the version in force when the draft was sent."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from councilguard.cli import main as cli
from councilguard.web.governance.models import AuditEntry, ProtocolVersion
from councilguard.web.governance.protocols import files_of, version_in_force, version_in_force_on
from councilguard.web.protocols import workflow
from councilguard.web.register.demo import load_demo
from councilguard.web.register.models import AgendaItem, Committee, Decision, Meeting

from .conftest import sign_in

pytestmark = pytest.mark.django_db

BASE = "havering-2018"


@pytest.fixture
def seeded():
    load_demo(today=date(2026, 1, 15))
    return ProtocolVersion.objects.get(pack_id=BASE)


@pytest.fixture
def mo_client(client, monitoring_officer):
    return sign_in(client, monitoring_officer)


def _start(client, pack_id: str = "havering-2026"):  # noqa: ANN001, ANN202
    return client.post("/protocol/manage/new/", {"pack_id": pack_id, "title": "Havering protocols 2026"})


def _draft(client) -> ProtocolVersion:  # noqa: ANN001
    assert _start(client).status_code == 302
    return ProtocolVersion.objects.get(pack_id="havering-2026")


def _rule_form(version: ProtocolVersion, rule_id: str, **changes) -> dict:  # noqa: ANN003
    from councilguard.web.governance.protocols import protocol_for

    rule = protocol_for(version).rules[rule_id]
    data = {
        "message": rule.message,
        "suggestion": rule.suggestion,
        "severity": rule.severity,
        "examples_bad": "\n".join(e["text"].replace("\n", " ") for e in rule.examples_bad),
        "examples_good": "\n".join(e["text"].replace("\n", " ") for e in rule.examples_good),
    }
    for i, case in enumerate(rule.severity_when):
        data[f"case_{i}"] = case.severity
    data.update(changes)
    return data


HOLIDAY_RULE = """\
id: holiday-lets
title: "Promoting a holiday let"
cites: [SM.dont.7]
detector: lexicon
params:
  terms: ["my holiday let", "our holiday cottage"]
severity: warn
message: "This promotes a holiday let of yours."
suggestion: "Keep your own business off your councillor accounts."
examples:
  bad:
    - "Book my holiday let in Cornwall this summer!"
  good:
    - "The council's guidance on holiday lets is out."
"""


def _tag_in_row(page: str, pack_id: str) -> str:
    """The status tag's words in the versions table's row for ``pack_id``."""
    row = page[page.index(f">{pack_id}<") :]
    row = row[: row.index("</tr>")]
    tag = row[row.index("govuk-tag") :]
    return tag[tag.index(">") + 1 : tag.index("</strong>")]


def _adoption_decision() -> Decision:
    committee = Committee.objects.get(name="Governance Committee")
    start = timezone.make_aware(datetime(2026, 11, 18, 19, 0))
    meeting = Meeting.objects.create(committee=committee, start=start, end=start + timedelta(hours=2))
    item = AgendaItem.objects.create(meeting=meeting, number=5, title="Members' protocols: 2026 revision")
    return Decision.objects.create(
        meeting=meeting, item=item, outcome="Adopted the protocols as revised (havering-2026)."
    )


class TestDrafting:
    def test_the_monitoring_officer_starts_a_version_from_the_one_in_force(self, seeded, mo_client):
        version = _draft(mo_client)
        assert version.status == "draft" and version.based_on == seeded
        assert "id: havering-2026" in version.files["protocol.yaml"]
        # Comments in the copied files are kept (the edit is a round trip, not a re-dump).
        assert "# Protocol pack: London Borough of Havering" in version.files["protocol.yaml"]
        assert version_in_force() == seeded
        entry = AuditEntry.objects.get(model="governance.ProtocolVersion", object_id=str(version.pk))
        assert entry.action == "created" and entry.changes["based_on"] == [None, BASE]

    def test_a_taken_version_id_is_refused_and_nothing_is_stored(self, seeded, mo_client):
        response = _start(mo_client, BASE)
        assert response.status_code == 400
        assert "a version with the id" in response.content.decode()
        assert ProtocolVersion.objects.count() == 1

    def test_a_clause_edit_is_stored_and_marks_the_clause_no_longer_verbatim(self, seeded, mo_client):
        version = _draft(mo_client)
        response = mo_client.post(
            f"/protocol/manage/{version.pack_id}/clauses/SM.tone/",
            {"title": "Tone", "text": "Members should be courteous online, always."},
        )
        assert response.status_code == 302
        version.refresh_from_db()
        assert "Members should be courteous online, always." in version.files["protocol.yaml"]

    def test_a_rule_citing_a_clause_that_does_not_exist_is_refused_naming_file_and_line(self, seeded, mo_client):
        version = _draft(mo_client)
        before = dict(version.files)
        broken = HOLIDAY_RULE.replace("SM.dont.7", "SM.nowhere")
        response = mo_client.post(
            f"/protocol/manage/{version.pack_id}/add-rule/", {"rule_id": "holiday-lets", "text": broken}
        )
        page = response.content.decode()
        assert response.status_code == 400
        assert "rules/holiday-lets.yaml, line 3: cites clause &#x27;SM.nowhere&#x27;" in page
        version.refresh_from_db()
        assert version.files == before

    def test_a_word_list_left_empty_is_refused(self, seeded, mo_client):
        version = _draft(mo_client)
        response = mo_client.post(f"/protocol/manage/{version.pack_id}/lexicons/threats/", {"terms": "  \n "})
        assert response.status_code == 400
        response = mo_client.post(
            f"/protocol/manage/{version.pack_id}/files/lexicons/threats.yaml", {"text": "terms: []\n"}
        )
        assert (
            "lexicons/threats.yaml, line 1: has no terms: a lexicon may not be left empty" in response.content.decode()
        )
        version.refresh_from_db()
        assert "watch your back" in version.files["lexicons/threats.yaml"]

    def test_a_super_linear_pattern_is_refused_naming_the_field(self, seeded, mo_client):
        version = _draft(mo_client)
        slow = HOLIDAY_RULE.replace(
            'terms: ["my holiday let", "our holiday cottage"]', 'patterns: ["(\\\\w+\\\\s?)+let"]'
        )
        response = mo_client.post(
            f"/protocol/manage/{version.pack_id}/add-rule/", {"rule_id": "holiday-lets", "text": slow}
        )
        page = response.content.decode()
        assert response.status_code == 400
        assert "params: patterns[0]" in page and "exponential time" in page
        assert "rules/holiday-lets.yaml" not in ProtocolVersion.objects.get(pk=version.pk).files

    def test_invalid_yaml_in_the_raw_editor_is_refused_with_its_line(self, seeded, mo_client):
        version = _draft(mo_client)
        response = mo_client.post(
            f"/protocol/manage/{version.pack_id}/files/rules/tone.yaml", {"text": "id: tone\ntitle: [unclosed\n"}
        )
        assert response.status_code == 400
        assert "rules/tone.yaml, line 3: invalid YAML" in response.content.decode()


def _zip(entries: dict[str, str]) -> io.BytesIO:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in entries.items():
            archive.writestr(name, text)
    out.seek(0)
    out.name = "pack.zip"
    return out


class TestUpload:
    def _pack(self, seeded, pack_id: str = "shared-pack") -> dict[str, str]:  # noqa: ANN001
        files = files_of(seeded)
        files["protocol.yaml"] = files["protocol.yaml"].replace(f"id: {BASE}", f"id: {pack_id}", 1)
        return files

    def test_an_uploaded_pack_becomes_a_draft(self, seeded, mo_client):
        upload = _zip({f"shared-pack/{k}": v for k, v in self._pack(seeded).items()})
        response = mo_client.post("/protocol/manage/upload/", {"pack": upload})
        assert response.status_code == 302
        assert ProtocolVersion.objects.get(pack_id="shared-pack").status == "draft"

    @pytest.mark.parametrize(
        ("extra", "problem"),
        [
            ({"../../etc/cron.d/evil": "x"}, "is outside the pack"),
            ({"rules/../../x.yaml": "x"}, "is outside the pack"),
            ({"/abs.yaml": "x"}, "is outside the pack"),
            ({"notes/readme.txt": "x"}, "is not part of a pack"),
            (
                {"lexicons/lol.yaml": "a: &a [x,x,x,x,x,x,x,x,x]\n"
                 + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))},
                "expands to more than 50,000 YAML nodes",
            ),
        ],
    )  # fmt: skip
    def test_a_dangerous_or_stray_file_refuses_the_upload_and_stores_nothing(self, seeded, mo_client, extra, problem):
        upload = _zip({**self._pack(seeded), **extra})
        response = mo_client.post("/protocol/manage/upload/", {"pack": upload})
        assert response.status_code == 400
        assert problem in response.content.decode()
        assert not ProtocolVersion.objects.filter(pack_id="shared-pack").exists()

    def test_a_file_that_is_not_a_zip_is_refused(self, seeded, mo_client):
        upload = io.BytesIO(b"not a zip")
        upload.name = "pack.zip"
        response = mo_client.post("/protocol/manage/upload/", {"pack": upload})
        assert response.status_code == 400 and "is not a zip file" in response.content.decode()


class TestTestingAndProposing:
    def test_tightening_a_severity_shows_the_reference_drafts_it_regrades(self, seeded, mo_client):
        version = _draft(mo_client)
        mo_client.post(f"/protocol/manage/{version.pack_id}/rules/tone/", _rule_form(version, "tone", severity="warn"))
        mo_client.post(f"/protocol/manage/{version.pack_id}/test/")
        version.refresh_from_db()
        tone = next(r for r in version.test_report["rules"] if r["rule"] == "tone")
        assert tone["regraded"] and all(d["before"] == "advise" and d["after"] == "warn" for d in tone["regraded"])
        assert {d["id"] for d in tone["regraded"]} >= {"tone-1", "tone-2"}
        page = mo_client.get(f"/protocol/manage/{version.pack_id}/").content.decode()
        assert "tone: 0 more caught, 0 cleared" in page and "Another brilliant decision from the cabinet" in page

    def test_a_version_whose_examples_fail_cannot_be_proposed(self, seeded, mo_client):
        version = _draft(mo_client)
        # A "bad" example nothing catches: the rule's documentation would lie.
        form = _rule_form(version, "tone")
        form["examples_bad"] += "\nThe play area on Brook Close reopens on Monday."
        assert mo_client.post(f"/protocol/manage/{version.pack_id}/rules/tone/", form).status_code == 302
        mo_client.post(f"/protocol/manage/{version.pack_id}/test/")
        version.refresh_from_db()
        assert [f["rule"] for f in version.test_report["failures"]] == ["tone"]
        response = mo_client.post(f"/protocol/manage/{version.pack_id}/propose/")
        assert response.status_code == 302
        version.refresh_from_db()
        assert version.status == "draft" and not version.report_text

    def test_an_untested_or_changed_version_cannot_be_proposed(self, seeded, monitoring_officer, mo_client):
        version = _draft(mo_client)
        with pytest.raises(workflow.NotAllowed, match="Test this version"):
            workflow.propose(version, user=monitoring_officer)
        workflow.run_tests(version, user=monitoring_officer)
        mo_client.post(f"/protocol/manage/{version.pack_id}/lexicons/threats/", {"terms": "watch your back\nor else"})
        version.refresh_from_db()
        with pytest.raises(workflow.NotAllowed, match="Test this version"):
            workflow.propose(version, user=monitoring_officer)

    def test_proposing_writes_the_committee_report_and_freezes_the_draft(self, seeded, mo_client):
        version = _draft(mo_client)
        mo_client.post(
            f"/protocol/manage/{version.pack_id}/add-rule/", {"rule_id": "holiday-lets", "text": HOLIDAY_RULE}
        )
        mo_client.post(f"/protocol/manage/{version.pack_id}/test/")
        assert mo_client.post(f"/protocol/manage/{version.pack_id}/propose/").status_code == 302
        version.refresh_from_db()
        assert version.status == "proposed"
        assert "Rule holiday-lets (Promoting a holiday let): added." in version.report_text
        assert "replacing version havering-2018 now in force" in version.report_text
        response = mo_client.post(f"/protocol/manage/{version.pack_id}/lexicons/threats/", {"terms": "x"})
        assert response.status_code == 302
        version.refresh_from_db()
        assert "watch your back" in version.files["lexicons/threats.yaml"]


def _proposed(client) -> ProtocolVersion:  # noqa: ANN001
    version = _draft(client)
    client.post(f"/protocol/manage/{version.pack_id}/add-rule/", {"rule_id": "holiday-lets", "text": HOLIDAY_RULE})
    client.post(f"/protocol/manage/{version.pack_id}/rules/tone/", _rule_form(version, "tone", severity="warn"))
    client.post(f"/protocol/manage/{version.pack_id}/test/")
    client.post(f"/protocol/manage/{version.pack_id}/propose/")
    version.refresh_from_db()
    assert version.status == "proposed"
    return version


class TestAdoption:
    def test_the_monitoring_officer_cannot_bring_a_version_into_force(self, seeded, mo_client):
        version = _proposed(mo_client)
        decision = _adoption_decision()
        response = mo_client.post(
            f"/protocol/manage/{version.pack_id}/adopt/",
            {"decision": decision.pk, "in_force_from_0": "1", "in_force_from_1": "12", "in_force_from_2": "2026"},
        )
        assert response.status_code == 403
        version.refresh_from_db()
        assert version.status == "proposed" and version_in_force() == seeded

    def test_members_services_record_the_decision_and_the_version_is_in_force_from_its_date(
        self, seeded, client, monitoring_officer, members_services
    ):
        version = _proposed(sign_in(client, monitoring_officer))
        decision = _adoption_decision()
        services = sign_in(client, members_services)
        refused = services.post(
            f"/protocol/manage/{version.pack_id}/adopt/",
            {"decision": decision.pk, "in_force_from_0": "1", "in_force_from_1": "11", "in_force_from_2": "2026"},
        )
        assert "cannot come into force before the meeting" in refused.content.decode()
        response = services.post(
            f"/protocol/manage/{version.pack_id}/adopt/",
            {"decision": decision.pk, "in_force_from_0": "1", "in_force_from_1": "12", "in_force_from_2": "2026"},
        )
        assert response.status_code == 302
        version.refresh_from_db()
        assert version.status == "adopted" and version.decision == decision
        assert version_in_force_on(date(2026, 12, 1)) == version
        assert version_in_force_on(date(2026, 11, 30)) == seeded
        entry = AuditEntry.objects.filter(object_id=str(version.pk), changes__status=["proposed", "adopted"]).get()
        assert entry.actor == members_services
        # Adopted versions are read-only, for everyone.
        sign_in(client, monitoring_officer)
        assert client.post(f"/protocol/manage/{version.pack_id}/lexicons/threats/", {"terms": "x"}).status_code == 302
        version.refresh_from_db()
        assert "watch your back" in version.files["lexicons/threats.yaml"]

    def test_the_status_tags_follow_the_in_force_date_not_the_stored_flag(
        self, seeded, client, monitoring_officer, members_services
    ):
        version = _proposed(sign_in(client, monitoring_officer))
        ahead = timezone.localdate() + timedelta(days=30)
        workflow.adopt(version, decision=_adoption_decision(), in_force_from=ahead, user=members_services)

        def tags() -> dict[str, str]:
            page = client.get("/protocol/manage/").content.decode()
            return {v.pack_id: _tag_in_row(page, v.pack_id) for v in (seeded, version)}

        assert tags() == {seeded.pack_id: "In force", version.pack_id: f"In force from {ahead:%-d %B %Y}"}
        assert "In force from" in client.get(f"/protocol/manage/{version.pack_id}/").content.decode()
        # Once its day has come the new version is in force, although the seeded pack still
        # carries the flag it was recorded with.
        ProtocolVersion.objects.filter(pk=version.pk).update(in_force_from=timezone.localdate())
        assert ProtocolVersion.objects.get(pk=seeded.pk).in_force
        assert tags() == {seeded.pack_id: "Adopted", version.pack_id: "In force"}

    def test_the_api_cites_the_version_in_force_when_the_draft_was_sent(
        self, seeded, client, monitoring_officer, members_services, councillor
    ):
        version = _proposed(sign_in(client, monitoring_officer))
        decision = _adoption_decision()
        workflow.adopt(version, decision=decision, in_force_from=date(2026, 12, 1), user=members_services)
        sign_in(client, councillor)
        text = "Another brilliant decision from the cabinet. What could possibly go wrong?"

        def check(sent_at: str) -> dict:
            body = {"text": text, "sent_at": sent_at, "channel": "social", "platform": "twitter"}
            response = client.post("/api/v1/check", json.dumps(body), content_type="application/json")
            assert response.status_code == 200, response.content
            return response.json()

        after, before = check("2026-12-02T10:00:00+00:00"), check("2026-06-01T10:00:00+00:00")
        tone_after = next(f for f in after["findings"] if f["rule"] == "tone")
        tone_before = next(f for f in before["findings"] if f["rule"] == "tone")
        assert (tone_after["severity"], tone_after["version"]) == ("warn", "havering-2026")
        assert tone_after["adopted_by"] == str(decision)
        assert (tone_before["severity"], tone_before["version"]) == ("advise", BASE)
        assert "Governance Committee, 18 July 2018" in tone_before["adopted_by"]
        assert after["version"] == "havering-2026" and before["version"] == BASE
        # A batch checks each draft against the version in force when it was sent.
        drafts = [
            {"id": "new", "text": text, "sent_at": "2026-12-02T10:00:00+00:00"},
            {"id": "old", "text": text, "sent_at": "2026-06-01T10:00:00+00:00"},
        ]
        response = client.post("/api/v1/check/batch", json.dumps({"drafts": drafts}), content_type="application/json")
        assert [r["version"] for r in response.json()["results"]] == ["havering-2026", BASE]

    def test_a_version_adopted_while_a_token_client_checks_is_cited_by_its_next_check(
        self, seeded, client, monitoring_officer, members_services, councillor
    ):
        # The API keeps the checker in force under the register's stamp: adopting a version
        # must give a new stamp, or the cached checker would go on citing the old one.
        from councilguard.web.api.models import ApiToken

        version = _proposed(sign_in(client, monitoring_officer))
        token = ApiToken.issue(councillor, "tests")[1]
        body = {"text": "Another brilliant decision from the cabinet.", "sent_at": "2026-12-02T10:00:00+00:00"}

        def cited() -> str:
            response = client.post(
                "/api/v1/check", json.dumps(body), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
            )
            assert response.status_code == 200, response.content
            return response.json()["version"]

        assert cited() == cited() == BASE
        workflow.adopt(version, decision=_adoption_decision(), in_force_from=date(2026, 12, 1), user=members_services)
        assert cited() == "havering-2026"

    def test_each_versions_checker_is_loaded_once_and_reloaded_only_when_its_files_change(self, seeded, mo_client):
        from councilguard.web.governance.protocols import checker_for

        version = _draft(mo_client)
        first = checker_for(version)
        assert checker_for(ProtocolVersion.objects.get(pk=version.pk)) is first
        mo_client.post(f"/protocol/manage/{version.pack_id}/lexicons/threats/", {"terms": "watch your back\nor else"})
        changed = checker_for(ProtocolVersion.objects.get(pk=version.pk))
        assert changed is not first and "or else" in changed.protocol.lexicons["threats"]


class TestPermissionsAndExport:
    def test_a_councillor_sees_no_draft_and_cannot_start_one(self, seeded, client, monitoring_officer, councillor):
        version = _draft(sign_in(client, monitoring_officer))
        sign_in(client, councillor)
        for url in ("/protocol/manage/", f"/protocol/manage/{version.pack_id}/", "/protocol/manage/new/"):
            assert client.get(url).status_code == 403, url
        assert client.get(f"/protocol/manage/{version.pack_id}/download/").status_code == 403
        assert client.get(f"/protocol/manage/compare/?old={BASE}&new={version.pack_id}").status_code == 403

    def test_a_draft_is_not_on_the_public_protocol_pages(self, seeded, client, monitoring_officer):
        version = _draft(sign_in(client, monitoring_officer))
        assert client.get(f"/protocol/versions/{version.pack_id}/").status_code == 200
        client.logout()
        assert client.get(f"/protocol/versions/{version.pack_id}/").status_code == 404
        assert client.get(f"/protocol/versions/{version.pack_id}/rules/tone/").status_code == 404
        assert version.pack_id not in client.get("/protocol/").content.decode()

    def test_members_services_may_read_drafts_but_not_edit_them(
        self, seeded, client, monitoring_officer, members_services
    ):
        version = _draft(sign_in(client, monitoring_officer))
        sign_in(client, members_services)
        assert client.get(f"/protocol/manage/{version.pack_id}/").status_code == 200
        assert client.post(f"/protocol/manage/{version.pack_id}/lexicons/threats/", {"terms": "x"}).status_code == 403
        assert client.post(f"/protocol/manage/{version.pack_id}/test/").status_code == 403

    def test_the_public_compares_and_downloads_adopted_versions(self, seeded, client):
        assert client.get(f"/protocol/manage/compare/?old={BASE}&new={BASE}").status_code == 200
        assert client.get(f"/protocol/manage/{BASE}/download/").status_code == 200

    def test_the_comparison_shows_clauses_rules_and_word_lists_side_by_side(self, seeded, mo_client):
        version = _draft(mo_client)
        mo_client.post(f"/protocol/manage/{version.pack_id}/rules/tone/", _rule_form(version, "tone", severity="warn"))
        mo_client.post(
            f"/protocol/manage/{version.pack_id}/lexicons/threats/", {"terms": "watch your back\nyou will be sorry"}
        )
        page = mo_client.get(f"/protocol/manage/compare/?old={BASE}&new={version.pack_id}").content.decode()
        assert "1 rule changed; 1 word list changed" in page
        assert "<del>advise</del>" in page and "<ins>warn</ins>" in page
        assert "<ins>you will be sorry</ins>" in page and "<del>you&#x27;ll regret it</del>" in page

    def test_a_downloaded_version_is_a_pack_the_command_line_accepts(self, seeded, mo_client, tmp_path, capsys):
        version = _proposed(mo_client)
        data = mo_client.get(f"/protocol/manage/{version.pack_id}/download/").content
        zipfile.ZipFile(io.BytesIO(data)).extractall(tmp_path)
        pack = Path(tmp_path) / version.pack_id
        draft = tmp_path / "draft.txt"
        draft.write_text("Book my holiday let in Cornwall this summer!")
        status = cli.main(["check", str(draft), "--protocol", str(pack), "--format", "json"])
        result = json.loads(capsys.readouterr().out)
        assert status == 1 and result["protocol"] == "havering-2026"
        assert "holiday-lets" in [f["rule"] for f in result["findings"]]
        assert cli.main(["rules", "--protocol", str(pack), "--explain", "holiday-lets"]) == 0
        assert "Promoting a holiday let" in capsys.readouterr().out
