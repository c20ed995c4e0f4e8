"""Detector type ``context``: what the draft's fields say, not its words.

params: ``check`` names one of the checks below; the rest are that check's options.
Each check is a small function of the draft; rules choose one and set its options.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any
from urllib.parse import urlparse

from ..text import Analysis
from ..vocabulary import platform_label
from . import matching
from .base import Hit, check_keys

Check = Callable[[Analysis, dict[str, Any]], list[Hit]]
# What is wrong with one entry of a list (None: nothing).
EntryProblem = Callable[[Any], str | None]


@dataclass(frozen=True)
class PackList:
    """A list a check reads from its rule's params: data that a council keeps in its pack
    (and may change there), never a constant in this module. Required, and checked entry
    by entry when the pack loads; the rule pages list it (ruledocs.py)."""

    title: str
    entry: EntryProblem | None = None  # None: a match spec (terms, lexicons, patterns)


CHECKS: dict[str, tuple[Check, set[str], dict[str, PackList]]] = {}


def check(
    name: str, options: set[str] | None = None, lists: dict[str, PackList] | None = None
) -> Callable[[Check], Check]:
    def register(fn: Check) -> Check:
        CHECKS[name] = (fn, set(options or ()), dict(lists or {}))
        return fn

    return register


def validate(params: dict[str, Any]) -> list[str]:
    name = params.get("check")
    if name not in CHECKS:
        return [f"check must be one of {', '.join(sorted(CHECKS))}"]
    _, options, lists = CHECKS[name]
    problems = check_keys(params, {"check", "confidence", *options, *lists}, set(lists))
    for key, kind in lists.items():
        if key in params:
            problems += _list_problems(key, params[key], kind)
    return problems


def _list_problems(key: str, value: Any, kind: PackList) -> list[str]:
    if kind.entry is None:
        return matching.validate_spec(value, key)
    if not isinstance(value, list) or not value:
        return [f"{key} must be a non-empty list"]
    return [f"{key}: {problem}" for problem in map(kind.entry, value) if problem]


def pack_lists(params: dict[str, Any]) -> list[tuple[str, str, Any]]:
    """(option, title, value) of each list a context check's params hold, for the docs."""
    entry = CHECKS.get(params.get("check", ""))
    if entry is None:
        return []
    return [(key, kind.title, params[key]) for key, kind in entry[2].items() if key in params]


def detect(analysis: Analysis, params: dict[str, Any]) -> list[Hit]:
    fn, _, _ = CHECKS[params["check"]]
    hits = fn(analysis, params)
    if "confidence" in params:
        for hit in hits:
            hit.confidence = float(params["confidence"])
    return hits


_EXTENSION = re.compile(r"[a-z0-9]+")
# Anchored at both ends: it validates a whole pack entry, and searched through text it
# still fails at once wherever it does not start (linear, as every detector regex must be).
_DOMAIN = re.compile(r"\A[a-z0-9-]+(?:\.[a-z0-9-]+)+\Z")


def _extension(value: Any) -> str | None:
    if isinstance(value, str) and _EXTENSION.fullmatch(value):
        return None
    return f"{value!r} is not a file extension: write it in lower case without the dot ('exe', not '.EXE')"


def _domain_name(value: Any) -> str | None:
    if isinstance(value, str) and _DOMAIN.match(value):
        return None
    return f"{value!r} is not a domain name: write it in lower case, without www. or a path ('alamy.com')"


# --- attachments --------------------------------------------------------------------

# Content types that run code whatever the file is called: MIME's own names, the same for
# every council. Which extensions are risky, and which are documents (for "invoice.pdf.exe"),
# is the pack's: the malware-risk rule's ``extensions`` and ``document_extensions``.
RISKY_CONTENT_TYPES = re.compile(
    r"macroenabled|x-msdownload|x-msdos-program|x-ms-installer|x-sh\b|javascript|x-vbscript|java-archive|x-executable"
)


@check(
    "risky_attachments",
    lists={
        "extensions": PackList("Extensions of files that can run code when opened", _extension),
        "document_extensions": PackList("Extensions of documents (a second extension after one hides it)", _extension),
    },
)
def risky_attachments(analysis: Analysis, params: dict[str, Any]) -> list[Hit]:
    risky_extensions = set(params["extensions"])
    documents = set(params["document_extensions"])
    risky = []
    for attachment in analysis.draft.attachments:
        name = attachment.name.strip().lower().rstrip(". ")
        parts = name.rsplit("/", 1)[-1].split(".")
        ext = parts[-1] if len(parts) > 1 else ""
        # "invoice.pdf.exe": a document's extension hiding the real one.
        double = len(parts) > 2 and parts[-2] in documents and ext not in documents
        if ext in risky_extensions or double or RISKY_CONTENT_TYPES.search(attachment.content_type.lower()):
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

# Stock libraries name their downloads after themselves ("shutterstock_1234.jpg",
# "GettyImages-98765.jpg"), so an uploaded file can still say where it came from.
STOCK_FILE_NAMES = re.compile(
    r"(?:^|[/:_\-])(?:shutterstock|gettyimages|istock(?:photo)?|adobestock|alamy|dreamstime|"
    r"depositphotos|bigstock|123rf)[_-]?\d",
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


@check(
    "image_sources",
    lists={
        "domains": PackList("Stock libraries and news sites (an image's address on one of these)", _domain_name),
        # A credit naming a picture agency says who owns the image, not that it may be used.
        "agency_credit": PackList("Credits that name a picture agency or a newspaper"),
    },
)
def image_sources(analysis: Analysis, params: dict[str, Any]) -> list[Hit]:
    """Images from stock libraries or news sites (by URL, stock file name or agency
    credit) whose credit does not record permission to use them."""
    domains = set(params["domains"])

    def agency(credit: str) -> bool:
        return bool(credit) and bool(matching.find_in_text(credit, params["agency_credit"], analysis.protocol))

    flagged = []
    for image in analysis.draft.images:
        if PERMISSION_WORDS.search(image.credit):
            continue
        if image.source.startswith("upload:"):
            name = image.source.removeprefix("upload:")
            if STOCK_FILE_NAMES.search(name):
                flagged.append(name)
            elif agency(image.credit):
                flagged.append(image.credit)
            continue
        host = _domain(image.source)
        if any(host == d or host.endswith("." + d) for d in domains):
            flagged.append(host)
        elif agency(image.credit):
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
    council = [a for a in analysis.draft.recipients.all() if protocol.is_council_address(a, analysis.draft.sender)]
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


@check("bio_without_disclaimer", lists={"disclaimer": PackList("Disclaimers (the views are the councillor's own)")})
def bio_without_disclaimer(analysis: Analysis, params: dict[str, Any]) -> list[Hit]:
    """A profile bio that identifies the author as a councillor but does not say the
    views are their own rather than the Council's (SM.official-capacity)."""
    bio = analysis.draft.bio
    if not bio or not _COUNCILLOR.search(bio):
        return []
    if matching.find_in_text(bio, params["disclaimer"], analysis.protocol):
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
                "platform_name": platform_label(str(draft.platform)),  # a limit is known, so a platform is
                # the rule file's word on the platform (the protocol's 2018 text may be out of
                # date), as a sentence and its space, or nothing
                "note": f"{note} " if (note := str((params.get("notes") or {}).get(draft.platform, ""))) else "",
            },
            evidence={"length": length, "limit": limit},
        )
    ]
