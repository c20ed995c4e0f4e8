"""Comments that other people leave on a councillor's page, read from platform exports.

The Social Media protocol makes the councillor answerable for them: "you will need to
monitor, and if necessary, censor the contributions that other people make to your
site ... Defamatory and offensive language will be attributed to the publisher", and on
Twitter "you can block people who are habitually offensive or vexatious".

Two sources are read, as a zip, an unpacked folder, or the one file:

* a Facebook export's comments files (``comments*.json``): Facebook's own shape,
  ``{"comments_v2": [{"timestamp": ..., "data": [{"comment": {"comment": text,
  "author": name, "timestamp": ...}}], "title": "..."}]}``, with its latin-1 escaping
  of UTF-8 undone as the archive importer does. Comments written by the page itself
  (its own name as author) are left out.
* replies to the councillor on X: the archive's ``window.YTD.*`` files, or the X API's
  JSON (``{"data": [...], "includes": {"users": [...]}}``), keeping tweets whose author
  is not the councillor. (A personal X archive holds only its owner's own tweets; the
  replies others wrote come from the API's conversation search, saved as JSON.)

The checker then reads each comment; ``flagged`` keeps those with a defamation or
offensive-content finding, and ``repeat_offenders`` names the authors of two or more.
"""

from __future__ import annotations

import html
import json
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from councilguard.archive.importers.facebook import fix_mojibake
from councilguard.archive.importers.jsarchive import ArchiveTree
from councilguard.archive.importers.twitter import NotAnArchive, read_ytd

# The rules whose findings mean "remove this comment" (and which count towards blocking).
MODERATION_RULES = ("defamation-risk", "offensive-content", "personal-attack", "indecent-or-illegal")
REPEAT_OFFENDER_AT = 2
MAX_COMMENTS = 20_000


class ExportError(ValueError):
    """The file is not an export this module can read (the message says why)."""


@dataclass(frozen=True)
class PageComment:
    platform: str
    author: str
    text: str
    posted_at: str | None  # ISO 8601, UTC
    locator: str  # where in the export, for the reader
    on: str = ""  # what it was left on ("Cllr Patel's post", "reply to @CllrPatel")


@dataclass
class ImportResult:
    platform: str
    comments: list[PageComment] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    own_left_out: int = 0


def _iso(timestamp: Any) -> str | None:
    if isinstance(timestamp, int | float) and not isinstance(timestamp, bool) and timestamp > 0:
        return datetime.fromtimestamp(timestamp, UTC).isoformat()
    return None


def _x_time(value: Any) -> str | None:
    if not isinstance(value, str) or not value:
        return None
    for pattern in ("%a %b %d %H:%M:%S %z %Y", "%Y-%m-%dT%H:%M:%S.%f%z", "%Y-%m-%dT%H:%M:%S%z"):
        try:
            return datetime.strptime(value.replace("Z", "+0000"), pattern).astimezone(UTC).isoformat()
        except ValueError:
            continue
    return None


