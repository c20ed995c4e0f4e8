"""E-mail for the Service Desk, through Django's e-mail backend (the console unless SMTP is set)."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

from .. import roles


def link(name: str, *args: object) -> str:
    """A page's full address for an e-mail (COUNCILGUARD_SITE_URL in front of the path)."""
    return settings.COUNCILGUARD_SITE_URL.rstrip("/") + reverse(name, args=args)


def service_desk() -> list[str]:
    return [settings.COUNCILGUARD_SERVICE_DESK_EMAIL]


def member_address(member) -> list[str]:  # noqa: ANN001
    address = member.council_email or (member.user.email if member.user_id else "")
    return [address] if address else []


def monitoring_officers() -> list[str]:
    users = get_user_model().objects.filter(groups__name=roles.MONITORING_OFFICER, is_active=True).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def send(subject: str, body: str, to: list[str]) -> list[str]:
    """Send one message to ``to`` (duplicates and blanks dropped); returns who it went to."""
    recipients = sorted({a for a in to if a})
    if recipients:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=False)
    return recipients


_state = threading.local()


@contextlib.contextmanager
def silenced() -> Iterator[None]:
    """No e-mail for changes made inside (the demo data: nobody should be mailed for it)."""
    _state.silent = True
    try:
        yield
    finally:
        _state.silent = False


def after_commit(send_it: Callable[[], object]) -> None:
    """Send once the change is committed (never for a change that rolled back)."""
    if not getattr(_state, "silent", False):
        transaction.on_commit(send_it)
