"""Signing in: password rules, lockout, two-factor for officers, and who may see what."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from councilguard.web import roles
from councilguard.web.accounts.models import FailedSignIn
from councilguard.web.governance.models import AuditEntry

from .conftest import PASSWORD, sign_in

pytestmark = pytest.mark.django_db


def _post_sign_in(client: Client, username: str, password: str, next_url: str = ""):
    url = "/account/sign-in/" + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"username": username, "password": password})


def _code(device: TOTPDevice, drift: int = 0) -> str:
    """The code the app shows now (``drift=1``: the next one, for a second sign-in within
    the same 30 seconds, since a code once used is not accepted again)."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift):06d}"


class TestPasswordRules:
    @pytest.mark.parametrize(
        "password",
        ["Short1!", "lettersonly!!", "123456789!", "NoSymbols123", "Password1!", "Havering2018"],
    )
    def test_it_refuses_passwords_that_are_short_unmixed_or_easy_to_guess(self, password):
        with pytest.raises(ValidationError):
            validate_password(password)

    def test_it_accepts_a_long_mixed_password_that_is_hard_to_guess(self):
        validate_password("Romford#Market9")

    def test_it_names_what_is_missing_from_the_mix(self):
        with pytest.raises(ValidationError) as caught:
            validate_password("correct horse battery staple")
        assert "a number and a symbol" in " ".join(caught.value.messages)

    def test_it_refuses_a_password_like_the_user_name(self, django_user_model):
        user = django_user_model(username="priya.patel", first_name="Priya")
        with pytest.raises(ValidationError):
            validate_password("priya.patel1!", user=user)


class TestSignIn:
    def test_an_outsider_is_sent_to_the_sign_in_page(self, client):
        for url in ("/register/", "/account/", "/protocol/acknowledgements/", "/protocol/audit/"):
            response = client.get(url)
            assert response.status_code == 302
            assert response["Location"].startswith("/account/sign-in/?next=")

    def test_a_councillor_signs_in_with_the_right_password(self, client, councillor):
        response = _post_sign_in(client, councillor.username, PASSWORD)
        assert response.status_code == 302 and response["Location"] == "/"
        assert client.get("/account/").status_code == 200

    def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(self, client, councillor):
        response = _post_sign_in(client, councillor.username, "Wrong#Password9")
        assert response.status_code == 200
        assert b"Enter a correct user name and password" in response.content
        assert FailedSignIn.objects.filter(username=councillor.username).count() == 1

    def test_an_empty_sign_in_form_says_what_to_enter(self, client):
        response = client.post("/account/sign-in/", {})
        assert b"Enter your user name" in response.content
        assert b"Enter your password" in response.content
        assert not FailedSignIn.objects.exists()

    def test_it_does_not_redirect_to_another_site_after_sign_in(self, client, councillor):
        response = _post_sign_in(client, councillor.username, PASSWORD, next_url="https://evil.example/")
        assert response["Location"] == "/"

    @override_settings(SIGN_IN_FAILURE_LIMIT=3)
    def test_it_locks_the_user_name_after_repeated_failures_even_with_the_right_password(self, client, councillor):
        for _ in range(3):
            _post_sign_in(client, councillor.username.title(), "Wrong#Password9")
        response = _post_sign_in(client, councillor.username, PASSWORD)
        assert response.status_code == 429
        assert b"Too many failed attempts" in response.content
        assert "_auth_user_id" not in client.session

    @override_settings(SIGN_IN_FAILURE_LIMIT=3)
    def test_a_successful_sign_in_clears_earlier_failures(self, client, councillor):
        for _ in range(2):
            _post_sign_in(client, councillor.username, "Wrong#Password9")
        _post_sign_in(client, councillor.username, PASSWORD)
        assert not FailedSignIn.objects.filter(username=councillor.username).exists()

    def test_signing_out_needs_a_post(self, client, councillor):
        sign_in(client, councillor)
        assert client.get("/account/sign-out/").status_code == 405
        assert client.post("/account/sign-out/").status_code == 302
        assert client.get("/account/").status_code == 302

    def test_a_sign_in_post_without_the_csrf_token_is_refused(self, councillor):
        client = Client(enforce_csrf_checks=True)
        response = _post_sign_in(client, councillor.username, PASSWORD)
        assert response.status_code == 403
        assert "_auth_user_id" not in client.session


