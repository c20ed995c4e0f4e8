"""Lock a user name after repeated failed sign-ins.

``SIGN_IN_FAILURE_LIMIT`` failures within ``SIGN_IN_LOCKOUT_MINUTES`` lock the name until
the oldest of them falls out of the window; a successful sign-in clears the count. The
lock is per user name (not per address) so a guesser cannot dodge it by changing address.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from .models import FailedSignIn


def _key(username: str) -> str:
    return (username or "").strip().lower()[:150]


def _window_start(now: datetime) -> datetime:
    return now - timedelta(minutes=settings.SIGN_IN_LOCKOUT_MINUTES)


def locked_until(username: str, now: datetime | None = None) -> datetime | None:
    """When the lock on ``username`` ends, or None if it is not locked."""
    now = now or timezone.now()
    recent = list(
        FailedSignIn.objects.filter(username=_key(username), at__gte=_window_start(now))
        .order_by("-at")
        .values_list("at", flat=True)[: settings.SIGN_IN_FAILURE_LIMIT]
    )
    if len(recent) < settings.SIGN_IN_FAILURE_LIMIT:
        return None
    # Locked until the oldest of the last LIMIT failures leaves the window.
    return recent[-1] + timedelta(minutes=settings.SIGN_IN_LOCKOUT_MINUTES)


def record_failure(username: str, ip_address: str | None) -> None:
    FailedSignIn.objects.create(username=_key(username), ip_address=ip_address or None)
    # Old rows say nothing about a current lock; dropping them keeps the table small.
    FailedSignIn.objects.filter(at__lt=_window_start(timezone.now()) - timedelta(days=1)).delete()


def clear_failures(username: str) -> None:
    FailedSignIn.objects.filter(username=_key(username)).delete()
