"""The Monitoring Officer's complaint journey in a real browser: record a complaint about
a member, upload the member's sent mail, watch the background scan (static JS polling,
no inline script) and open the report kept with the case. Every page passes axe-core."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from councilguard.web.register.demo import DEMO_PASSWORD

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)
MAILBOX = Path(__file__).resolve().parents[1] / "data" / "archives" / "council-sent.mbox"


def test_the_monitoring_officer_scans_a_members_mailbox_against_a_complaint(
    demo, background_scans, new_page, screenshots
):
    base = demo.url
    page = new_page()
    refused = []
    page.on(
        "console",
        lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None,
    )

    sign_in(page, base, "mo.reid", "/advice/complaints/", two_factor=True)
    assert page.url.endswith("/advice/complaints/")
    expect(page.get_by_role("link", name="Complaints")).to_be_visible()
    assert_accessible(page)

    # Record the complaint.
    page.get_by_role("button", name="Record a complaint").click()
    assert_accessible(page)
    page.fill("input[name=complainant_name]", "Pat Resident")
    page.fill("input[name=complainant_contact]", "pat.resident@example.org")
    patel = page.locator("select[name=member] option", has_text="Patel").first
    page.locator("select[name=member]").select_option(patel.get_attribute("value"))
    page.fill("input[name=received_on_0]", "2")  # the GOV.UK date input: day, month, year
    page.fill("input[name=received_on_1]", "5")
    page.fill("input[name=received_on_2]", "2026")
    page.fill(
        "textarea[name=summary]",
        "The councillor e-mailed residents from the council address on the eve of polling day.",
    )
    page.get_by_role("button", name="Save complaint").click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_contain_text("About")
    assert_accessible(page)

    # Upload the member's sent mail; the scan runs in the background.
    # The mailbox was exported from the member's other address: the scan checks only
    # messages sent from the addresses given here.
    page.fill("textarea[name=senders]", "cllr.anna.webb@havering.gov.uk")
    page.set_input_files("input[name=archives]", str(MAILBOX))
    page.get_by_role("button", name="Upload and scan").click()
    page.wait_for_load_state()
    # The page polls the status and reloads itself when the scan is over.
    expect(page.locator("h1")).to_have_text("Scan finished", timeout=120_000)
    assert_accessible(page)
    expect(page.get_by_text("Findings by rule")).to_be_visible()
    figures = page.locator(".cg-summary-figures").inner_text()
    assert "messages checked" in figures and "need review" in figures
    page.screenshot(path=str(screenshots / "complaint-scan-finished.png"), full_page=True)

    # The report opens in a new tab, through the permission-checked view.
    with page.context.expect_page() as opened:
        page.get_by_role("link", name="Report (web page) (opens in a new tab)").click()
    report = opened.value
    report.wait_for_load_state()
    assert "/files/report.html" in report.url
    expect(report.get_by_text("Polling day tomorrow").first).to_be_visible()
    report.screenshot(path=str(screenshots / "complaint-scan-report.png"))
    report.close()

    # The complaint page lists the finished scan.
    page.get_by_role("link", name="Back to complaint").click()
    page.wait_for_load_state()
    expect(page.locator("table").first).to_contain_text("Finished")
    assert_accessible(page)
    page.screenshot(path=str(screenshots / "complaint-page.png"), full_page=True)
    assert not refused, refused


def test_a_councillor_cannot_open_the_complaints(demo, new_page):
    page = new_page()
    page.goto(f"{demo.url}/account/sign-in/?next=/advice/complaints/")
    page.fill("input[name=username]", "cllr.patel")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("form button[type=submit], form input[type=submit]").last.click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text("You cannot see this page")
    expect(page.get_by_role("link", name="Complaints")).to_have_count(0)
