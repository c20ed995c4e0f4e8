"""Every page each role can reach passes axe-core (no serious or critical violation, and
nothing outside a landmark: axe's `region` rule); the navigation reaches the pages a role
may use; on a 375-pixel phone the live check keeps the draft box where the member types.

The pages are found as a member would find them: from the home page, following links.
One page stands for each address pattern (/register/members/3/ for every member's)."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlparse

import pytest
from playwright.sync_api import expect

from councilguard.web import roles
from councilguard.web.register.demo import DEMO_PEOPLE

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

# Downloads, the admin (Django's own pages) and machine-readable documents are not pages.
NOT_PAGES = re.compile(
    r"(\.(csv|pdf|json|jsonl|zip|html)$|/admin/|/export|/pdf/|/files/|/evidence/|/download/|/api/v1/)"
)
PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True, "locale": "en-GB"}
MAX_PAGES = 60


def _pattern(path: str) -> str:
    return re.sub(r"/\d+(?=/|$)", "/N", path)


def _links(page, origin: str) -> list[str]:  # noqa: ANN001
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    out = []
    for href in hrefs:
        url = urljoin(page.url, href)
        parsed = urlparse(url)
        if f"{parsed.scheme}://{parsed.netloc}" != origin or NOT_PAGES.search(parsed.path):
            continue
        out.append(parsed.path + (f"?{parsed.query}" if parsed.query else ""))
    return out


def crawl(page, origin: str, start: str = "/") -> list[str]:  # noqa: ANN001
    """Each page reachable by following links from `start`, checked with axe-core."""
    seen_patterns: set[str] = set()
    queue, visited = [start], []
    while queue and len(visited) < MAX_PAGES:
        path = queue.pop(0)
        pattern = _pattern(path.split("?")[0])
        if pattern in seen_patterns:
            continue
        seen_patterns.add(pattern)
        response = page.goto(origin + path)
        if response is None or response.status >= 400 or urlparse(page.url).path.startswith("/account/sign-in"):
            continue
        assert_accessible(page)
        visited.append(path)
        queue.extend(link for link in _links(page, origin) if link.split("#")[0] not in visited)
    return visited


def _is_officer(username: str) -> bool:
    person = next(p for p in DEMO_PEOPLE if p.username == username)
    return any(r not in (roles.COUNCILLOR, roles.GROUP_LEADER) for r in person.roles)


def _signed_in(new_page, base: str, username: str):  # noqa: ANN001, ANN202
    page = new_page()
    sign_in(page, base, username, two_factor=_is_officer(username), check_accessible=True)
    return page


def test_every_public_page_passes_axe_with_every_part_of_it_in_a_landmark(demo, new_page):
    page = new_page()
    visited = crawl(page, demo.url)
    assert "/" in visited and "/complaints/new/" in visited and "/meetings/" in visited


@pytest.mark.parametrize("person", DEMO_PEOPLE, ids=lambda p: p.username)
def test_every_page_a_role_reaches_from_its_navigation_passes_axe(demo, new_page, person):
    page = _signed_in(new_page, demo.url, person.username)
    visited = crawl(page, demo.url)
    assert len(visited) > 3, visited


def test_the_navigation_reaches_statistics_a_members_own_entry_and_a_leaders_group(demo, new_page):
    officer = _signed_in(new_page, demo.url, "mo.reid")
    officer.goto(demo.url + "/")
    officer.get_by_role("navigation", name="Menu").get_by_role("link", name="Check statistics").click()
    expect(officer.locator("h1")).to_have_text("Checks by rule and month")

    leader = _signed_in(new_page, demo.url, "cllr.hughes")
    menu = leader.get_by_role("navigation", name="Menu")
    menu.get_by_role("link", name="Your register entry").click()
    expect(leader.locator("h1")).to_have_text("Councillor Morgan Hughes")
    leader.get_by_role("navigation", name="Menu").get_by_role("link", name="Your group's members").click()
    expect(leader.locator("table")).to_contain_text("Priya Patel")
    leader.get_by_role("link", name="Priya Patel").click()
    expect(leader.locator("h1")).to_have_text("Councillor Priya Patel")


def test_on_a_phone_the_live_check_keeps_the_draft_box_in_view(demo, chromium, screenshots):
    context = chromium.new_context(**PHONE)
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        sign_in(page, demo.url, "cllr.patel", "/check/")
        # A draft that raises several rules, so the results are long.
        page.fill(
            "textarea[name=text]",
            "Vote Labour on Thursday! Mrs Jane Smith of 14 Oak Road, Romford RM1 2AB (07911 123456) says the "
            "bins are a disgrace and Councillor Jones is an idiot.",
        )
        box = page.locator("textarea[name=text]")
        before = box.bounding_box()
        page.keyboard.type(" Thanks")
        expect(page.locator("[role=status]")).to_contain_text("Checked", timeout=15_000)
        after = box.bounding_box()
        assert before and after
        assert abs(after["y"] - before["y"]) < 5, (before, after)
        assert 0 <= after["y"] < PHONE["viewport"]["height"], "the draft box is on the screen"
        expect(page.locator("[role=status]")).to_be_in_viewport()
        assert_accessible(page)
        page.screenshot(path=str(screenshots / "check-live-375.png"))
    finally:
        context.close()


def test_on_a_phone_asking_for_advice_and_recording_a_meeting_fit_the_screen(demo, chromium, screenshots):
    """The confirmation after asking the Monitoring Officer, and the meeting form's date
    inputs, on a 375-pixel screen: nothing wider than the screen."""
    for username, path, shot in (
        ("cllr.patel", "/check/", "advice-asked-375.png"),
        ("ms.shah", "/", "meeting-form-375.png"),
    ):
        context = chromium.new_context(**PHONE)
        page = context.new_page()
        page.set_default_timeout(20_000)
        try:
            sign_in(page, demo.url, username, path, two_factor=_is_officer(username))
            if username == "cllr.patel":
                page.fill("textarea[name=text]", "Vote Labour on Thursday! Join us on the doorstep.")
                page.get_by_role("button", name="Check my draft").click()
                page.fill(
                    "textarea[name=question]", "Can I post this from my council account if I take the slogan off?"
                )
                page.get_by_role("button", name="Ask the Monitoring Officer").click()
                expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Monitoring Officer")
            else:
                page.goto(demo.url + "/register/meetings/add/")
                expect(page.locator(".govuk-date-input").first).to_be_visible()
            assert_accessible(page)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["viewport"]["width"], f"{page.url} is {width} px wide"
            page.screenshot(path=str(screenshots / shot), full_page=True)
        finally:
            context.close()
