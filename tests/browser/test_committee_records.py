"""Issue 14 in a real browser: Members' Services records a meeting with a substitute, a
declaration and a recorded vote, and publishes the minutes; the public reads them and
their PDF without signing in. Every page passes axe-core."""

from __future__ import annotations

import re

import pytest

from councilguard.web.register.models import Meeting

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def _save(page) -> None:  # noqa: ANN001
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()


def test_members_services_records_a_meeting_and_publishes_its_minutes(demo, new_page, screenshots):
    base = demo.url
    meeting = Meeting.objects.filter(committee__name="Planning Committee").first()
    page = new_page()
    sign_in(page, base, "ms.shah", f"/register/meetings/{meeting.pk}/", two_factor=True)
    assert page.url.endswith(f"/register/meetings/{meeting.pk}/")
    assert_accessible(page)

    page.get_by_role("link", name="Add an agenda item").click()
    page.fill("input[name=number]", "4")
    page.fill("input[name=title]", "Land at Oak Road")
    page.locator("select[name=kind]").select_option("business")
    page.fill("textarea[name=minute]", "The Committee considered the application.")
    assert_accessible(page)
    _save(page)
    assert "Added agenda item: 4 Land at Oak Road" in page.content()

    # Priya Patel sits on Planning and sends apologies; Morgan Hughes (same group, not on it)
    # substitutes. Substituting for herself is refused first.
    page.get_by_role("link", name="Add attendance").click()
    page.locator("select[name=member]").select_option(label="Councillor Priya Patel")
    page.locator("select[name=status]").select_option("substitute")
    page.locator("select[name=substitute_for]").select_option(label="Councillor Priya Patel")
    _save(page)
    assert "cannot substitute for themselves" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.locator("select[name=status]").select_option("apologies")
    page.locator("select[name=substitute_for]").select_option("")
    _save(page)
    page.get_by_role("link", name="Add attendance").click()
    page.locator("select[name=member]").select_option(label="Councillor Morgan Hughes")
    page.locator("select[name=status]").select_option("substitute")
    page.locator("select[name=substitute_for]").select_option(label="Councillor Priya Patel")
    _save(page)
    assert "Added attendance record" in page.content()

    page.get_by_role("link", name="Add a declaration of interest").click()
    page.locator("select[name=item]").select_option(label="4 Land at Oak Road")
    page.locator("select[name=member]").select_option(label="Councillor Morgan Hughes")
    page.get_by_label("Non-registrable interest").check()
    page.fill("textarea[name=description]", "Lives next to the site")
    assert_accessible(page)
    _save(page)
    assert "Added declaration of interest" in page.content()

    page.get_by_role("link", name="Record a vote").click()
    page.locator("select[name=item]").select_option(label="4 Land at Oak Road")
    page.fill("input[name=motion]", "to grant permission")
    page.get_by_label(re.compile("Councillor Morgan Hughes")).select_option("for")
    assert_accessible(page)
    _save(page)
    assert "carried by 1 vote to 0 against" in page.content()

    page.get_by_role("link", name="Add a decision").click()
    page.locator("select[name=item]").select_option(label="4 Land at Oak Road")
    page.fill("textarea[name=outcome]", "Granted planning permission subject to conditions.")
    _save(page)

    page.get_by_role("button", name="Publish the minutes").click()
    page.wait_for_load_state()
    assert "Published the minutes" in page.content()
    assert_accessible(page)
    page.screenshot(path=str(screenshots / "meeting-record.png"), full_page=True)

    # The public reads them, with no sign-in.
    public = new_page()
    public.goto(f"{base}/meetings/{meeting.pk}/")
    text = public.locator("main").inner_text()
    assert "Councillor Priya Patel, who was substituted by Councillor Morgan Hughes" in text
    assert "Morgan Hughes declared a non-registrable interest in item 4" in text
    assert "The voting to grant permission was carried by 1 vote to 0 against." in text
    assert "Morgan Hughes (substitute for Priya Patel)" in text
    assert_accessible(public)
    public.screenshot(path=str(screenshots / "public-minutes.png"), full_page=True)
    response = public.request.get(f"{base}/meetings/{meeting.pk}/minutes.pdf")
    assert response.status == 200 and response.body().startswith(b"%PDF-")
    (screenshots / "planning-minutes.pdf").write_bytes(response.body())

    # The seed's meeting, as published by the demo.
    seed = Meeting.objects.get(committee__name="Governance Committee")
    public.goto(f"{base}/meetings/{seed.pk}/")
    assert "carried by 10 votes to 1 against" in public.content()
    assert_accessible(public)
    public.screenshot(path=str(screenshots / "seed-minutes.png"), full_page=True)
