"""Facebook "Download your information" exports (JSON format), as a folder or a zip.

Posts live in ``your_activity_across_facebook/posts/`` as
``your_posts__check_ins__photos_and_videos_1.json`` (exports since 2022) or
``posts/your_posts_1.json`` (older), with ``_2``, ``_3``… for long histories. Each post is
``{"timestamp": …, "data": [{"post": "…"}], "attachments": […]}``.

Facebook writes every non-ASCII character as its UTF-8 bytes, each escaped as a
separate "\\u00XX" (so "café" arrives as "cafÃ©"). ``fix_mojibake`` turns such strings
back into the text that was posted.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..items import ParseContext, ParsedMessage, RawItem, SkipMessage, Skipped
from . import Importer, register
from .jsarchive import ArchiveTree, zip_names

NAME = "facebook"
_POSTS_FILE = re.compile(r"(?:^|/)(?:your_posts__check_ins__photos_and_videos|your_posts)_\d+\.json$")


def fix_mojibake(value: Any) -> Any:
    """Undo Facebook's latin-1 escaping of UTF-8, in strings nested anywhere."""
    if isinstance(value, str):
        try:
            return value.encode("latin-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return value  # already real text (a character above U+00FF), or not mojibake
    if isinstance(value, list):
        return [fix_mojibake(v) for v in value]
    if isinstance(value, dict):
        return {k: fix_mojibake(v) for k, v in value.items()}
    return value


def is_posts_file(name: str) -> bool:
    return bool(_POSTS_FILE.search(name))


def looks_like_dir(path: Path) -> bool:
    return (path / "your_activity_across_facebook").is_dir() or any((path / "posts").glob("your_posts*.json"))


def looks_like_zip(path: Path) -> bool:
    return any(is_posts_file(n) for n in zip_names(path))


def _posts(path: Path) -> Iterator[tuple[str, list[Any]] | Skipped]:
    archive = str(path)
    if path.is_file() and path.suffix == ".json":
        sources: list[tuple[str, bytes | None]] = [(path.name, None)]
        tree = None
    else:
        tree = ArchiveTree(path)
        sources = [(n, None) for n in tree.names() if is_posts_file(n)]
        if not sources:
            tree.close()
            yield Skipped(
                f"{archive}#archive",
                archive,
                NAME,
                "archive",
                "no posts file (your_posts_1.json) in this export",
            )
            return
    try:
        for name, _ in sources:
            data = path.read_bytes() if tree is None else tree.read(name)
            try:
                posts = json.loads(data.decode("utf-8-sig"))
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                yield Skipped(f"{archive}#{name}", archive, NAME, name, f"damaged JSON ({exc})")
                continue
            if isinstance(posts, dict):  # some export versions wrap the list in an object
                posts = next((v for v in posts.values() if isinstance(v, list)), None)
            if not isinstance(posts, list):
                yield Skipped(f"{archive}#{name}", archive, NAME, name, "expected a list of posts")
                continue
            yield name, posts
    finally:
        if tree is not None:
            tree.close()


def count(path: Path) -> int:
    return sum(len(p[1]) for p in _posts(path) if not isinstance(p, Skipped))


def split(path: Path) -> Iterator[RawItem | Skipped]:
    archive = str(path)
    for entry in _posts(path):
        if isinstance(entry, Skipped):
            yield entry
            continue
        name, posts = entry
        for index, post in enumerate(posts):
            key = f"{archive}#{name}:{index}"
            locator = f"{name} post {index + 1}"
            if not isinstance(post, dict):
                yield Skipped(key, archive, NAME, locator, "not a post object")
                continue
            yield RawItem(key, archive, NAME, locator, post, size=len(json.dumps(post)))


def parse(item: RawItem, ctx: ParseContext) -> ParsedMessage:
    post = fix_mojibake(item.payload)
    texts = [d["post"] for d in post.get("data") or [] if isinstance(d, dict) and isinstance(d.get("post"), str)]
    text = "\n\n".join(t for t in texts if t.strip())
    if not text.strip():
        raise SkipMessage("post has no text of the member's own (a photo, check-in or share)")
    images = []
    for attachment in post.get("attachments") or []:
        for entry in (attachment or {}).get("data") or []:
            media = (entry or {}).get("media") if isinstance(entry, dict) else None
            if isinstance(media, dict) and media.get("uri"):
                images.append({"source": "upload:" + str(media["uri"])})
    draft: dict[str, Any] = {
        "id": item.key,
        "text": text,
        "channel": "social",
        "platform": "facebook",
        "account": ctx.social_account,
        "images": images,
    }
    timestamp = post.get("timestamp")
    if isinstance(timestamp, int | float) and not isinstance(timestamp, bool):
        draft["sent_at"] = datetime.fromtimestamp(timestamp, UTC).isoformat()
    if ctx.author:
        draft["author"] = ctx.author
    return ParsedMessage(draft=draft)


register(
    Importer("facebook", "a Facebook 'Download your information' export (JSON)", split=split, count=count, parse=parse)
)
