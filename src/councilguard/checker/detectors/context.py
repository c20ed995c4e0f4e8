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
from ..vocabulary import platform_label
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
DOCUMENT_EXTENSIONS = {
    "pdf",
    "doc",
    "docx",
    "xls",
    "xlsx",
    "ppt",
    "pptx",
    "jpg",
    "jpeg",
    "png",
    "gif",
    "txt",
    "zip",
    "rtf",
    "csv",
}


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
    return [
        Hit(
            confidence=0.99,
            evidence={"attachments": risky},
            facts={"attachments": ", ".join(risky)},
        )
    ]


# --- images --------------------------------------------------------------------------

STOCK_AND_NEWS_DOMAINS = {
    "shutterstock.com", "gettyimages.com", "gettyimages.co.uk", "istockphoto.com", "alamy.com",
    "stock.adobe.com", "adobestock.com", "dreamstime.com", "depositphotos.com", "123rf.com",
    "bigstockphoto.com", "pond5.com", "agefotostock.com", "bbc.co.uk", "bbci.co.uk", "bbc.com",
    "theguardian.com", "guim.co.uk", "dailymail.co.uk", "thetimes.co.uk", "telegraph.co.uk",
    "independent.co.uk", "mirror.co.uk", "thesun.co.uk", "standard.co.uk", "reuters.com",
    "apnews.com", "pa.media", "paimages.co.uk", "romfordrecorder.co.uk", "newsquest.co.uk",
    "reachplc.com", "skynews.com", "news.sky.com", "itv.com", "mylondon.news", "ft.com",
    "express.co.uk", "metro.co.uk", "eveningstandard.co.uk", "yellowad.co.uk",
    # Google Images thumbnails: a picture lifted from a search result, owner unknown.
    "gstatic.com",
}  # fmt: skip
# Stock libraries name their downloads after themselves ("shutterstock_1234.jpg",
# "GettyImages-98765.jpg"), so an uploaded file can still say where it came from.
STOCK_FILE_NAMES = re.compile(
    r"(?:^|[/:_\-])(?:shutterstock|gettyimages|istock(?:photo)?|adobestock|alamy|dreamstime|"
    r"depositphotos|bigstock|123rf)[_-]?\d",
    re.I,
)
# A credit naming a picture agency says who owns the image, not that it may be used.
AGENCY_CREDIT = re.compile(
    r"getty|shutterstock|alamy|istock|adobe stock|reuters|\bpa\b|press association|\bap\b|"
    r"\bafp\b|dreamstime|bbc|romford recorder",
    re.I,
)
# What does record permission: a licence, a grant, the author's own picture.
PERMISSION_WORDS = re.compile(
    r"licen[cs]ed|licen[cs]e no|with (?:kind )?permission|permission (?:granted|given)|"
    r"courtesy of|creative commons|cc[ -]by|cc0|own photo|my own|taken by me|my photo|"
    r"public domain|open government licen[cs]e|\bogl\b|purchased|paid licen[cs]e",
    re.I,
)


def _domain(url: str) -> str:
    host = urlparse(url if "//" in url else "//" + url).hostname or ""
    return host.lower().removeprefix("www.")


@check("image_sources", {"domains"})
def image_sources(analysis: Analysis, params: dict[str, Any]) -> list[Hit]:
    """Images from stock libraries or news sites (by URL, stock file name or agency
    credit) whose credit does not record permission to use them."""
    domains = set(params.get("domains") or ()) | STOCK_AND_NEWS_DOMAINS
    flagged = []
    for image in analysis.draft.images:
        if PERMISSION_WORDS.search(image.credit):
            continue
        if image.source.startswith("upload:"):
            name = image.source.removeprefix("upload:")
            if STOCK_FILE_NAMES.search(name):
                flagged.append(name)
            elif AGENCY_CREDIT.search(image.credit):
                flagged.append(image.credit)
            continue
        host = _domain(image.source)
        if any(host == d or host.endswith("." + d) for d in domains):
            flagged.append(host)
        elif AGENCY_CREDIT.search(image.credit):
            flagged.append(image.credit)
    if not flagged:
        return []
    sources = sorted(set(flagged))
    return [
        Hit(
            confidence=0.85,
            evidence={"image_sources": sources},
            facts={"sources": ", ".join(sources)},
        )
    ]


