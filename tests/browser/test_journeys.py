"""The journeys of issue 4 in a real browser: a councillor checks a draft that breaches
three rules, removes the personal data, asks the Monitoring Officer, who signs in with
TOTP and answers; the councillor reads the answer; outsiders are refused. Every page
passes axe-core with no serious or critical violation."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible, sign_in, sign_out

pytestmark = pytest.mark.django_db(transaction=True)

THREE_BREACHES = (
    "Vote Labour on Thursday! Mrs Jane Smith of 14 Oak Road, Romford RM1 2AB "
    "(07911 123456) says the bins are a disgrace."
)
QUESTION = "Can I post this from the council's Facebook page if I take the leaflet off?"
ANSWER = "No: election material never goes out from council accounts. Use your party's page."


def test_a_councillor_checks_redacts_and_asks_and_the_monitoring_officer_answers(demo, new_page, screenshots):
    base = demo.url
    page = new_page()

    # The councillor signs in and checks a draft that breaches three rules.
    sign_in(page, base, "cllr.patel", "/check/", check_accessible=True)
    assert page.url.endswith("/check/")
    assert_accessible(page)
    page.get_by_role("radio", name="Social media post").check()
    page.locator("select[name=platform]").select_option("facebook")
    page.get_by_label("Council account or address").check()
    page.fill("textarea[name=text]", THREE_BREACHES)
    page.fill("textarea[name=attachments]", "leaflet.pdf.exe")
    page.get_by_role("button", name="Check my draft").click()
    page.wait_for_load_state()
    verdict = page.locator("#verdict")
    assert "Do not send" in verdict.inner_text()
    findings = page.locator(".cg-finding h3").all_inner_texts()
    assert len([f for f in findings if re.search(r"Breach|Warning", f)]) >= 3, findings
    assert page.locator("#draft-text mark").count() >= 3
    assert "Vote Labour" in page.locator("#draft-text mark").first.inner_text()
    assert page.locator(".cg-clause").count() >= 3  # each finding quotes the protocol
    assert_accessible(page)
    page.screenshot(path=str(screenshots / "check-findings.png"), full_page=True)
    page.locator("#verdict").scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / "check-findings-top.png"))
    page.locator("#finding-2").scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / "check-finding-clause.png"))

    # One click removes the personal data and checks again.
    page.get_by_role("button", name="Remove the personal data").click()
    page.wait_for_load_state()
    assert "We removed the personal data" in page.content()
    text = page.locator("textarea[name=text]").input_value()
    assert "07911 123456" not in text and "Jane Smith" not in text and "Vote Labour" in text
    assert page.get_by_role("button", name="Remove the personal data").count() == 0
    assert_accessible(page)
    page.screenshot(path=str(screenshots / "check-redacted.png"), full_page=True)

    # She asks the Monitoring Officer about the checked draft.
    page.fill("#id_question", QUESTION)
    page.get_by_role("button", name="Ask the Monitoring Officer").click()
    page.wait_for_load_state()
    assert re.search(r"/advice/\d+/$", page.url)
    request_url = page.url
    assert "Waiting for an answer" in page.content()
    assert_accessible(page)
    sign_out(page)

    # The Monitoring Officer signs in with a TOTP code, finds it in the queue and answers.
    officer = new_page()
    sign_in(officer, base, "mo.reid", "/advice/queue/", two_factor=True, check_accessible=True)
    assert officer.url.endswith("/advice/queue/")
    assert_accessible(officer)
    officer.get_by_role("link", name=re.compile("Can I post this")).click()
    officer.wait_for_load_state()
    assert officer.url == request_url
    assert_accessible(officer)
    officer.fill("textarea[name=reply]", ANSWER)
    officer.get_by_role("button", name="Send answer").click()
    officer.wait_for_load_state()
    assert officer.url.endswith("/advice/queue/?status=open")
    assert_accessible(officer)

    # The councillor signs in again and reads the answer.
    page = new_page()
    sign_in(page, base, "cllr.patel", "/advice/", check_accessible=True)
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Can I post this")).click()
    page.wait_for_load_state()
    assert ANSWER in page.locator("#answer-text").inner_text()
    assert_accessible(page)
    page.screenshot(path=str(screenshots / "advice-answered.png"), full_page=True)

    # Another councillor cannot open it; someone not signed in is sent to sign in.
    other = new_page()
    sign_in(other, base, "cllr.okafor", "/advice/", check_accessible=True)
    response = other.goto(request_url)
    assert response.status == 404
    assert ANSWER not in other.content()
    stranger = new_page()
    stranger.goto(request_url)
    assert "/account/sign-in/" in stranger.url
    assert ANSWER not in stranger.content()
    assert_accessible(stranger)


def test_an_officer_who_is_not_the_monitoring_officer_is_refused_the_queue(demo, new_page):
    page = new_page()
    sign_in(page, demo.url, "ict.lee", "/advice/queue/", two_factor=True, check_accessible=True)
    response = page.goto(f"{demo.url}/advice/queue/")
    assert response.status == 403


def test_the_check_page_checks_as_you_type_with_javascript(demo, new_page):
    page = new_page()
    sign_in(page, demo.url, "cllr.patel", "/check/", check_accessible=True)
    page.get_by_role("radio", name="E-mail").check()
    page.get_by_label("Council account or address").check()
    page.fill("textarea[name=text]", "Please remember to vote Labour tomorrow!")
    # No button pressed: the page checks by itself after a pause in typing.
    expect(page.locator("#verdict")).to_contain_text("Do not send", timeout=15_000)
    expect(page.locator("[role=status]")).to_contain_text("Checked")
    assert page.locator("input[name=subject]").is_visible()
    assert not page.locator("select[name=platform]").is_visible()  # a post's question, hidden
