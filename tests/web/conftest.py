"""Fixtures for the web app's tests: the personas of ``tests/personas.py``, signed in or not.

Each persona is a fixture of its own name (``councillor``, ``monitoring_officer``, ...) and
has a signed-in client beside it (``councillor_client``, ``officer_client``, ...); officers'
clients have passed two-factor sign-in. ``sign_in(client, user)`` signs anyone else in.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from councilguard.web import roles

from .. import personas
from ..accounts.factories import UserFactory
from ..casework.factories import ComplaintFactory
from ..personas import PASSWORD, sign_in
from ..register.factories import MeetingFactory, MemberFactory, PoliticalGroupFactory

__all__ = ["ARCHIVES", "PASSWORD", "png", "sign_in"]

ARCHIVES = Path(__file__).resolve().parents[1] / "data" / "archives"


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


# --- The personas ------------------------------------------------------------------------


@pytest.fixture
def councillor(db):
    return personas.councillor()


@pytest.fixture
def other_councillor(db):
    return personas.other_councillor()


@pytest.fixture
def group_leader(db):
    return personas.group_leader()


@pytest.fixture
def monitoring_officer(db):
    return personas.monitoring_officer()


@pytest.fixture
def members_services(db):
    return personas.members_services()


@pytest.fixture
def ict_officer(db):
    return personas.ict_service_desk()


@pytest.fixture
def ict(ict_officer):
    return ict_officer


@pytest.fixture
def administrator(db):
    return personas.administrator()


@pytest.fixture
def outsider(db):
    return personas.outsider()


@pytest.fixture
def everyone(db):
    """Every persona by the name the permission tables use (see ``personas.PERSONAS``)."""
    return {name: build() for name, build in personas.PERSONAS.items()}


# --- Signed in -----------------------------------------------------------------------------


@pytest.fixture
def councillor_client(councillor):
    return sign_in(Client(), councillor)


@pytest.fixture
def other_client(other_councillor):
    return sign_in(Client(), other_councillor)


@pytest.fixture
def leader_client(group_leader):
    return sign_in(Client(), group_leader)


@pytest.fixture
def officer_client(monitoring_officer):
    return sign_in(Client(), monitoring_officer)


@pytest.fixture
def mo_client(officer_client):
    return officer_client


@pytest.fixture
def services_client(members_services):
    return sign_in(Client(), members_services)


@pytest.fixture
def ict_client(ict_officer):
    return sign_in(Client(), ict_officer)


@pytest.fixture
def admin_client(administrator):
    return sign_in(Client(), administrator)


@pytest.fixture
def outsider_client(outsider):
    return sign_in(Client(), outsider)


# --- More people, records and settings ---------------------------------------------------


@pytest.fixture
def make_user(db) -> Callable:
    """``make_user("name", roles.COUNCILLOR, ...)``: one more person beyond the personas, with
    PASSWORD; a councillor also gets a register entry in ``group`` (Labour Group by default)."""

    def make(username: str, *role_names: str, group: str = "Labour Group", **extra):
        user = UserFactory(username=username, roles=role_names, **extra)
        if roles.COUNCILLOR in role_names:
            MemberFactory(user=user, full_name=f"{username.title()} Example", group=PoliticalGroupFactory(name=group))
        return user

    return make


@pytest.fixture
def meeting_now(councillor):
    """A Planning Committee meeting under way now, which the councillor sits on."""
    return MeetingFactory()


@pytest.fixture
def complaint(councillor, monitoring_officer):
    """A complaint about ``councillor`` (Anna Webb, Labour Group), logged by the Monitoring Officer."""
    return ComplaintFactory(member=councillor.member, received_on=date(2026, 5, 2), created_by=monitoring_officer)


@pytest.fixture
def casework_settings(settings, tmp_path):
    """Casework files in the test's own folder, queued tasks run at once (django-tasks'
    immediate backend: a scan is finished before the view returns, on one process), the
    public form's minimum filling time off, and the rate limits reset."""
    from django.core.cache import cache

    settings.COUNCILGUARD_CASEWORK_DIR = tmp_path / "casework"
    settings.COUNCILGUARD_COMPLAINTS_DIR = tmp_path / "complaints"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.COUNCILGUARD_SCAN_PROCESSES = 1
    settings.COUNCILGUARD_PUBLIC_FORM_MIN_SECONDS = 0
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    cache.clear()
    return settings


@pytest.fixture
def complaint_settings(casework_settings):
    return casework_settings


def png(name: str = "screenshot.png", size: tuple[int, int] = (40, 30)) -> SimpleUploadedFile:
    """A small real PNG, as a screenshot upload."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")