def _members(path: Path) -> Iterator[tuple[str, bytes]]:
    if path.is_file() and not zipfile.is_zipfile(path):
        yield path.name, path.read_bytes()
        return
    try:
        tree = ArchiveTree(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ExportError(f"{path.name} is not a zip file or folder ({exc})") from None
    with tree:
        for name in tree.names():
            yield name, tree.read(name)


def _same(a: str, b: str) -> bool:
    return " ".join(a.casefold().lstrip("@").split()) == " ".join(b.casefold().lstrip("@").split())


def _facebook_entries(data: Any) -> list[Any] | None:
    if isinstance(data, dict):
        for key in ("comments_v2", "comments"):
            if isinstance(data.get(key), list):
                return data[key]
        return None
    return data if isinstance(data, list) else None


def read_facebook(path: Path, page_names: Sequence[str] = ()) -> ImportResult:
    """Others' comments from a Facebook export; ``page_names`` are the page's own names."""
    result = ImportResult("facebook")
    found = False
    single = path.is_file() and not zipfile.is_zipfile(path)  # the comments file itself, whatever its name
    for name, raw in _members(path):
        base = name.rsplit("/", 1)[-1]
        if not single and not (base.startswith("comments") and base.endswith(".json")):
            continue
        try:
            data = fix_mojibake(json.loads(raw.decode("utf-8-sig")))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            result.problems.append(f"{name}: damaged JSON ({exc})")
            continue
        entries = _facebook_entries(data)
        if entries is None:
            result.problems.append(f"{name}: no list of comments (expected comments_v2)")
            continue
        found = True
        for index, entry in enumerate(entries):
            if not isinstance(entry, dict):
                continue
            for item in entry.get("data") or []:
                comment = item.get("comment") if isinstance(item, dict) else None
                if not isinstance(comment, dict) or not str(comment.get("comment") or "").strip():
                    continue
                author = str(comment.get("author") or "").strip() or "Unknown"
                if any(_same(author, own) for own in page_names if own):
                    result.own_left_out += 1
                    continue
                result.comments.append(
                    PageComment(
                        platform="facebook",
                        author=author,
                        text=str(comment["comment"]).strip(),
                        posted_at=_iso(comment.get("timestamp") or entry.get("timestamp")),
                        locator=f"{name} comment {index + 1}",
                        on=str(entry.get("title") or ""),
                    )
                )
                if len(result.comments) >= MAX_COMMENTS:
                    result.problems.append(f"only the first {MAX_COMMENTS} comments were read")
                    return result
    if not found:
        raise ExportError("; ".join(result.problems) or "no comments file (comments.json) in this Facebook export")
    return result


def _tweets_of(name: str, raw: bytes) -> tuple[list[dict], dict[str, str]] | None:
    """Tweets in a file, and the API's user ids -> usernames; None if it holds none."""
    text = raw.decode("utf-8-sig", errors="replace").lstrip()
    if text.startswith("window.YTD."):
        try:
            items = read_ytd(raw, name)
        except NotAnArchive:
            return None
        tweets = [i.get("tweet", i) for i in items if isinstance(i, dict)] if isinstance(items, list) else []
        return [t for t in tweets if isinstance(t, dict)], {}
    if name.endswith(".json"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            return None
        if isinstance(data, dict) and isinstance(data.get("data"), list):
            users = {
                str(u.get("id")): str(u.get("username"))
                for u in (data.get("includes") or {}).get("users") or []
                if isinstance(u, dict)
            }
            return [t for t in data["data"] if isinstance(t, dict)], users
    return None


def _x_author(tweet: Mapping[str, Any], users: Mapping[str, str]) -> str:
    user = tweet.get("user")
    if isinstance(user, dict) and user.get("screen_name"):
        return "@" + str(user["screen_name"]).lstrip("@")
    for key in ("author_screen_name", "author", "username"):
        if tweet.get(key):
            return "@" + str(tweet[key]).lstrip("@")
    if str(tweet.get("author_id", "")) in users:
        return "@" + users[str(tweet["author_id"])]
    return ""


def read_x(path: Path, own_handles: Sequence[str] = ()) -> ImportResult:
    """Replies others wrote, from X files; tweets by ``own_handles`` are left out."""
    result = ImportResult("twitter")
    found = False
    for name, raw in _members(path):
        if not (name.endswith(".js") or name.endswith(".json")):
            continue
        parsed = _tweets_of(name, raw)
        if parsed is None:
            continue
        tweets, users = parsed
        for index, tweet in enumerate(tweets):
            text = str(tweet.get("full_text") or tweet.get("text") or "").strip()
            author = _x_author(tweet, users)
            if not text:
                continue
            found = True
            if not author or any(_same(author, own) for own in own_handles if own):
                result.own_left_out += 1
                continue
            reply_to = tweet.get("in_reply_to_screen_name")
            result.comments.append(
                PageComment(
                    platform="twitter",
                    author=author,
                    text=html.unescape(text),
                    posted_at=_x_time(tweet.get("created_at")),
                    locator=f"{name} tweet {tweet.get('id_str') or tweet.get('id') or index + 1}",
                    on=f"reply to @{reply_to}" if reply_to else "",
                )
            )
            if len(result.comments) >= MAX_COMMENTS:
                result.problems.append(f"only the first {MAX_COMMENTS} replies were read")
                return result
    if not found:
        raise ExportError("no tweets in this file: expected an X archive (tweets.js) or the X API's JSON")
    return result


def read_export(path: Path, platform: str, own_names: Sequence[str] = ()) -> ImportResult:
    if platform == "facebook":
        return read_facebook(path, own_names)
    if platform == "twitter":
        return read_x(path, own_names)
    raise ExportError(f"cannot read exports from {platform!r}: choose Facebook or X")


def moderation_findings(findings: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The findings that mean the comment should come down."""
    return [f for f in findings if f.get("rule") in MODERATION_RULES]


def repeat_offenders(authors_of_flagged: Iterable[str], at: int = REPEAT_OFFENDER_AT) -> list[tuple[str, int]]:
    """Authors with ``at`` or more flagged comments, most first (then by name)."""
    counts = Counter(a for a in authors_of_flagged if a and a != "Unknown")
    return sorted(((a, n) for a, n in counts.items() if n >= at), key=lambda x: (-x[1], x[0].casefold()))
