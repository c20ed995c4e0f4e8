"""The protocol in force: the ProtocolVersion rows and the checker's packs behind them.

The web layer picks the pack (the version in force on a draft's ``sent_at``, or now) and
the checker takes it. Each version's pack and checker are loaded once per process and
kept by the version and a fingerprint of its files, so no request parses YAML again.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import threading
from collections import OrderedDict
from dataclasses import replace
from datetime import date, datetime
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from councilguard.checker import Checker, load_protocol
from councilguard.checker.protocol import PACKS_DIR, Protocol
from councilguard.packs import PackFiles, load_files, read_dir, write_dir

from .models import ProtocolVersion


@cache
def _shipped(pack_id: str) -> Protocol:
    """A pack shipped with the package (loaded once per process: it is read-only data)."""
    return load_protocol(pack_id)


def pack(pack_id: str) -> Protocol:
    """The pack of the version ``pack_id``: stored in the database, or shipped."""
    version = ProtocolVersion.objects.filter(pack_id=pack_id).select_related("decision__meeting__committee").first()
    if version is not None and version.files:
        return protocol_for(version)
    return _shipped(pack_id)


def files_of(version: ProtocolVersion) -> PackFiles:
    """The version's files as text (the shipped pack's, for a version stored without any)."""
    return dict(version.files) if version.files else read_dir(PACKS_DIR / version.pack_id)


def decision_text(version: ProtocolVersion) -> str:
    """The adopting decision as findings cite it ("Governance Committee, 18 July 2018: minute 8, decision 1")."""
    if version.decision_id:
        return str(version.decision)
    return ""


_LOCK = threading.Lock()
_PROTOCOLS: dict[tuple[int, str, str], Protocol] = {}
_CHECKERS: dict[tuple[int, str, str], Checker] = {}
# The checker in force on a day, under the register's stamp it was found at (checker_on):
# a day's entry is a reference to a checker in _CHECKERS, so a few hundred cost little.
IN_FORCE_CACHE_SIZE = 400
_IN_FORCE: OrderedDict[tuple[str, date], Checker] = OrderedDict()


def _key(version: ProtocolVersion) -> tuple[int, str, str]:
    return (version.pk, version.digest() if version.files else version.pack_id, decision_text(version))


def protocol_for(version: ProtocolVersion) -> Protocol:
    """The version's pack, naming the version and its decision (cached per version and files)."""
    key = _key(version)
    with _LOCK:
        found = _PROTOCOLS.get(key)
    if found is not None:
        return found
    adopted_by = decision_text(version)
    if version.files:
        # Validated (patterns included) when it was stored; loaded again as it stands.
        protocol = load_files(version.files, version=version.pack_id, adopted_by=adopted_by, check_patterns=False)
    else:
        protocol = replace(_shipped(version.pack_id), version=version.pack_id)
        if adopted_by:
            protocol.adopted_by = adopted_by
    with _LOCK:
        # Drop what an earlier state of this version left (a draft edited since).
        for old in [k for k in _PROTOCOLS if k[0] == version.pk and k != key]:
            _PROTOCOLS.pop(old, None)
            _CHECKERS.pop(old, None)
        return _PROTOCOLS.setdefault(key, protocol)


def checker_for(version: ProtocolVersion) -> Checker:
    key = _key(version)
    with _LOCK:
        found = _CHECKERS.get(key)
    if found is not None:
        return found
    checker = Checker(protocol_for(version))
    with _LOCK:
        return _CHECKERS.setdefault(key, checker)


def _day(when: date | datetime | None) -> date:
    if when is None:
        return timezone.localdate()
    if isinstance(when, datetime):
        return timezone.localtime(when).date() if timezone.is_aware(when) else when.date()
    return when


