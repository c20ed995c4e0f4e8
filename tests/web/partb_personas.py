"""People for the check, casework and API tests: a councillor with a register entry, a
second councillor, the Monitoring Officer (past two-factor sign-in), an ICT Service
Desk officer, and an outsider with a sign-in but no role.

Imported by the test modules with ``from .partb_personas import *``; pytest then finds
the fixtures in each module's namespace.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from councilguard.web import roles
from councilguard.web.register.models import (
    Committee,
    CommitteeMembership,
    Meeting,
    Member,
    SocialAccount,
)

__all__ = [
    "councillor", "councillor_client", "ict_officer", "ict_client", "meeting_now",
    "monitoring_officer", "officer_client", "other_councillor", "other_client", "outsider",
    "outsider_client", "signed_in",
]  # fmt: skip

PASSWORD = "Plum-Orchard-47-Lantern"


def _make_user(username: str, *role_names: str, email: str = "") -> object:
    user = get_user_model().objects.create_user(
        username=username,
        password=PASSWORD,
        email=email or f"{username}@example.org",
        first_name=username.title(),
    )
    for name in role_names:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    return user


def _member(user, full_name: str, email: str) -> Member:  # noqa: ANN001
    member = Member.objects.create(user=user, full_name=full_name, council_email=email)
    planning, _ = Committee.objects.get_or_create(name="Planning Committee")
    CommitteeMembership.objects.create(member=member, committee=planning)
    SocialAccount.objects.create(
        member=member,
        platform="twitter",
        kind="personal",
        handle=f"@{user.username}",
        bio="Dad, runner, Spurs fan.",
    )
    return member


def signed_in(user, verified_device: TOTPDevice | None = None, **client_options) -> Client:  # noqa: ANN001
    client = Client(**client_options)
    client.force_login(user)
    if verified_device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = verified_device.persistent_id
        session.save()
    return client


@pytest.fixture
def councillor(db):
    user = _make_user("anna", roles.COUNCILLOR, email="anna.webb@example.org")
    _member(user, "Anna Webb", "cllr.anna.webb@havering.gov.uk")
    return user


@pytest.fixture
def other_councillor(db):
    user = _make_user("bob", roles.COUNCILLOR, email="bob.okafor@example.org")
    _member(user, "Bob Okafor", "cllr.bob.okafor@havering.gov.uk")
    return user


@pytest.fixture
def monitoring_officer(db):
    return _make_user("mo", roles.MONITORING_OFFICER, email="monitoring.officer@havering.gov.uk")


@pytest.fixture
def ict_officer(db):
    return _make_user("ict", roles.ICT_SERVICE_DESK)


@pytest.fixture
def outsider(db):
    return _make_user("stranger")


@pytest.fixture
def councillor_client(councillor):
    return signed_in(councillor)


@pytest.fixture
def other_client(other_councillor):
    return signed_in(other_councillor)


def _verified(user) -> Client:  # noqa: ANN001
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return signed_in(user, device)


@pytest.fixture
def officer_client(monitoring_officer):
    return _verified(monitoring_officer)


@pytest.fixture
def ict_client(ict_officer):
    return _verified(ict_officer)


@pytest.fixture
def outsider_client(outsider):
    return signed_in(outsider)


@pytest.fixture
def meeting_now(councillor):
    """A Planning Committee meeting under way now, which the councillor sits on."""
    now = timezone.now()
    return Meeting.objects.create(
        committee=Committee.objects.get(name="Planning Committee"),
        start=now - timedelta(minutes=30),
        end=now + timedelta(hours=2),
    )
