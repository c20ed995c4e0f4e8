"""What the register adds to a draft before the checker reads it.

The member never types the context the checker needs (committees, meetings they are
attending, their bio, whether a pre-election period is on): the register knows it, so
it arrives here as a ``MemberContext``, and ``fill_context`` adds it to the Draft dict
that the check form (``web/checks/forms.py``) or an API caller gave.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


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