# --- time and meetings ----------------------------------------------------------------


@check("during_meeting", {"grace_minutes"})
def during_meeting(analysis: Analysis, params: dict[str, Any]) -> list[Hit]:
    sent = analysis.draft.sent_at
    if sent is None:
        return []
    for meeting in analysis.draft.meetings_attending:
        if _comparable(meeting.start, sent) <= sent <= _comparable(meeting.end, sent):
            return [
                Hit(
                    confidence=0.95,
                    facts={"meeting": meeting.name},
                    evidence={"meeting": meeting.name},
                )
            ]
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
        return [
            Hit(
                confidence=0.6,
                facts={"time": sent.strftime("%H:%M")},
                evidence={"sent_at": sent.isoformat()},
            )
        ]
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


@check("sender_not_council")
def sender_not_council(analysis: Analysis, params: dict[str, Any]) -> list[Hit]:
    draft = analysis.draft
    personal = draft.account != "council" or (draft.sender and not analysis.protocol.is_council_address(draft.sender))
    if draft.is_email and personal:
        return [Hit(confidence=0.9, evidence={"sender": draft.sender or draft.account})]
    return []


# --- profile and platform ----------------------------------------------------------------

# A bio that says the author is a councillor: "Cllr", "Councillor for Gooshays", "Labour
# councillor", "Cabinet Member for Housing", "Leader of Havering Council".
_COUNCILLOR = re.compile(
    r"\b(?:cllr|councillor|council(?:lor)? member|ward member|member for \w+ ward|"
    r"cabinet member|lead member|portfolio holder|leader of (?:the )?(?:\w+ )?(?:council|"
    r"(?:\w+ )?(?:labour|conservative|lib(?:eral)? dem\w*|green|reform|residents'?|independent)"
    r"\w* group)|"
    r"(?:deputy )?(?:council )?leader,? \w+ (?:borough )?council|(?:deputy )?mayor of \w+)\b",
    re.I,
)
# "Views my own", "All views are my own", "Personal views, not those of Havering
# Council", "Posts do not represent the Council", "Writing in a personal capacity".
_DISCLAIMERS = [
    r"(?:views|opinions|tweets|posts|thoughts|comments)[^.|]{0,40}\b(?:my own|mine|personal|"
    r"not (?:necessarily )?(?:those|the views|the view|the opinions?) of|"
    r"(?:do|does|may) not (?:necessarily )?(?:represent|reflect)|"
    r"don'?t (?:necessarily )?(?:represent|reflect)|"
    r"not (?:the )?council'?s)",
    r"\b(?:my )?own views\b",
    r"\bpersonal (?:views|opinions|account|capacity)\b",
    r"\b(?:does|do|may) not (?:necessarily )?(?:represent|reflect|speak for) (?:the )?"
    r"(?:views of )?(?:\w+ )?(?:borough )?council",
    r"\bnot (?:an )?official (?:\w+ )?council (?:account|view|position)",
    r"\bnot speaking (?:for|on behalf of) (?:the )?(?:\w+ )?council",
]


@check("bio_without_disclaimer", {"disclaimer"})
def bio_without_disclaimer(analysis: Analysis, params: dict[str, Any]) -> list[Hit]:
    """A profile bio that identifies the author as a councillor but does not say the
    views are their own rather than the Council's (SM.official-capacity)."""
    bio = analysis.draft.bio
    if not bio or not _COUNCILLOR.search(bio):
        return []
    disclaimer = params.get("disclaimer") or {"patterns": _DISCLAIMERS}
    if matching.find_in_text(bio, disclaimer, analysis.protocol):
        return []
    # The example to copy is the member's own bio with the disclaimer added, so nobody is
    # shown another ward's councillor as the model.
    own = " ".join(bio.split())
    example = f"{own}{'' if own.endswith(('.', '!', '?')) else '.'} Views are my own, not the Council's."
    return [Hit(confidence=0.9, evidence={"bio": bio}, facts={"bio_with_disclaimer": example})]