def checker_on(when: date | datetime | None = None, *, stamp: str | None = None) -> Checker:
    """The checker for the version in force at ``when`` (a draft's ``sent_at``; now when None).

    ``stamp``: the register's stamp as the caller read it (the API reads it with the token).
    Every change to a protocol version, or to the register's decisions the findings cite,
    gives a new stamp, so the day's checker is kept under it and found again without the
    two queries that find the version in force and its decision."""
    day = _day(when)
    if stamp is None:
        return _checker_on_day(day)
    key = (stamp, day)
    with _LOCK:
        found = _IN_FORCE.get(key)
        if found is not None:
            _IN_FORCE.move_to_end(key)
            return found
    # Read after the stamp: what is kept is never older than the stamp it is kept under.
    checker = _checker_on_day(day)
    with _LOCK:
        _IN_FORCE[key] = checker
        while len(_IN_FORCE) > IN_FORCE_CACHE_SIZE:
            _IN_FORCE.popitem(last=False)
    return checker


def _checker_on_day(day: date) -> Checker:
    version = version_in_force_on(day)
    if version is None:
        return Checker(_shipped(settings.COUNCILGUARD_PROTOCOL))
    return checker_for(version)


def _adopted():  # noqa: ANN202 - a QuerySet
    return ProtocolVersion.objects.filter(status=ProtocolVersion.Status.ADOPTED)


def version_in_force() -> ProtocolVersion | None:
    """The version in force today; on a fresh database, the configured pack is recorded as in force."""
    return version_in_force_on(timezone.localdate())


def version_in_force_on(day: date) -> ProtocolVersion | None:
    """The version the checker cites for a draft of ``day``: the latest adopted version
    in force by then (for a day before any, the earliest; else the one marked in force)."""
    dated = _adopted().filter(in_force_from__isnull=False).select_related("decision__meeting__committee")
    found = dated.filter(in_force_from__lte=day).order_by("-in_force_from", "-pk").first()
    if found is not None:
        return found
    version = ProtocolVersion.objects.filter(in_force=True).first() or dated.order_by("in_force_from").first()
    if version is None and not ProtocolVersion.objects.exists():
        version = record_pack(settings.COUNCILGUARD_PROTOCOL, in_force=True)
    return version


def pack_in_force() -> Protocol:
    version = version_in_force()
    return protocol_for(version) if version else _shipped(settings.COUNCILGUARD_PROTOCOL)


def materialise(version: ProtocolVersion) -> Path:
    """The version's pack as a directory under ``var/packs`` (for archive scans, whose
    worker processes load packs by path), written once per state of its files."""
    files = export_files(version)
    digest = hashlib.sha256(json.dumps(files, sort_keys=True).encode()).hexdigest()[:16]
    root = Path(settings.VAR_DIR) / "packs" / f"{version.pack_id}-{digest}"
    if not (root / "protocol.yaml").exists():
        # Written beside, then renamed: a worker never reads a half-written pack.
        partial = root.with_name(f".{root.name}-{os.getpid()}-{threading.get_ident()}")
        write_dir(files, partial)
        try:
            partial.rename(root)
        except OSError:  # another process wrote it first: theirs is the same
            shutil.rmtree(partial, ignore_errors=True)
    return root


def export_files(version: ProtocolVersion) -> PackFiles:
    """The files a download of the version holds: its own, with its ``adopted`` block
    naming the decision that adopted it, so the pack cites it wherever it is used."""
    from councilguard.packs.edit import set_adoption

    files = files_of(version)
    if version.status == ProtocolVersion.Status.ADOPTED and version.decision_id:
        decision = version.decision
        files = set_adoption(
            files,
            body=decision.meeting.committee.name,
            day=decision.meeting.start.date(),
            minute=decision.item.__str__() if decision.item_id else decision.minute,
            decision=decision.outcome,
            in_force_from=version.in_force_from,
            citation=decision_text(version),
        )
    return files


def record_pack(pack_id: str, in_force: bool = True) -> ProtocolVersion:
    """Create or refresh the ProtocolVersion for a pack from its ``adopted`` block."""
    protocol = _shipped(pack_id)
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
