"""People, a complaint and scan settings for the complaints tests.

Imported by the test modules with ``from .complaint_people import *``; pytest then finds
the fixtures in each module's namespace. Built on tests/web/conftest.py's ``make_user``
and ``sign_in``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.test import Client

from councilguard.web.casework.complaint_models import Complaint

from .conftest import sign_in

__all__ = [
    "ARCHIVES", "admin_client", "complaint", "complaint_settings", "mo_client",
    "signed_in_as",
]  # fmt: skip

ARCHIVES = Path(__file__).resolve().parents[1] / "data" / "archives"


@pytest.fixture(autouse=True)
def complaint_settings(settings, tmp_path):
    """Uploads and reports in the test's own folder; a queued scan runs at once (django-tasks'
    immediate backend), on one process, so a test sees the finished scan."""
    settings.COUNCILGUARD_COMPLAINTS_DIR = tmp_path / "complaints"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.COUNCILGUARD_SCAN_PROCESSES = 1
    return settings


def signed_in_as(user, **client_options) -> Client:  # noqa: ANN001
    return sign_in(Client(**client_options), user)


@pytest.fixture
def mo_client(monitoring_officer) -> Client:
    return signed_in_as(monitoring_officer)


@pytest.fixture
def admin_client(administrator) -> Client:
    return signed_in_as(administrator)


@pytest.fixture
def complaint(councillor, monitoring_officer) -> Complaint:
    """A complaint about ``councillor`` (Councillor Example, Labour Group)."""
    return Complaint.objects.create(
        complainant_name="Pat Resident",
        complainant_contact="pat@example.org",
        member=councillor.member,
        received_on=date(2026, 5, 2),
        summary="The councillor sent election material from the council e-mail account.",
        created_by=monitoring_officer,
    )
