"""Casework journeys in a real browser: a resident lodges a complaint and the Monitoring
Officer takes it to an outcome with a letter; a councillor on a phone reports two threats
from one sender and the group leader and Members' Services see them with the evidence
pack; a page export is screened and a repeat offender named."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def casework_settings(settings, tmp_path):
    settings.COUNCILGUARD_CASEWORK_DIR = tmp_path / "casework"
    settings.COUNCILGUARD_PUBLIC_FORM_MIN_SECONDS = 0


def _png(path: Path) -> Path:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (360, 200), "white")
    ImageDraw.Draw(image).text((10, 80), "@TrollFace99: I will kill you", fill="black")
    image.save(path)
    return path


def test_a_resident_lodges_a_complaint_and_the_monitoring_officer_takes_it_to_an_outcome_with_a_letter(
    demo, casework_settings, new_page, screenshots, tmp_path
):
    base = demo.url
    page = new_page()
    page.goto(f"{base}/complaints/new/")
    assert_accessible(page)
    page.fill("input[name=complainant_name]", "Pat Resident")
    page.fill("input[name=complainant_contact]", "pat.resident@example.org")
    option = page.locator("select[name=member] option", has_text="Patel").first
    page.locator("select[name=member]").select_option(option.get_attribute("value"))
    page.fill("textarea[name=summary]", "The councillor called objectors scum on Facebook.")
    page.fill("input[name=conduct_on_0]", "2")
    page.fill("input[name=conduct_on_1]", "3")
    page.fill("input[name=conduct_on_2]", "2026")
    page.fill("textarea[name=evidence_text]", "Everyone objecting to the new homes is scum.")
    page.set_input_files("input[name=screenshots]", str(_png(tmp_path / "post.png")))
    page.get_by_role("button", name="Send complaint").click()
    expect(page.locator("h1")).to_have_text("Complaint sent")
    reference = page.locator("#reference").inner_text()
    assert_accessible(page)

    officer = new_page()
    sign_in(officer, base, "mo.reid", two_factor=True)
    officer.goto(f"{base}/advice/complaints/")
    officer.get_by_role("link", name="Pat Resident").first.click() if officer.get_by_role(
        "link", name="Pat Resident"
    ).count() else officer.locator("table a").first.click()
    officer.wait_for_load_state()
    expect(officer.locator(".govuk-caption-l")).to_contain_text(reference)
    officer.get_by_role("button", name="Acknowledge the complaint").click()
    expect(officer.locator(".govuk-notification-banner")).to_contain_text("Complaint acknowledged")
    officer.get_by_role("button", name="Check the evidence").click()
    expect(officer.locator("#evidence-check")).to_contain_text("SM.dont.4")
    officer.get_by_role("link", name="Record the assessment").click()
    officer.fill("input[name=ip_name]", "Sam Independent")
    officer.fill("input[name=ip_consulted_on_0]", "3")
    officer.fill("input[name=ip_consulted_on_1]", "3")
    officer.fill("input[name=ip_consulted_on_2]", "2026")
    officer.fill("textarea[name=ip_view]", "The language is abusive; a breach is likely.")
    officer.get_by_label("Investigation").check()
    officer.fill("textarea[name=assessment_reasons]", "The post calls residents scum.")
    assert_accessible(officer)
    officer.get_by_role("button", name="Save the assessment").click()
    officer.get_by_role("link", name="Record the outcome").click()
    officer.get_by_label("Breach found: sanction").check()
    officer.fill("textarea[name=outcome_notes]", "A breach of the Code: the councillor is to apologise publicly.")
    officer.get_by_role("button", name="Record the outcome").click()
    expect(officer.locator(".govuk-notification-banner")).to_contain_text("complaint closed")
    assert_accessible(officer)
    officer.screenshot(path=str(screenshots / "complaint-closed.png"), full_page=True)
    officer.get_by_role("link", name="read the outcome letter to the complainant").click()
    expect(officer.locator(".cg-letter")).to_contain_text("Breach found: sanction")
    assert_accessible(officer)
    with officer.expect_download() as download:
        officer.get_by_role("link", name="Download the letter as a PDF").click()
    pdf = tmp_path / "letter.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", str(pdf), str(screenshots / "outcome-letter")],
                   check=True)  # fmt: skip


def test_a_councillor_reports_two_threats_from_a_phone_and_the_group_leader_and_members_services_see_them(
    demo, casework_settings, chromium, new_page, screenshots, tmp_path
):
    base = demo.url
    context = chromium.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="en-GB"
    )
    phone = context.new_page()
    sign_in(phone, base, "cllr.patel")
    for day, text in (("18", "I know where you live. Watch your back."), ("20", "I will kill you, you traitor.")):
        phone.goto(f"{base}/abuse/new/")
        phone.get_by_label("X (Twitter)").check()
        phone.fill("input[name=sender_handle]", "@TrollFace99")
        phone.fill("input[name=received_on_0]", day)
        phone.fill("input[name=received_on_1]", "3")
        phone.fill("input[name=received_on_2]", "2026")
        phone.fill("textarea[name=text]", text)
        phone.set_input_files("input[name=screenshots]", str(_png(tmp_path / f"threat-{day}.png")))
        if day == "18":
            assert_accessible(phone)
            phone.screenshot(path=str(screenshots / "abuse-report-phone-form.png"), full_page=True)
        phone.get_by_role("button", name="Send the report").click()
        expect(phone.locator(".govuk-notification-banner").first).to_contain_text("report it to the Police")
    expect(phone.locator("h1")).to_contain_text("Threat of violence")
    expect(phone.get_by_text("Course of conduct: 2 reports from this sender")).to_be_visible()
    assert_accessible(phone)
    phone.screenshot(path=str(screenshots / "abuse-report-phone.png"), full_page=True)
    context.close()

    for username, officer in (("cllr.hughes", False), ("ms.shah", True)):
        page = new_page()
        sign_in(page, base, username, two_factor=officer)
        page.goto(f"{base}/abuse/")
        expect(page.locator("table")).to_contain_text("@TrollFace99")
        expect(page.locator("table")).to_contain_text("Course of conduct")
        page.locator("table a").first.click()
        with page.expect_download() as download:
            page.get_by_role("link", name="Download the evidence pack (PDF)").first.click()
        pack = tmp_path / f"pack-{username}.pdf"
        download.value.save_as(pack)
        assert pack.read_bytes().startswith(b"%PDF")
        assert_accessible(page)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pack), str(screenshots / "evidence-pack")],
                   check=True)  # fmt: skip


def test_a_page_export_is_screened_and_a_repeat_offender_named(
    demo, casework_settings, new_page, screenshots, tmp_path
):
    comments = [("Dave Angry", "Cllr Patel is a crook who takes bribes from developers."),
                ("Dave Angry", "What a load of sh1t, you useless scum."),
                ("Jo Kind", "Thanks for sorting out the bins!"),
                ("Priya Patel", "Thank you Jo.")]  # fmt: skip
    export = tmp_path / "comments.json"
    export.write_text(json.dumps({"comments_v2": [
        {"timestamp": 1767225600 + i, "title": f"{a} commented on Priya Patel's post.",
         "data": [{"comment": {"comment": t, "author": a, "timestamp": 1767225600 + i}}]}
        for i, (a, t) in enumerate(comments)]}))  # fmt: skip
    page = new_page()
    sign_in(page, demo.url, "cllr.patel")
    page.goto(f"{demo.url}/moderation/")
    assert_accessible(page)
    page.get_by_label("Facebook page export").check()
    page.set_input_files("input[name=export]", str(export))
    page.get_by_role("button", name="Upload and screen").click()
    expect(page.locator("h1")).to_have_text("2 comments to remove")
    expect(page.locator("#offenders")).to_contain_text("Dave Angry")
    expect(page.get_by_text("SM.libel").first).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=str(screenshots / "moderation-list.png"), full_page=True)
