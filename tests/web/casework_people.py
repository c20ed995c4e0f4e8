"""People, settings and files for the casework tests (public complaints, abuse, moderation).

Imported with ``from .casework_people import *``; built on conftest's ``make_user``.
"""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from councilguard.web import roles

__all__ = ["casework_settings", "group_leader", "ict", "png", "everyone"]


@pytest.fixture(autouse=True)
def casework_settings(settings, tmp_path):
    settings.COUNCILGUARD_CASEWORK_DIR = tmp_path / "casework"
    settings.COUNCILGUARD_COMPLAINTS_DIR = tmp_path / "complaints"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.COUNCILGUARD_PUBLIC_FORM_MIN_SECONDS = 0
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from django.core.cache import cache

    cache.clear()
    return settings


def png(name: str = "screenshot.png", size: tuple[int, int] = (40, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def group_leader(make_user):
    """The Labour Group's leader (the test councillor's group)."""
    return make_user(
        "leader", roles.COUNCILLOR, roles.GROUP_LEADER, group="Labour Group", email="leader@havering.gov.uk"
    )


@pytest.fixture
def ict(make_user):
    return make_user("ict", roles.ICT_SERVICE_DESK)


@pytest.fixture
def everyone(councillor, other_councillor, group_leader, monitoring_officer, members_services, ict, administrator):
    """Every role the permission matrix covers (the anonymous outsider is None)."""
    members_services.email = "services@havering.gov.uk"
    members_services.save()
    monitoring_officer.email = "mo@havering.gov.uk"
    monitoring_officer.save()
    return {
        "councillor": councillor,
        "other councillor": other_councillor,
        "group leader": group_leader,
        "Monitoring Officer": monitoring_officer,
        "Members' Services": members_services,
        "ICT Service Desk": ict,
        "administrator": administrator,
        "outsider": None,
    }
