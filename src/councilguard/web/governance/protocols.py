"""The protocol in force: the ProtocolVersion row and the checker's pack behind it."""

from __future__ import annotations

from datetime import date
from functools import cache

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from councilguard.checker import load_protocol
from councilguard.checker.protocol import Protocol

from .models import ProtocolVersion


@cache
def pack(pack_id: str) -> Protocol:
    """The checker's protocol pack (loaded once per process: it is read-only data)."""
    return load_protocol(pack_id)


def version_in_force() -> ProtocolVersion | None:
    """The version in force; on a fresh database, the configured pack is recorded as in force."""
    version = ProtocolVersion.objects.filter(in_force=True).first()
    if version is None and not ProtocolVersion.objects.exists():
        version = record_pack(settings.COUNCILGUARD_PROTOCOL, in_force=True)
    return version


def version_in_force_on(day: date) -> ProtocolVersion | None:
    """The version the checker cites for a draft of ``day``: the latest in force by then."""
    dated = ProtocolVersion.objects.filter(in_force_from__isnull=False, in_force_from__lte=day)
    return dated.order_by("-in_force_from").first() or version_in_force()


def pack_in_force() -> Protocol:
    version = version_in_force()
    return pack(version.pack_id if version else settings.COUNCILGUARD_PROTOCOL)


def record_pack(pack_id: str, in_force: bool = True) -> ProtocolVersion:
    """Create or refresh the ProtocolVersion for a pack from its ``adopted`` block."""
    protocol = pack(pack_id)
    adopted = protocol.adopted or {}
    adopted_on = adopted.get("date")
    if isinstance(adopted_on, str):
        adopted_on = timezone.datetime.fromisoformat(adopted_on).date()
    with transaction.atomic():
        if in_force:
            ProtocolVersion.objects.filter(in_force=True).exclude(pack_id=protocol.id).update(in_force=False)
        version, _ = ProtocolVersion.objects.update_or_create(
            pack_id=protocol.id,
            defaults={
                "title": protocol.title[:300],
                "adopted_on": adopted_on or timezone.localdate(),
                "adopted_by": str(adopted.get("body", ""))[:200],
                "minute": str(adopted.get("minute", ""))[:200],
                "in_force": in_force,
                "in_force_from": adopted_on if in_force else None,
            },
        )
    return version
