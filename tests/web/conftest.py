"""Fixtures for the web app's tests: people in each role, signed in (officers with TOTP)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from councilguard.web import roles
from councilguard.web.register.models import Member, PoliticalGroup, Ward

PASSWORD = "Romford#Market9"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The production hasher is slow on purpose; tests only need hashing to work.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _statistics_written_at_once(settings):
    # Tests read the statistics a request leaves straight after it; the buffered write the
    # API uses by default has its own tests (test_api_speed.py).
    settings.COUNCILGUARD_API_STATISTICS_SECONDS = 0


@pytest.fixture(autouse=True)
def _no_register_context_from_another_test():
    # Each process keeps members' register contexts in memory; a test's database is rolled
    # back, so a context one test cached must not answer for another's member.
    from councilguard.web.checks.service import flush_statistics, forget_contexts

    forget_contexts()
    yield
    # Statistics a test left buffered are written inside its own transaction (rolled back
    # with it), never later by the writer thread into another test's database.
    flush_statistics()


@pytest.fixture
def make_user(django_user_model) -> Callable:
    """make_user("name", roles.COUNCILLOR, ...) -> User with PASSWORD; councillors get a Member."""

    def make(username: str, *role_names: str, group: str = "Labour Group", **extra):
        user = django_user_model.objects.create_user(
            username=username, password=PASSWORD, first_name=username.title(), **extra
        )
        user.groups.set(Group.objects.filter(name__in=role_names))
        if roles.COUNCILLOR in role_names:
            Member.objects.create(
                user=user,
                full_name=f"{username.title()} Example",
                group=PoliticalGroup.objects.get_or_create(name=group)[0],
                ward=Ward.objects.get_or_create(name="Harold Wood")[0],
                council_email=f"{username}@havering.gov.uk",
            )
        return user

    return make


def sign_in(client: Client, user, *, verified: bool = True) -> Client:
    """Sign ``user`` in on ``client``; officers also pass TOTP unless ``verified`` is False."""
    client.force_login(user)
    if verified and roles.is_officer(user):
        device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def councillor(make_user):
    return make_user("councillor", roles.COUNCILLOR)


@pytest.fixture
def other_councillor(make_user):
    return make_user("othercllr", roles.COUNCILLOR, group="Conservative Group")


@pytest.fixture
def members_services(make_user):
    return make_user("services", roles.MEMBERS_SERVICES)


@pytest.fixture
def monitoring_officer(make_user):
    return make_user("monitoring", roles.MONITORING_OFFICER)


@pytest.fixture
def administrator(make_user):
    return make_user("administrator", roles.ADMINISTRATOR)


@pytest.fixture
def councillor_client(client, councillor):
    return sign_in(client, councillor)


@pytest.fixture
def services_client(client, members_services):
    return sign_in(client, members_services)