class TestTwoFactor:
    def test_an_officer_without_a_second_factor_is_sent_to_set_one_up(self, client, members_services):
        sign_in(client, members_services, verified=False)
        response = client.get("/register/")
        assert response.status_code == 302
        assert response["Location"].startswith("/account/two-factor/")
        response = client.get(response["Location"])
        assert response["Location"].startswith("/account/two-factor/set-up/")

    def test_an_officer_enrols_an_authenticator_app_and_reaches_the_register(self, client, members_services):
        sign_in(client, members_services, verified=False)
        page = client.get("/account/two-factor/set-up/")
        assert page.status_code == 200 and b"data:image/svg+xml;base64," in page.content
        device = TOTPDevice.objects.get(user=members_services, confirmed=False)
        wrong = client.post(
            "/account/two-factor/set-up/",
            {"token": "000000" if _code(device) != "000000" else "111111"},
        )
        assert wrong.status_code == 200 and b"wrong or has expired" in wrong.content
        device.refresh_from_db()
        device.throttling_failure_count = 0
        device.throttling_failure_timestamp = None
        device.save()
        response = client.post("/account/two-factor/set-up/", {"token": _code(device)})
        assert response.status_code == 302
        device.refresh_from_db()
        assert device.confirmed
        assert client.get("/register/").status_code == 200

    def test_an_enrolled_officer_must_enter_the_current_code(self, client, monitoring_officer):
        device = TOTPDevice.objects.create(user=monitoring_officer, name="app", confirmed=True)
        sign_in(client, monitoring_officer, verified=False)
        assert client.get("/protocol/acknowledgements/")["Location"].startswith("/account/two-factor/")
        # Someone holding the session cannot swap in their own phone.
        assert client.get("/account/two-factor/set-up/")["Location"].startswith("/account/two-factor/")
        response = client.post("/account/two-factor/?next=/protocol/acknowledgements/", {"token": _code(device)})
        assert response["Location"] == "/protocol/acknowledgements/"
        assert client.get("/protocol/acknowledgements/").status_code == 200

    def test_a_malformed_code_is_refused_with_a_message(self, client, monitoring_officer):
        TOTPDevice.objects.create(user=monitoring_officer, name="app", confirmed=True)
        sign_in(client, monitoring_officer, verified=False)
        response = client.post("/account/two-factor/", {"token": "12ab"})
        assert response.status_code == 200
        assert b"The security code must be 6 digits" in response.content

    def test_councillors_do_not_need_a_second_factor(self, client, councillor):
        sign_in(client, councillor)
        assert not roles.needs_two_factor(councillor)
        assert client.get("/account/").status_code == 200


class TestRoleHelpers:
    def test_a_group_leader_sees_members_of_their_own_group_only(self, group_leader, councillor, other_councillor):
        assert roles.can_view_member(group_leader, councillor.member)
        assert not roles.can_view_member(group_leader, other_councillor.member)
        assert not roles.can_view_member(councillor, group_leader.member)

    def test_a_person_with_no_role_may_not_check_drafts(self, outsider):
        assert not roles.can_check_drafts(outsider)

    def test_the_menu_shows_only_what_the_role_allows(self, client, councillor, members_services):
        sign_in(client, councillor)
        page = client.get("/").content.decode()
        assert 'href="/register/"' not in page and "Audit log" not in page
        sign_in(client, members_services)
        page = client.get("/").content.decode()
        assert 'href="/register/"' in page and "Audit log" not in page


