"""GOV.UK components on the pages: the date input, selects with a real prompt, messages in
the service's own words, a banner after each save, navigation to every page a role may use,
and the check page's words (one verdict, platforms by name)."""

from __future__ import annotations

import html
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from councilguard.checker.draft import MAX_TEXT_CHARS
from councilguard.web.register.models import Committee, Meeting, Member

from .conftest import sign_in

pytestmark = pytest.mark.django_db
MEETING_ADD = "/register/meetings/add/"
LONDON = ZoneInfo("Europe/London")


def _text(response) -> str:  # noqa: ANN001
    """The page as a reader sees it: tags dropped, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def _moment(name: str, day: str, month: str, year: str, time: str) -> dict[str, str]:
    return {f"{name}_0": day, f"{name}_1": month, f"{name}_2": year, f"{name}_3": time}


def test_the_meeting_form_asks_for_dates_in_the_govuk_date_input_not_the_browsers_date_box(services_client):
    page = services_client.get(MEETING_ADD).content.decode()
    assert 'type="date"' not in page and 'type="datetime-local"' not in page
    assert page.count('class="govuk-date-input"') == 3  # start, end, the previous minutes' date
    for box in ("start_0", "start_1", "start_2", "start_3", "end_3", "previous_minutes_of_2"):
        assert f'name="{box}"' in page


def test_a_meeting_entered_in_the_date_input_is_saved_at_that_day_and_time(services_client):
    committee = Committee.objects.create(name="Planning Committee")
    response = services_client.post(
        MEETING_ADD,
        {
            "committee": committee.pk,
            **_moment("start", "10", "3", "2026", "19:00"),
            **_moment("end", "10", "3", "2026", "9.30pm"),
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.start == datetime(2026, 3, 10, 19, 0, tzinfo=LONDON)
    assert meeting.end == datetime(2026, 3, 10, 21, 30, tzinfo=LONDON)
    edit = services_client.get(reverse("register:edit", args=["meetings", meeting.pk])).content.decode()
    assert 'name="start_3" value="19:00"' in edit


def test_a_time_that_is_not_a_time_is_refused_in_the_services_own_words(services_client):
    committee = Committee.objects.create(name="Planning Committee")
    response = services_client.post(
        MEETING_ADD,
        {
            "committee": committee.pk,
            **_moment("start", "31", "2", "2026", "19:00"),
            **_moment("end", "10", "3", "2026", "25:00"),
        },
    )
    page = _text(response)
    assert "Enter the start as a real date, for example 27 3 2026" in page
    assert "Enter the time of the end as on a 24-hour clock, for example 19:30" in page
    assert Meeting.objects.count() == 0


def test_selects_open_on_a_prompt_that_names_the_choice_not_dashes(services_client):
    Committee.objects.create(name="Planning Committee")
    page = services_client.get(MEETING_ADD).content.decode()
    assert "---------" not in page
    assert re.search(r'<option value="" selected>Select committee</option>', page)


def test_a_draft_too_long_for_the_checker_is_refused_in_the_services_own_words(councillor_client):
    response = councillor_client.post(
        reverse("checks:check"), {"text": "x" * (MAX_TEXT_CHARS + 1), "channel": "social", "account": "personal"}
    )
    page = _text(response)
    assert response.status_code == 400
    assert f"Your draft must be {MAX_TEXT_CHARS:,} characters or fewer" in page
    assert "Ensure this value" not in page


def test_asking_the_monitoring_officer_confirms_with_a_success_banner(councillor_client):
    draft = {"text": "Vote Labour on Thursday!", "channel": "email", "account": "council", "subject": "Thursday"}
    response = councillor_client.post("/advice/ask/", {**draft, "question": "May I send this?"}, follow=True)
    page = response.content.decode()
    assert "govuk-notification-banner--success" in page
    assert "has gone to the Monitoring Officer" in _text(response)


def test_the_check_page_says_the_verdict_once(councillor_client):
    response = councillor_client.post(
        reverse("checks:check"),
        {"text": "Vote Labour on Thursday!", "channel": "email", "account": "council", "subject": "Thursday"},
    )
    page = _text(response)
    assert "Do not send : This breaches the protocol as it stands." in page
    assert "Do not send Do not send" not in page and "Do not send : Do not send" not in page


def test_the_platform_limit_names_the_platform_and_says_the_protocols_140_is_out_of_date(councillor_client):
    response = councillor_client.post(
        reverse("checks:check"),
        {"text": "Residents, please respond. " * 12, "channel": "social", "account": "personal", "platform": "twitter"},
    )
    page = _text(response)
    assert "X (Twitter) allows 280" in page and "twitter allows" not in page
    assert "written when tweets were 140 characters, is out of date" in page


def _nav(client) -> dict[str, str]:  # noqa: ANN001
    menu = client.get("/").content.decode()
    return dict(
        (html.unescape(label).strip(), url)
        for url, label in re.findall(
            r'<a class="govuk-service-navigation__link" href="([^"]+)"[^>]*>\s*(?:<strong[^>]*>)?([^<]+)', menu
        )
    )


def test_a_councillors_navigation_reaches_their_own_register_entry(councillor_client, councillor):
    nav = _nav(councillor_client)
    assert nav["Your register entry"] == reverse("register:member", args=[councillor.member.pk])
    assert "Your group's members" not in nav and "Check statistics" not in nav


def test_the_monitoring_officers_navigation_reaches_the_check_statistics(client, monitoring_officer):
    nav = _nav(sign_in(client, monitoring_officer))
    assert nav["Check statistics"] == reverse("checks:statistics")


def test_a_group_leader_reaches_their_groups_members_and_no_other_group(
    client, group_leader, councillor, other_councillor
):
    leader_client = sign_in(client, group_leader)
    nav = _nav(leader_client)
    assert nav["Your group's members"] == reverse("register:group-members")
    response = leader_client.get(reverse("register:group-members"))
    page = response.content.decode()
    assert response.status_code == 200
    assert reverse("register:member", args=[councillor.member.pk]) in page  # same group (Labour)
    assert other_councillor.member.full_name not in page  # another group
    assert leader_client.get(reverse("register:member", args=[councillor.member.pk])).status_code == 200


def test_a_councillor_who_leads_no_group_is_refused_the_group_page(councillor_client):
    assert councillor_client.get(reverse("register:group-members")).status_code == 403


def test_a_leader_whose_entry_names_no_group_is_told_so(client, group_leader):
    Member.objects.filter(user=group_leader).update(group=None)
    response = sign_in(client, group_leader).get(reverse("register:group-members"))
    assert response.status_code == 403
