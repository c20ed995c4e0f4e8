"""X (Twitter) archives: the official "Download an archive of your data" zip, the
folder it unpacks to, or its ``data/tweets.js`` alone.

``tweets.js`` is JavaScript, not JSON: ``window.YTD.tweets.part0 = [ {"tweet": {…}}, … ]``
(older downloads call it ``tweet.js`` and ``window.YTD.tweet.part0``; big accounts get
``tweets-part1.js``…). Everything after the first "=" is JSON. ``account.js`` gives the
handle and ``profile.js`` the bio, which the checker reads for the disclaimer rule.
Tweet text is HTML-escaped in the archive ("&amp;"), so it is unescaped here.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from ..items import ParseContext, ParsedMessage, RawItem, SkipMessage, Skipped
from . import Importer, register
from .jsarchive import ArchiveTree, zip_names

NAME = "twitter"
_TWEET_FILES = re.compile(r"(?:^|/)(?:data/)?tweets?(?:-part\d+)?\.js$")


class NotAnArchive(ValueError):
    pass


def is_tweet_file(name: str) -> bool:
    return bool(_TWEET_FILES.search(name))


def looks_like_dir(path: Path) -> bool:
    return (path / "data" / "tweets.js").is_file() or (path / "data" / "tweet.js").is_file()


def looks_like_zip(path: Path) -> bool:
    return any(is_tweet_file(n) for n in zip_names(path))


def looks_like(head: bytes) -> bool:
    return head.lstrip().startswith(b"window.YTD.")


def read_ytd(data: bytes, name: str) -> Any:
    """The JSON value assigned in a ``window.YTD.*.partN = …`` file."""
    text = data.decode("utf-8-sig", errors="replace")
    if not text.lstrip().startswith("window.YTD.") or "=" not in text:
        raise NotAnArchive(f"{name} does not start with window.YTD.…= (not an X archive file)")
    try:
        return json.loads(text.split("=", 1)[1].strip().rstrip(";"))
    except json.JSONDecodeError as exc:
        raise NotAnArchive(f"{name}: damaged JSON at line {exc.lineno} column {exc.colno}") from None


def _account_context(tree: ArchiveTree, names: list[str]) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for name in names:
        base = name.rsplit("/", 1)[-1]
        try:
            if base == "account.js":
                account = read_ytd(tree.read(name), name)[0]["account"]
                context["handle"] = "@" + account.get("username", "")
                context["display_name"] = account.get("accountDisplayName", "")
            elif base == "profile.js":
                profile = read_ytd(tree.read(name), name)[0]["profile"]
                context["bio"] = (profile.get("description") or {}).get("bio", "")
        except (NotAnArchive, KeyError, IndexError, TypeError):
            continue  # the handle and bio are helpful context, not required
    return context


def _tweets(path: Path) -> Iterator[tuple[str, list[Any], dict[str, Any]] | Skipped]:
    archive = str(path)
    if path.is_file() and path.suffix == ".js":
        context: dict[str, Any] = {}
        try:
            yield path.name, read_ytd(path.read_bytes(), path.name), context
        except NotAnArchive as exc:
            yield Skipped(f"{archive}#file", archive, NAME, path.name, str(exc))
        return
    with ArchiveTree(path) as tree:
        names = list(tree.names())
        context = _account_context(tree, names)
        found = False
        for name in names:
            if not is_tweet_file(name):
                continue
            found = True
            try:
                tweets = read_ytd(tree.read(name), name)
            except NotAnArchive as exc:
                yield Skipped(f"{archive}#{name}", archive, NAME, name, str(exc))
                continue
            if not isinstance(tweets, list):
                yield Skipped(f"{archive}#{name}", archive, NAME, name, "expected a list of tweets")
                continue
            yield name, tweets, context
        if not found:
            yield Skipped(f"{archive}#archive", archive, NAME, "archive", "no data/tweets.js in this archive")


def count(path: Path) -> int:
    return sum(len(t[1]) for t in _tweets(path) if not isinstance(t, Skipped))


def split(path: Path) -> Iterator[RawItem | Skipped]:
    archive = str(path)
    for entry in _tweets(path):
        if isinstance(entry, Skipped):
            yield entry
            continue
        name, tweets, context = entry
        for index, wrapper in enumerate(tweets):
            tweet = wrapper.get("tweet", wrapper) if isinstance(wrapper, dict) else None
            tweet_id = str(tweet.get("id_str") or tweet.get("id") or "") if isinstance(tweet, dict) else ""
            locator = f"tweet {tweet_id}" if tweet_id else f"{name} item {index}"
            key = f"{archive}#{tweet_id or f'{name}:{index}'}"
            if not isinstance(tweet, dict):
                yield Skipped(key, archive, NAME, locator, "not a tweet object")
                continue
            yield RawItem(
                key,
                archive,
                NAME,
                locator,
                tweet,
                size=len(str(tweet.get("full_text", ""))),
                context=context,
            )


def _created_at(value: str) -> str | None:
    for pattern in ("%a %b %d %H:%M:%S %z %Y", "%Y-%m-%dT%H:%M:%S.%f%z", "%Y-%m-%dT%H:%M:%S%z"):
        try:
            return datetime.strptime(value.replace("Z", "+0000"), pattern).isoformat()
        except ValueError:
            continue
    return None


def parse(item: RawItem, ctx: ParseContext) -> ParsedMessage:
    tweet = item.payload
    text = html.unescape(str(tweet.get("full_text") or tweet.get("text") or ""))
    if not text.strip():
        raise SkipMessage("tweet has no text")
    notes: list[str] = []
    sent_at = _created_at(str(tweet.get("created_at", "")))
    if tweet.get("created_at") and not sent_at:
        notes.append(f"unreadable created_at {tweet.get('created_at')!r}")
    media = (tweet.get("extended_entities") or tweet.get("entities") or {}).get("media") or []
    images = [
        {"source": m.get("media_url_https") or m.get("media_url")}
        for m in media
        if isinstance(m, dict) and (m.get("media_url_https") or m.get("media_url"))
    ]
    draft: dict[str, Any] = {
        "id": item.key,
        "text": text,
        "channel": "social",
        "platform": "twitter",
        "account": ctx.social_account,
        "images": images,
    }
    if item.context.get("handle"):
        draft["sender"] = item.context["handle"]
    if item.context.get("bio"):
        draft["bio"] = item.context["bio"]
    if sent_at:
        draft["sent_at"] = sent_at
    if ctx.author:
        draft["author"] = ctx.author
    if text.startswith("RT @"):
        notes.append("a repost (retweet) of someone else's post")
    if tweet.get("in_reply_to_screen_name"):
        notes.append(f"a reply to @{tweet['in_reply_to_screen_name']}")
    return ParsedMessage(
        draft=draft,
        message_id=str(tweet.get("id_str") or ""),
        from_name=item.context.get("display_name", ""),
        notes=notes,
    )


register(
    Importer("twitter", "an X/Twitter archive (zip, folder or data/tweets.js)", split=split, count=count, parse=parse)
)
