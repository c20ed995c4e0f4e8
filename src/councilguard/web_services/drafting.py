"""From a form submission and the register to a Draft the checker accepts.

The member never types the context the checker needs (committees, meetings they are
attending, their bio, whether a pre-election period is on): the register knows it, so
it arrives here as a ``MemberContext``. The form gives only what the member decides:
the text, the channel, the account, the platform and the e-mail's particulars.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..checker.draft import ACCOUNTS, CHANNELS, MAX_TEXT_CHARS, PLATFORMS

# Addresses are split on commas, semicolons and whitespace: the ways people paste them.
_ADDRESS_SPLIT = re.compile(r"[,;\s]+")
# One attachment name or image source per line; a form is not the place for hundreds.
MAX_LIST_ITEMS = 50


class FormError(ValueError):
    """A form field the member must correct; ``field`` is the form field's name."""

    def __init__(self, field_name: str, problem: str):
        self.field = field_name
        self.problem = problem
        super().__init__(f"{field_name}: {problem}")


@dataclass(frozen=True)
class MemberContext:
    """What the register says about the author at the time the draft goes out."""

    author: str | None = None
    council_email: str = ""
    committees: tuple[str, ...] = ()
    meetings_attending: tuple[dict[str, str], ...] = ()
    bios: dict[str, str] = field(default_factory=dict)  # platform -> that account's bio
    bio: str = ""  # used when the platform has no bio of its own
    pre_election: bool = False
    roles: tuple[str, ...] = ()

    def bio_for(self, platform: str | None) -> str:
        if platform and self.bios.get(platform):
            return self.bios[platform]
        return self.bio


def _choice(fields: dict[str, Any], name: str, allowed: tuple[str, ...], default: str | None) -> Any:
    value = (fields.get(name) or "").strip()
    if not value:
        return default
    if value not in allowed:
        raise FormError(name, f"choose one of: {', '.join(allowed)}")
    return value


def _lines(fields: dict[str, Any], name: str) -> list[str]:
    items = [line.strip() for line in str(fields.get(name) or "").splitlines() if line.strip()]
    if len(items) > MAX_LIST_ITEMS:
        raise FormError(name, f"give at most {MAX_LIST_ITEMS}, one a line")
    return items


def _addresses(fields: dict[str, Any], name: str) -> list[str]:
    items = [a for a in _ADDRESS_SPLIT.split(str(fields.get(name) or "")) if a]
    for address in items:
        if "@" not in address:
            raise FormError(name, f"{address!r} is not an e-mail address")
    if len(items) > MAX_LIST_ITEMS:
        raise FormError(name, f"give at most {MAX_LIST_ITEMS} addresses")
    return items


def _flag(fields: dict[str, Any], name: str) -> bool:
    return str(fields.get(name) or "").lower() in ("1", "on", "true", "yes")


def draft_from_form(fields: dict[str, Any], context: MemberContext, sent_at: datetime | None = None) -> dict[str, Any]:
    """A Draft dict (the contract's shape) from the check form's fields and the register.

    Raises FormError naming the form field for anything the member must correct; the
    checker's own validation (``Draft.from_dict``) still runs on the result.
    """
    text = str(fields.get("text") or "")
    if not text.strip():
        raise FormError("text", "Enter the text of your e-mail or post")
    if len(text) > MAX_TEXT_CHARS:
        raise FormError("text", f"The text must be {MAX_TEXT_CHARS:,} characters or fewer")
    channel = _choice(fields, "channel", CHANNELS, None)
    if channel is None:
        raise FormError("channel", "Select whether this is an e-mail or a social media post")
    default_account = "council" if channel == "email" else "personal"
    account = _choice(fields, "account", ACCOUNTS, default_account)
    draft: dict[str, Any] = {"text": text, "channel": channel, "account": account}
    if channel == "social":
        draft["platform"] = _choice(fields, "platform", PLATFORMS, "other")
        draft["bio"] = context.bio_for(draft["platform"])
    else:
        draft["subject"] = str(fields.get("subject") or "").strip()
        draft["recipients"] = {
            "to": _addresses(fields, "to"),
            "cc": _addresses(fields, "cc"),
            "bcc": _addresses(fields, "bcc"),
        }
        sender = str(fields.get("sender") or "").strip()
        if not sender and account == "council":
            sender = context.council_email
        if sender:
            if "@" not in sender:
                raise FormError("sender", f"{sender!r} is not an e-mail address")
            draft["sender"] = sender
        draft["reply_all"] = _flag(fields, "reply_all")
        draft["forwarded"] = _flag(fields, "forwarded")
    attachments = _lines(fields, "attachments")
    if attachments:
        draft["attachments"] = [{"name": name} for name in attachments]
    images = _lines(fields, "images")
    if images:
        draft["images"] = [{"source": source} for source in images]
    if sent_at is not None:
        draft["sent_at"] = sent_at.isoformat()
    return fill_context(draft, context)


def fill_context(draft: dict[str, Any], context: MemberContext) -> dict[str, Any]:
    """Add what the register knows to a Draft dict, never overriding what the caller gave.

    The API uses this for drafts sent with a token: a caller who states ``committees``
    (even an empty list) is taken at their word; one who leaves it out gets the register's.
    """
    out = dict(draft)
    if context.author and "author" not in out:
        out["author"] = context.author
    if "committees" not in out:
        out["committees"] = list(context.committees)
    if "meetings_attending" not in out:
        out["meetings_attending"] = [dict(m) for m in context.meetings_attending]
    if out.get("pre_election") is None:  # null is "not known": worked out, as when left out
        out["pre_election"] = context.pre_election
    if "roles" not in out and context.roles:
        out["roles"] = list(context.roles)
    if "bio" not in out and out.get("channel", "social") == "social":
        platform = out.get("platform") if isinstance(out.get("platform"), str) else None
        bio = context.bio_for(platform)
        if bio:
            out["bio"] = bio
    if (
        "sender" not in out
        and out.get("channel") == "email"
        and out.get("account", "council") == "council"
        and context.council_email
    ):
        out["sender"] = context.council_email
    return out
