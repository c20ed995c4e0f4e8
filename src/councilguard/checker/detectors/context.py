"""Detector type ``context``: what the draft's fields say, not its words.

params: ``check`` names one of the checks below; the rest are that check's options.
Each check is a small function of the draft; rules choose one and set its options.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, time
from typing import Any
from urllib.parse import urlparse

from ..text import Analysis
from . import matching
from .base import Hit, check_keys

Check = Callable[[Analysis, dict[str, Any]], list[Hit]]
CHECKS: dict[str, tuple[Check, set[str]]] = {}


def check(name: str, options: set[str] | None = None) -> Callable[[Check], Check]:
    def register(fn: Check) -> Check:
        CHECKS[name] = (fn, set(options or ()))
        return fn

    return register


def validate(params: dict[str, Any]) -> list[str]:
    name = params.get("check")
    if name not in CHECKS:
        return [f"check must be one of {', '.join(sorted(CHECKS))}"]
    return check_keys(params, {"check", "confidence", *CHECKS[name][1]})


def detect(analysis: Analysis, params: dict[str, Any]) -> list[Hit]:
    fn, _ = CHECKS[params["check"]]
    hits = fn(analysis, params)
    if "confidence" in params:
        for hit in hits:
            hit.confidence = float(params["confidence"])
    return hits


# --- attachments --------------------------------------------------------------------

# Files that run code when opened: programs, scripts, and Office files with macros.
RISKY_EXTENSIONS = {
    "exe", "com", "scr", "pif", "bat", "cmd", "msi", "msp", "dll", "cpl", "jar", "js", "jse",
    "vbs", "vbe", "wsf", "wsh", "ps1", "psm1", "hta", "lnk", "reg", "iso", "img", "vhd",
    "docm", "dotm", "xlsm", "xltm", "xlam", "pptm", "potm", "ppam", "ppsm", "sldm", "apk",
    "app", "dmg", "sh", "py", "chm", "application", "gadget", "msc", "inf", "url",
}  # fmt: skip
RISKY_CONTENT_TYPES = re.compile(
    r"macroenabled|x-msdownload|x-msdos-program|x-ms-installer|x-sh\b|javascript|x-vbscript|java-archive|x-executable"
)
DOCUMENT_EXTENSIONS = {"pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "jpg", "jpeg", "png", "gif", "txt", "zip", "rtf", "csv"}


@check("risky_attachments")
def risky_attachments(analysis: Analysis, params: dict[str, Any]) -> list[Hit]:
    risky = []
    for attachment in analysis.draft.attachments:
        name = attachment.name.strip().lower().rstrip(". ")
        parts = name.rsplit("/", 1)[-1].split(".")
        ext = parts[-1] if len(parts) > 1 else ""
        # "invoice.pdf.exe": a document's extension hiding the real one.
        double = len(parts) > 2 and parts[-2] in DOCUMENT_EXTENSIONS and ext not in DOCUMENT_EXTENSIONS
        if ext in RISKY_EXTENSIONS or double or RISKY_CONTENT_TYPES.search(attachment.content_type.lower()):
            risky.append(attachment.name)
    if not risky:
        return []
    return [Hit(confidence=0.99, evidence={"attachments": risky}, facts={"attachments": ", ".join(risky)})]


# --- images --------------------------------------------------------------------------

STOCK_AND_NEWS_DOMAINS = {
    "shutterstock.com", "gettyimages.com", "gettyimages.co.uk", "istockphoto.com", "alamy.com",
    "stock.adobe.com", "adobestock.com", "dreamstime.com", "depositphotos.com", "123rf.com",
    "bigstockphoto.com", "pond5.com", "agefotostock.com", "bbc.co.uk", "bbci.co.uk",
    "theguardian.com", "guim.co.uk", "dailymail.co.uk", "thetimes.co.uk", "telegraph.co.uk",
    "independent.co.uk", "mirror.co.uk", "thesun.co.uk", "standard.co.uk", "reuters.com",
    "apnews.com", "pa.media", "paimages.co.uk", "romfordrecorder.co.uk", "newsquest.co.uk",
    "reachplc.com", "skynews.com", "news.sky.com", "itv.com", "mylondon.news",
}  # fmt: skip
PERMISSION_WORDS = re.compile(r"licen[cs]ed|with permission|permission granted|courtesy of|©|\(c\)|creative commons|cc[ -]by|own photo|my own|taken by me|public domain", re.I)


def _domain(url: str) -> str:
    host = urlparse(url if "//" in url else "//" + url).hostname or ""
    return host.lower().removeprefix("www.")


@check("image_sources", {"domains"})
def image_sources(analysis: Analysis, params: dict[str, Any]) -> list[Hit]:
    domains = set(params.get("domains") or ()) | STOCK_AND_NEWS_DOMAINS
    flagged = []
    for image in analysis.draft.images:
        if image.source.startswith("upload:"):
            continue
        host = _domain(image.source)
        from_source = any(host == d or host.endswith("." + d) for d in domains)
        if from_source and not PERMISSION_WORDS.search(image.credit):
            flagged.append(host)
    if not flagged:
        return []
    return [Hit(confidence=0.85, evidence={"image_sources": sorted(set(flagged))}, facts={"sources": ", ".join(sorted(set(flagged)))})]


# --- time and meetings ----------------------------------------------------------------


@check("during_meeting", {"grace_minutes"})
def during_meeting(analysis: Analysis, params: dict[str, Any]) -> list[Hit]:
    sent = analysis.draft.sent_at
    if sent is None:
        return []
    for meeting in analysis.draft.meetings_attending:
        if _comparable(meeting.start, sent) <= sent <= _comparable(meeting.end, sent):
            return [Hit(confidence=0.95, facts={"meeting": meeting.name}, evidence={"meeting": meeting.name})]
    return []


def _comparable(moment: datetime, other: datetime) -> datetime:
    """Give a naive time the other's zone so a member's local times still compare."""
    if (moment.tzinfo is None) != (other.tzinfo is None):
        return moment.replace(tzinfo=other.tzinfo)
    return moment


@check("late_night", {"from", "until"})
def late_night(analysis: Analysis, params: dict[str, Any]) -> list[Hit]:
    sent = analysis.draft.sent_at
    if sent is None:
        return []
    start = time.fromisoformat(params.get("from", "23:30"))
    until = time.fromisoformat(params.get("until", "05:00"))
    local = sent.timetz().replace(tzinfo=None)
    if local >= start or local < until:
        return [Hit(confidence=0.6, facts={"time": sent.strftime("%H:%M")}, evidence={"sent_at": sent.isoformat()})]
    return []


# --- accounts, addresses, recipients ----------------------------------------------------


@check("writes_to_council")
def writes_to_council(analysis: Analysis, params: dict[str, Any]) -> list[Hit]:
    """An e-mail addressed to someone at the council (an officer, a team, members)."""
    protocol = analysis.protocol
    council = [a for a in analysis.draft.recipients.all() if protocol.is_council_address(a)]
    if not council:
        return []
    return [Hit(confidence=0.8, evidence={"council_recipients": council})]


@check("sender_not_council", {})
def sender_not_council(analysis: Analysis, params: dict[str, Any]) -> list[Hit]:
    draft = analysis.draft
    personal = draft.account != "council" or (draft.sender and not analysis.protocol.is_council_address(draft.sender))
    if draft.is_email and personal:
        return [Hit(confidence=0.9, evidence={"sender": draft.sender or draft.account})]
    return []


# --- profile and platform ----------------------------------------------------------------

_COUNCILLOR = re.compile(r"\b(?:cllr|councillor|council(?:lor)? member|ward member|member for|cabinet member|leader of)\b", re.I)


@check("bio_without_disclaimer", {"disclaimer"})
def bio_without_disclaimer(analysis: Analysis, params: dict[str, Any]) -> list[Hit]:
    bio = analysis.draft.bio
    if not bio or not _COUNCILLOR.search(bio):
        return []
    disclaimer = params.get("disclaimer") or {
        "patterns": [r"(?:views|opinions|tweets|posts)[^.]{0,40}\b(?:my own|mine|personal|not (?:necessarily )?(?:those|the views) of)"]
    }
    if matching.find_in_text(bio, disclaimer, analysis.protocol):
        return []
    return [Hit(confidence=0.9, evidence={"bio": bio})]


PLATFORM_LIMITS = {"twitter": 280, "instagram": 2200, "linkedin": 3000, "tiktok": 2200, "snapchat": 250, "facebook": 63206, "youtube": 5000}


@check("over_platform_limit", {"limits"})
def over_platform_limit(analysis: Analysis, params: dict[str, Any]) -> list[Hit]:
    draft = analysis.draft
    limits = {**PLATFORM_LIMITS, **(params.get("limits") or {})}
    if not draft.is_social or draft.platform not in limits:
        return []
    limit = int(limits[draft.platform])
    length = len(draft.text)
    if length <= limit:
        return []
    return [
        Hit(
            spans=[(limit, length)],
            confidence=1.0,
            facts={"length": length, "limit": limit, "platform": draft.platform},
            evidence={"length": length, "limit": limit},
        )
    ]