@check("bio_names_councillor")
def bio_names_councillor(analysis: Analysis, params: dict[str, Any]) -> list[Hit]:
    """The account's bio presents the author as a councillor, so what it posts is read
    as official capacity (SM.official-capacity), disclaimer or not."""
    bio = analysis.draft.bio
    match = _COUNCILLOR.search(bio) if bio else None
    if match is None:
        return []
    return [Hit(confidence=0.8, evidence={"bio": match.group()})]


@check("council_account", {"channels"})
def council_account(analysis: Analysis, params: dict[str, Any]) -> list[Hit]:
    """Sent from the council address or a council-provided account; ``channels`` limits
    it (SM.do.5: posts on a council blog or page are made in official capacity)."""
    draft = analysis.draft
    channels = params.get("channels") or ["email", "social"]
    council = draft.account == "council" or bool(draft.sender and analysis.protocol.is_council_address(draft.sender))
    if council and draft.channel in channels:
        return [Hit(confidence=0.9, evidence={"account": "council"})]
    return []


# --- election imprints -------------------------------------------------------------------

# "Promoted by R. Hale on behalf of Anna Webb, 4 Station Road, Northvale NV1 1AA". The
# imprint must name the promoter AND give an address; a name alone is not an imprint.
_IMPRINT_START = re.compile(r"\b(?:printed,? )?(?:and )?(?:promoted|published)(?: and printed)? by\b", re.I)
_POSTCODE = re.compile(r"\b[a-z]{1,2}\d[a-z\d]?\s*\d[a-z]{2}\b", re.I)
_STREET = re.compile(
    r"\b\d+[a-z]?,?\s+(?:[a-z'-]+\s+){1,3}(?:road|rd|street|st|avenue|ave|lane|close|way|drive|"
    r"gardens|crescent|court|place|grove|rise|terrace|walk|mews|square|parade|hill|view|house|row|green)\b"
    r"|\bpo box \d+",
    re.I,
)


def imprint_in(text: str) -> re.Match[str] | None:
    """The first complete imprint in ``text``: "promoted by" followed, in the same
    paragraph, by a postcode or a street address."""
    for start in _IMPRINT_START.finditer(text):
        paragraph_end = text.find("\n\n", start.end())
        tail = text[start.end() : paragraph_end if paragraph_end != -1 else start.end() + 300][:300]
        if _POSTCODE.search(tail) or _STREET.search(tail):
            return start
    return None


@check("imprint_present")
def imprint_present(analysis: Analysis, params: dict[str, Any]) -> list[Hit]:
    """A complete imprint in the draft (signature included) or in the account's bio: the
    Electoral Commission accepts an imprint in a bio or pinned post when the platform
    leaves no room for it in the post."""
    draft = analysis.draft
    if imprint_in(draft.text) or (draft.bio and imprint_in(draft.bio)):
        return [Hit(confidence=1.0, evidence={"imprint": True})]
    return []


PLATFORM_LIMITS = {
    "twitter": 280,
    "instagram": 2200,
    "linkedin": 3000,
    "tiktok": 2200,
    "snapchat": 250,
    "facebook": 63206,
    "youtube": 5000,
}


@check("over_platform_limit", {"limits", "notes"})
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
            facts={
                "length": length,
                "limit": limit,
                "platform_name": platform_label(draft.platform),
                # the rule file's word on the platform (the protocol's 2018 text may be out of
                # date), as a sentence and its space, or nothing
                "note": f"{note} " if (note := str((params.get("notes") or {}).get(draft.platform, ""))) else "",
            },
            evidence={"length": length, "limit": limit},
        )
    ]
