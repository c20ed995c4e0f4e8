"""A scan's settings: what to check and how. Shipped once to every worker, written
into the output folder's manifest, and compared on resume so that a resumed scan
never mixes results obtained under different settings."""

from __future__ import annotations

import fnmatch
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from ..checker.protocol import DEFAULT_PACK


class ScanUsageError(ValueError):
    """A scan that cannot run as asked: a domain error, in no interface's words.

    ``setting`` names what was asked, in the scan's own terms (one of SETTINGS); the
    message says what is wrong with it. Each interface words it for its user: the CLI
    with its option (``scan_cli.cli_wording``: "--map: …", exit 2), the web app with its
    form's labels (``casework.scan_jobs``)."""

    SETTINGS = (
        "archives", "format", "output", "social_account", "mapping", "rules", "since", "until", "dates",
        "engine", "processes", "address",
    )  # fmt: skip

    def __init__(self, setting: str, message: str):
        if setting not in self.SETTINGS:
            raise ValueError(f"unknown scan setting {setting!r}")
        super().__init__(message)
        self.setting = setting
        self.message = message


def parse_day_or_time(value: str, setting: str = "since", *, end_of_day: bool = False) -> datetime:
    """``2024-05-01`` or a full ISO 8601 date-time; a bare date for ``until`` includes that day."""
    text = value.strip()
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            moment = datetime.combine(day, time.min, tzinfo=UTC)
            return moment + timedelta(days=1) - timedelta(microseconds=1) if end_of_day else moment
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ScanUsageError(setting, f"{value!r} is not a date (YYYY-MM-DD) or ISO 8601 date-time") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class ScanFilters:
    """Which messages to check. Senders match an address exactly, a whole domain
    (``havering.gov.uk`` or ``@havering.gov.uk``), or a pattern (``cllr.*@havering.gov.uk``)."""

    since: datetime | None = None
    until: datetime | None = None
    senders: tuple[str, ...] = ()
    rules: tuple[str, ...] | None = None
    # With ``senders`` set, a message that names no sender at all (a post in a Facebook
    # download, which holds only the account holder's own posts) is kept when this is
    # true, and left out otherwise.
    keep_without_sender: bool = False

    def sender_matches(self, sender: str) -> bool:
        if not self.senders:
            return True
        address = sender.strip().lower()
        domain = address.rsplit("@", 1)[-1]
        for pattern in self.senders:
            wanted = pattern.strip().lower()
            if any(c in wanted for c in "*?["):
                if fnmatch.fnmatchcase(address, wanted):
                    return True
            elif wanted.startswith("@"):
                if domain == wanted[1:] or domain.endswith("." + wanted[1:]):
                    return True
            elif "@" in wanted:
                if address == wanted:
                    return True
            elif domain == wanted or domain.endswith("." + wanted) or address == wanted:
                return True
        return False

    def why_filtered(self, sender: str, sent_at: str | None) -> str | None:
        """None when the message passes, else which filter left it out."""
        unattributed = self.keep_without_sender and not sender.strip()
        if self.senders and not self.sender_matches(sender) and not unattributed:
            return "from another sender"
        if self.since or self.until:
            if not sent_at:
                return "no date to filter by"
            moment = datetime.fromisoformat(sent_at)
            if self.since and moment < self.since:
                return "sent before the start date"
            if self.until and moment > self.until:
                return "sent after the end date"
        return None

    def describe(self) -> dict[str, Any]:
        return {
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "senders": list(self.senders),
            "rules": None if self.rules is None else list(self.rules),
            # Only when set, so scans recorded before the option resume as they were.
            **({"keep_without_sender": True} if self.keep_without_sender else {}),
        }


@dataclass(frozen=True)
class ScanSettings:
    protocol: str = DEFAULT_PACK
    filters: ScanFilters = field(default_factory=ScanFilters)
    social_account: str = "personal"
    author: str | None = None
    mapping: tuple[tuple[str, str], ...] = ()
    # (in force from, pack directory): the protocol versions by date, so each message is
    # checked against the version in force when it was sent (packs.timeline).
    timeline: tuple[tuple[str, str], ...] = ()

    def describe(self) -> dict[str, Any]:
        """What decides the results: compared on resume."""
        out = asdict(self)
        out["filters"] = self.filters.describe()
        out["mapping"] = dict(self.mapping)
        # Only when set, so scans recorded before versions by date resume as they were.
        if self.timeline:
            out["timeline"] = [list(entry) for entry in self.timeline]
        else:
            out.pop("timeline")
        return out
