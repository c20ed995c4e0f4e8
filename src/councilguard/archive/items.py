"""What flows through a scan: raw items cut from an archive, the messages parsed from
them, and the reasons a message could not be checked.

An importer works in two halves. ``split`` runs in the scan's main process and only
cuts the archive into raw items (bytes of one e-mail, one tweet's JSON object), which is
cheap and keeps memory flat. ``parse`` runs in the workers (local processes or Ray
actors) and turns one raw item into a checker draft, so the costly MIME parsing is
spread over every core, and a cluster worker never needs the archive's file system.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..checker.protocol import Protocol


@dataclass
class RawItem:
    """One message as cut from its archive, not yet parsed."""

    key: str  # stable across runs of the same archive: the journal's resume key
    archive: str  # the archive's path, as the user gave it resolved to absolute
    format: str
    locator: str  # where in the archive, for a reader: "byte 1234", "cur/17.eml", "tweet 99"
    payload: Any  # bytes of an e-mail, or a dict (a tweet, a post, a CSV row)
    size: int = 0
    # Context shared by the archive's messages (an X account's handle and bio).
    context: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    seq: int = 0  # position in the whole scan's stream, for a stable report order


@dataclass
class Skipped:
    """Something in an archive that is not a message the checker can read."""

    key: str
    archive: str
    format: str
    locator: str
    reason: str
    seq: int = 0


@dataclass
class ParsedMessage:
    """A checker draft (a dict per the contract) plus what the report needs to trace it."""

    draft: dict[str, Any]
    message_id: str = ""
    from_name: str = ""
    notes: list[str] = field(default_factory=list)


class SkipMessage(Exception):
    """Raised by a ``parse`` that cannot make a draft; the message says why."""


@dataclass
class ParseContext:
    """What every parser may need: the protocol pack (whose e-mail domains tell a
    council address from a personal one) and the scan's settings."""

    protocol: Protocol | None = None
    social_account: str = "personal"
    author: str | None = None
    mapping: dict[str, str] = field(default_factory=dict)  # draft field -> column (CSV/JSONL)

    def account_for(self, sender: str) -> str:
        """The contract's ``account`` of an e-mail, from its sender's domain."""
        if sender and self.protocol is not None and self.protocol.is_council_address(sender):
            return "council"
        return "personal"
