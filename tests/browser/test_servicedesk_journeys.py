"""The journeys of issue 13 in Chromium: a councillor reports a stolen iPad from a phone and
the Service Desk closes it with the crime number; Members' Services end a member's term and
the Service Desk completes the leaver case before its deadline; an overdue return shows in
red; a filter request goes from asked to in place. Every page passes axe-core."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from councilguard.web.register.models import Member
from councilguard.web.servicedesk.models import FilterRequest, Incident, LeaverCase

from .conftest import assert_accessible, sign_in, sign_out

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 375, "height": 740}


def _phone_page(chromium):  # noqa: ANN001, ANN202
    context = chromium.new_context(viewport=PHONE, locale="en-GB", is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    return context, page


def _desk(page, base: str, next_path: str) -> None:  # noqa: ANN001
    sign_in(page, base, "ict.lee", next_path, two_factor=True)


def _fill_date(page, name: str, day) -> None:  # noqa: ANN001
    page.fill(f"input[name={name}_0]", str(day.day))
    page.fill(f"input[name={name}_1]", str(day.month))
    page.fill(f"input[name={name}_2]", str(day.year))


def test_a_councillor_reports_a_stolen_ipad_from_a_phone_and_the_desk_closes_it_with_the_crime_number(
    demo, chromium, new_page, screenshots
):
    base = demo.url
    context, page = _phone_page(chromium)
    try:
        sign_in(page, base, "cllr.patel", "/service-desk/mine/")
        assert_accessible(page)
        page.get_by_role("button", name="Report a device lost, stolen or damaged").first.click()
        page.wait_for_load_state()
        page.get_by_label(re.compile(r"HAV-I001")).check()
        page.get_by_label("Stolen").check()
        _fill_date(page, "happened_on", timezone.localdate())
        page.fill("textarea[name=description]", "Taken from my bag on the 08:12 to Liverpool Street.")
        assert_accessible(page)
        page.screenshot(path=str(screenshots / "servicedesk-phone-report.png"), full_page=True)
        # No horizontal scrolling on a 375px screen.
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.get_by_role("button", name="Send the report").click()
        page.wait_for_load_state()
        expect(page.locator(".govuk-notification-banner--success")).to_contain_text("ICT Service Desk has been told")
        assert_accessible(page)
        page.screenshot(path=str(screenshots / "servicedesk-phone-reported.png"), full_page=True)
    finally:
        context.close()
    incident = Incident.objects.get(asset__asset_tag="HAV-I001")
    assert incident.asset.status == "stolen"

    desk = new_page()
    _desk(desk, base, f"/service-desk/incidents/{incident.pk}/")
    desk.get_by_label("Replaced under the member's home insurance").check()
    desk.get_by_role("button", name="Close the report").click()
    desk.wait_for_load_state()
    expect(desk.locator(".govuk-error-summary")).to_contain_text("a theft cannot be closed without it")
    assert_accessible(desk)
    desk.get_by_label("Replaced under the member's home insurance").check()
    desk.fill("form[action$='/close/'] input[name=crime_number]", "CAD 5120/26")
    desk.get_by_role("button", name="Close the report").click()
    desk.wait_for_load_state()
    expect(desk.locator(".govuk-notification-banner--success")).to_contain_text("Report closed")
    expect(desk.locator("#crime-number")).to_have_text("CAD 5120/26")
    assert_accessible(desk)
    incident.refresh_from_db()
    assert not incident.is_open and incident.crime_number == "CAD 5120/26"


def test_members_services_end_a_term_and_the_desk_completes_the_leaver_case_before_its_deadline(
    demo, new_page, screenshots
):
    base = demo.url
    okafor = Member.objects.get(user__username="cllr.okafor")
    page = new_page()
    sign_in(page, base, "ms.shah", f"/register/members/{okafor.pk}/edit/", two_factor=True)
    today = timezone.localdate()
    page.fill("input[name=term_ends]", today.isoformat())
    page.select_option("select[name=term_end_reason]", "resigned")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    expect(page.locator(".govuk-notification-banner--success").last).to_contain_text(
        "A leaver case is open for Sam Okafor"
    )
    case = LeaverCase.objects.get(member=okafor, closed_at=None)
    sign_out(page)

    _desk(page, base, f"/service-desk/leavers/{case.pk}/")
    assert_accessible(page)
    expect(page.locator("#deadline")).to_contain_text("working days left")
    page.screenshot(path=str(screenshots / "servicedesk-leaver-open.png"), full_page=True)
    page.get_by_role("button", name="Close the leaver case").click()
    page.wait_for_load_state()
    expect(page.locator(".govuk-notification-banner").first).to_contain_text("is not accounted for")
    page.locator("#devices").get_by_role("button", name=re.compile("Record")).first.click()
    page.wait_for_load_state()
    while page.locator("#accounts").get_by_role("button", name=re.compile(r"^End")).count():
        page.locator("#accounts").get_by_role("button", name=re.compile(r"^End")).first.click()
        page.wait_for_load_state()
    assert_accessible(page)
    page.screenshot(path=str(screenshots / "servicedesk-leaver-ticked.png"), full_page=True)
    page.get_by_role("button", name="Close the leaver case").click()
    page.wait_for_load_state()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("is closed")
    case.refresh_from_db()
    okafor.refresh_from_db()
    assert not case.is_open and case.closed_at.date() <= case.deadline
    assert not okafor.user.is_active and not okafor.active
    sign_out(page)
    # The leaver can no longer sign in.
    sign_in(page, base, "cllr.okafor")
    assert "sign-in" in page.url


def test_an_overdue_return_appears_in_red_on_the_dashboard(demo, new_page, screenshots):
    page = new_page()
    _desk(page, demo.url, "/service-desk/")
    overdue = page.locator("#overdue-returns + table .govuk-tag--red")
    expect(overdue.first).to_contain_text("Overdue by")
    colour = overdue.first.evaluate("el => getComputedStyle(el).backgroundColor")
    assert colour != "rgba(0, 0, 0, 0)"
    expect(page.locator("#leavers + table .govuk-tag--red").first).to_contain_text("Overdue")
    assert_accessible(page)
    page.screenshot(path=str(screenshots / "servicedesk-dashboard.png"), full_page=True)


def test_a_filter_request_goes_from_asked_to_in_place(demo, new_page):
    base = demo.url
    page = new_page()
    sign_in(page, base, "cllr.patel", "/service-desk/filters/ask/")
    assert_accessible(page)
    page.fill("input[name=sender]", "offers@cheap-printing.example")
    page.get_by_role("button", name="Ask for the filter").click()
    page.wait_for_load_state()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("offers@cheap-printing.example")
    request = FilterRequest.objects.get(sender="offers@cheap-printing.example")
    sign_out(page)

    _desk(page, base, f"/service-desk/filters/{request.pk}/")
    page.get_by_label("Put in place", exact=True).check()
    _fill_date(page, "in_place_on", timezone.localdate())
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    expect(page.locator("#filter-status")).to_contain_text("In place")
    sign_out(page)

    sign_in(page, base, "cllr.patel", "/service-desk/mine/")
    expect(page.get_by_text("offers@cheap-printing.example")).to_be_visible()
    expect(page.locator("main")).to_contain_text("In place")