class TestSignInSupport:
    @override_settings(SIGN_IN_FAILURE_LIMIT=2)
    def test_the_ict_service_desk_unlocks_a_locked_councillor(self, client, ict_officer, councillor):
        for _ in range(2):
            _post_sign_in(client, councillor.username, "Wrong#Password9")
        sign_in(client, ict_officer)
        assert b"Locked until" in client.get("/account/support/").content
        response = client.post(f"/account/support/{councillor.pk}/unlock/")
        assert response.status_code == 302
        client.logout()
        assert _post_sign_in(client, councillor.username, PASSWORD).status_code == 302
        assert AuditEntry.objects.filter(object_id=str(councillor.pk), action="changed").exists()

    def test_the_ict_service_desk_resets_a_lost_authenticator(self, client, ict_officer, monitoring_officer):
        TOTPDevice.objects.create(user=monitoring_officer, name="lost phone", confirmed=True)
        sign_in(client, ict_officer)
        client.post(f"/account/support/{monitoring_officer.pk}/reset-two-factor/", {"confirm": "yes"})
        assert not TOTPDevice.objects.filter(user=monitoring_officer).exists()

    def test_councillors_and_other_officers_cannot_unlock_or_reset(
        self, client, councillor, members_services, monitoring_officer
    ):
        device = TOTPDevice.objects.create(user=monitoring_officer, name="phone", confirmed=True)
        for person in (councillor, members_services):
            sign_in(client, person)
            assert client.get("/account/support/").status_code == 403
            url = f"/account/support/{monitoring_officer.pk}/reset-two-factor/"
            assert client.post(url).status_code == 403
        assert TOTPDevice.objects.filter(pk=device.pk).exists()

    def test_an_unknown_support_action_is_not_found(self, client, ict_officer, councillor):
        sign_in(client, ict_officer)
        assert client.post(f"/account/support/{councillor.pk}/delete/").status_code == 404
        assert client.get(f"/account/support/{councillor.pk}/unlock/").status_code == 405


def test_only_the_most_specific_menu_item_is_marked_current(client, ict_officer):
    sign_in(client, ict_officer)
    page = client.get("/account/support/").content.decode()
    assert page.count('aria-current="true"') == 1
    assert 'href="/account/support/" aria-current="true"' in page


class TestOneLockoutForEverySignIn:
    @override_settings(SIGN_IN_FAILURE_LIMIT=2)
    def test_the_admin_sign_in_refuses_the_right_password_for_a_locked_account(self, client, administrator):
        for _ in range(2):
            _post_sign_in(client, administrator.username, "Wrong#Password9")
        response = client.post("/admin/login/", {"username": administrator.username, "password": PASSWORD})
        assert response.status_code == 429
        assert b"Too many failed attempts" in response.content
        assert "_auth_user_id" not in client.session

    @override_settings(SIGN_IN_FAILURE_LIMIT=2)
    def test_failures_at_the_admin_sign_in_lock_the_service_sign_in_too(self, client, administrator):
        for _ in range(2):
            client.post("/admin/login/", {"username": administrator.username, "password": "Wrong#Password9"})
        assert FailedSignIn.objects.filter(username=administrator.username).count() == 2
        assert _post_sign_in(client, administrator.username, PASSWORD).status_code == 429

    def test_someone_signed_in_without_the_admins_rights_is_refused_there_not_sent_round(
        self, client, members_services
    ):
        sign_in(client, members_services)
        response = client.get("/admin/login/?next=/admin/")
        assert response.status_code == 403


