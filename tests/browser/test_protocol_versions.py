"""Issue 16 in a real browser: the Monitoring Officer drafts a version that adds a rule
and tightens a severity, sees the reference drafts that changed, compares and proposes it;
Members' Services record the adopting decision; a check made after its date cites the
new version, while a scan of older mail cites the old one. Every page passes axe-core."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from councilguard.web.register.models import AgendaItem, Committee, Meeting
from tests.web.test_protocol_versions import HOLIDAY_RULE  # the one rule both journeys add

from .conftest import REPO, assert_accessible, sign_in, sign_out

pytestmark = pytest.mark.django_db(transaction=True)
MAILBOX = Path(__file__).resolve().parents[1] / "data" / "archives" / "council-sent.mbox"
DOCS = REPO / "docs" / "screenshots"
SARCASM = "Another brilliant decision from the cabinet. What could possibly go wrong?"


def _shoot(page, screenshots: Path, name: str, *, full_page: bool = True) -> None:  # noqa: ANN001
    DOCS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(DOCS / name), full_page=full_page)
    page.screenshot(path=str(screenshots / name), full_page=full_page)


def test_a_version_is_drafted_tested_proposed_adopted_and_cited(demo, background_scans, new_page, screenshots):
    base = demo.url
    page = new_page()

    # The Monitoring Officer starts a version from the one in force.
    sign_in(page, base, "mo.reid", "/protocol/manage/", two_factor=True, check_accessible=True)
    assert page.url.endswith("/protocol/manage/")
    assert_accessible(page)
    page.get_by_role("link", name="Start a new version from the one in force").click()
    page.fill("input[name=pack_id]", "havering-2026")
    page.fill("input[name=title]", "London Borough of Havering: Members' protocols, 2026 revision")
    assert_accessible(page)
    page.get_by_role("button", name="Start the new version").click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text("havering-2026")
    assert_accessible(page)

    # It adds a rule; a rule citing a clause the pack lacks is refused first, by file and line.
    page.get_by_role("link", name="Add a rule").click()
    page.fill("input[name=rule_id]", "holiday-lets")
    page.fill("textarea[name=text]", HOLIDAY_RULE.replace("SM.dont.7", "SM.nowhere"))
    page.get_by_role("button", name="Add the rule").click()
    page.wait_for_load_state()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "rules/holiday-lets.yaml, line 3: cites clause 'SM.nowhere', which the pack does not define"
    )
    assert_accessible(page)
    page.fill("textarea[name=text]", HOLIDAY_RULE)
    page.get_by_role("button", name="Add the rule").click()
    page.wait_for_load_state()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("new rule holiday-lets")

    # It tightens a severity: sarcasm and shouting now warn rather than advise.
    page.get_by_role("link", name="Change tone").click()
    assert_accessible(page)
    page.locator("select[name=severity]").select_option("warn")
    page.get_by_role("button", name="Save the rule").click()
    page.wait_for_load_state()

    # The tests: every example passes, and the reference drafts the change regrades are listed.
    page.get_by_role("button", name="Test this version").click()
    page.wait_for_load_state()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Every example passes")
    tone = page.locator("#rescore-tone")
    expect(tone).to_contain_text(re.compile(r"tone: 0 more caught, 0 cleared, \d+ at another severity"))
    expect(page.locator("table.cg-changed-drafts").first).to_contain_text(SARCASM)
    assert_accessible(page)
    page.screenshot(path=str(screenshots / "protocol-version-tested.png"), full_page=True)

    # Compared side by side with the version in force, for the committee report.
    page.get_by_role("button", name="Compare").click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text("havering-2018 and havering-2026 compared")
    expect(page.locator("main")).to_contain_text("1 rule added; 1 rule changed")
    assert page.locator(".cg-diff ins", has_text="warn").count() >= 1
    assert page.locator(".cg-diff del", has_text="advise").count() >= 1
    assert_accessible(page)
    _shoot(page, screenshots, "protocol-diff.png")
    page.emulate_media(media="print")
    expect(page.locator("header.govuk-header")).to_be_hidden()
    expect(page.locator("form.cg-no-print")).to_be_hidden()
    page.pdf(path=str(screenshots / "protocol-diff.pdf"))
    page.emulate_media(media="screen")
    page.go_back()

    # Proposed: the report for the committee is written.
    page.get_by_role("button", name="Propose to the committee").click()
    page.wait_for_load_state()
    report = page.locator(".cg-report")
    expect(report).to_contain_text("Rule holiday-lets (Promoting a holiday let): added.")
    expect(report).to_contain_text("Rule tone (Sarcasm, shouting or insulting rhetoric): changed: severity.")
    assert_accessible(page)
    sign_out(page)

    # Members' Services record the committee's decision in the register, then the adoption.
    committee = Committee.objects.get(name="Governance Committee")
    start = timezone.now() - timedelta(days=1)
    meeting = Meeting.objects.create(committee=committee, start=start, end=start + timedelta(hours=2))
    AgendaItem.objects.create(meeting=meeting, number=4, title="Members' protocols: 2026 revision")
    services = new_page()
    sign_in(services, base, "ms.shah", f"/register/meetings/{meeting.pk}/", two_factor=True, check_accessible=True)
    services.get_by_role("link", name="Add a decision").click()
    services.locator("select[name=item]").select_option(label="4 Members' protocols: 2026 revision")
    services.fill("textarea[name=outcome]", "Adopted the Members' protocols as revised (havering-2026).")
    services.get_by_role("button", name="Save").click()
    services.wait_for_load_state()

    services.goto(f"{base}/protocol/manage/havering-2026/")
    services.get_by_role("link", name="Record the adopting decision").click()
    assert_accessible(services)
    decision = services.locator("select[name=decision] option", has_text="minute 4").first
    services.locator("select[name=decision]").select_option(decision.get_attribute("value"))
    today = timezone.localdate()
    services.fill("input[name=in_force_from_0]", str(today.day))
    services.fill("input[name=in_force_from_1]", str(today.month))
    services.fill("input[name=in_force_from_2]", str(today.year))
    services.get_by_role("button", name="Record the adoption").click()
    services.wait_for_load_state()
    expect(services.locator(".govuk-notification-banner")).to_contain_text("havering-2026 is adopted by")
    main = services.locator("main")
    expect(main).to_contain_text("In force")
    expect(main).to_contain_text("Adopted the Members' protocols as revised (havering-2026).")
    assert_accessible(services)
    _shoot(services, screenshots, "protocol-adoption.png", full_page=False)
    sign_out(services)

    # A councillor's check, made after the date, cites the new version and its decision.
    member = new_page()
    sign_in(member, base, "cllr.patel", "/check/")
    member.get_by_role("radio", name="Social media post").check()
    member.locator("select[name=platform]").select_option("twitter")
    member.fill("textarea[name=text]", SARCASM)
    member.get_by_role("button", name="Check my draft").click()
    member.wait_for_load_state()
    expect(member.locator("#verdict")).to_contain_text("Review")
    expect(member.locator(".cg-version")).to_have_text("havering-2026")
    expect(member.locator("main")).to_contain_text(f"adopted by Governance Committee, {meeting.start:%d %B %Y}")
    sign_out(member)

    # A scan of the member's older mail (sent before the date) cites the old version.
    officer = new_page()
    sign_in(officer, base, "mo.reid", "/advice/complaints/", two_factor=True, check_accessible=True)
    officer.get_by_role("button", name="Record a complaint").click()
    officer.fill("input[name=complainant_name]", "Pat Resident")
    officer.fill("input[name=complainant_contact]", "pat.resident@example.org")
    patel = officer.locator("select[name=member] option", has_text="Patel").first
    officer.locator("select[name=member]").select_option(patel.get_attribute("value"))
    officer.fill("input[name=received_on_0]", str(today.day))  # the GOV.UK date input
    officer.fill("input[name=received_on_1]", str(today.month))
    officer.fill("input[name=received_on_2]", str(today.year))
    officer.fill("textarea[name=summary]", "The councillor e-mailed residents from the council address.")
    officer.get_by_role("button", name="Save complaint").click()
    officer.wait_for_load_state()
    officer.fill("textarea[name=senders]", "cllr.anna.webb@havering.gov.uk")
    officer.set_input_files("input[name=archives]", str(MAILBOX))
    officer.get_by_role("button", name="Upload and scan").click()
    officer.wait_for_load_state()
    expect(officer.locator("h1")).to_have_text("Scan finished", timeout=120_000)
    with officer.context.expect_page() as opened:
        officer.get_by_role("link", name="Report (web page) (opens in a new tab)").click()
    scan_report = opened.value
    scan_report.wait_for_load_state()
    versions = set(scan_report.locator(".finding .version").all_text_contents())
    assert versions == {"havering-2018"}, versions
    expect(scan_report.locator(".finding").first).to_contain_text("Governance Committee, 18 July 2018")
    assert datetime(2026, 5, 1).date() < today  # the mailbox's messages all predate the adoption