class TestTwoFactorReset:
    def test_the_reset_asks_for_confirmation_first_and_changes_nothing_until_confirmed(
        self, ict_client, monitoring_officer
    ):
        device = TOTPDevice.objects.create(user=monitoring_officer, name="phone", confirmed=True)
        url = f"/account/support/{monitoring_officer.pk}/reset-two-factor/"
        question = ict_client.get(url)
        assert question.status_code == 200
        assert b"Yes, reset two-factor sign-in" in question.content
        assert ict_client.post(url, {}).status_code == 200  # no confirmation: asked again
        assert TOTPDevice.objects.filter(pk=device.pk).exists()
        assert not AuditEntry.objects.filter(object_id=str(monitoring_officer.pk)).exists()

    def test_a_confirmed_reset_removes_the_authenticator_and_is_audited(
        self, ict_client, ict_officer, monitoring_officer
    ):
        TOTPDevice.objects.create(user=monitoring_officer, name="phone", confirmed=True)
        url = f"/account/support/{monitoring_officer.pk}/reset-two-factor/"
        assert ict_client.post(url, {"confirm": "yes"}).status_code == 302
        assert not TOTPDevice.objects.filter(user=monitoring_officer).exists()
        entry = AuditEntry.objects.get(object_id=str(monitoring_officer.pk), model="auth.User")
        assert entry.actor == ict_officer and entry.changes == {"two-factor": ["1 device(s)", "none"]}

    def test_the_service_desk_cannot_reset_the_administrators_two_factor(self, ict_client, administrator):
        device = TOTPDevice.objects.create(user=administrator, name="phone", confirmed=True)
        url = f"/account/support/{administrator.pk}/reset-two-factor/"
        assert ict_client.get(url).status_code == 403
        assert ict_client.post(url, {"confirm": "yes"}).status_code == 403
        assert TOTPDevice.objects.filter(pk=device.pk).exists()
        page = ict_client.get("/account/support/").content.decode()
        assert url not in page and "Only the administrator can reset it" in page

    def test_the_administrator_can_reset_anyones(self, admin_client, ict_officer):
        TOTPDevice.objects.create(user=ict_officer, name="phone", confirmed=True)
        url = f"/account/support/{ict_officer.pk}/reset-two-factor/"
        assert admin_client.post(url, {"confirm": "yes"}).status_code == 302
        assert not TOTPDevice.objects.filter(user=ict_officer, name="phone").exists()


class TestCouncillorTwoFactor:
    def test_a_councillor_who_enrols_is_asked_for_the_code_from_then_on(self, client, councillor):
        sign_in(client, councillor)
        client.get("/account/two-factor/set-up/")
        device = TOTPDevice.objects.get(user=councillor, confirmed=False)
        assert client.post("/account/two-factor/set-up/", {"token": _code(device)}).status_code == 302
        client.post("/account/sign-out/")
        assert _post_sign_in(client, councillor.username, PASSWORD).status_code == 302
        response = client.get("/check/")
        assert response.status_code == 302 and response["Location"].startswith("/account/two-factor/")
        response = client.post("/account/two-factor/?next=/check/", {"token": _code(device, drift=1)})
        assert response["Location"] == "/check/"
        assert client.get("/check/").status_code == 200

    def test_a_councillor_who_never_enrolled_is_not_asked(self, councillor_client):
        assert councillor_client.get("/check/").status_code == 200


def test_during_the_throttle_the_right_code_is_told_to_wait_not_called_wrong(client, monitoring_officer):
    device = TOTPDevice.objects.create(user=monitoring_officer, name="app", confirmed=True)
    sign_in(client, monitoring_officer, verified=False)
    wrong = "000000" if _code(device) != "000000" else "111111"
    assert b"wrong or has expired" in client.post("/account/two-factor/", {"token": wrong}).content
    response = client.post("/account/two-factor/", {"token": _code(device)})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Too many wrong codes: wait" in page and "wrong or has expired" not in page


def test_an_expected_refusal_writes_one_log_line_and_no_traceback(councillor_client, caplog):
    with caplog.at_level("WARNING", logger="django.request"):
        assert councillor_client.get("/register/").status_code == 403
    refusals = [r for r in caplog.records if r.name == "django.request" and getattr(r, "status_code", None) == 403]
    assert len(refusals) == 1
    assert refusals[0].exc_info is None and refusals[0].getMessage() == "Forbidden (Permission denied): /register/"
    assert "Traceback" not in caplog.text


def test_a_request_for_a_host_not_served_is_refused_in_one_log_line(client, caplog):
    with caplog.at_level("WARNING"):
        assert client.get("/", HTTP_HOST="evil.example").status_code == 400
    refused = [r for r in caplog.records if r.name == "django.security.DisallowedHost"]
    assert len(refused) == 1 and refused[0].exc_info is None
    assert "evil.example" in refused[0].getMessage()
    assert "Traceback" not in caplog.text
